"""The board's refresh across instances: the version a map's board shows, and until when an instance holds
it to update it (storage/boards.py).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 07:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("maps") as batch:
        batch.add_column(sa.Column("board_shown", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("board_claimed_until", sa.Double(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("maps") as batch:
        batch.drop_column("board_claimed_until")
        batch.drop_column("board_shown")
