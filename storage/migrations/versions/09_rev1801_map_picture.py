"""The map's picture last shared in its channel (its Slack file id), shown inline on the board.

Revision ID: 1801
Revises: 0009
Create Date: 2026-12-04 18:29:04.164975
"""

import sqlalchemy as sa
from alembic import op

revision = "1801"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("maps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("picture_file_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("maps", schema=None) as batch_op:
        batch_op.drop_column("picture_file_id")
