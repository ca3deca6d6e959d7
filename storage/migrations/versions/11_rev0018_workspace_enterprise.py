"""The Enterprise Grid org of each workspace (its E… id), so an org-wide install's token is found for the
workspaces of the org.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 18:47:44.854766
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("enterprise_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("enterprise_id")
