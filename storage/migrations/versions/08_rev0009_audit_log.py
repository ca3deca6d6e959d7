"""The audit log: maps deleted, stages and channels removed with their touchpoints, facilitators added or
taken over by a workspace admin. An entry outlives its map (map_id set to NULL).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 08:08:57.311854
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("map_id", sa.Integer(), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["map_id"], ["maps.id"], name=op.f("fk_audit_entries_map_id_maps"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entries_channel_id"), ["channel_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entries_map_id"), ["map_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entries_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entries_team_id"))
        batch_op.drop_index(batch_op.f("ix_audit_entries_map_id"))
        batch_op.drop_index(batch_op.f("ix_audit_entries_channel_id"))
    op.drop_table("audit_entries")
