"""A version on each map, bumped by every change to it, so instances can tell a stale board apart.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("maps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("board_version", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("maps", schema=None) as batch_op:
        batch_op.drop_column("board_version")
