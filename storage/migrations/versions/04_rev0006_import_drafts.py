"""Imports read and previewed, waiting to be confirmed.

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-23 23:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("map_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["map_id"], ["maps.id"], name=op.f("fk_import_drafts_map_id_maps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_drafts")),
    )
    with op.batch_alter_table("import_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_drafts_map_id"), ["map_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_drafts_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("import_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_drafts_team_id"))
        batch_op.drop_index(batch_op.f("ix_import_drafts_map_id"))
    op.drop_table("import_drafts")
