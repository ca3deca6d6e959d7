"""Slack's answers about people (users.info) and channels' members (conversations.members), kept a while
and shared by every instance of the bot.

Revision ID: 0017
Revises: 1801
Create Date: 2026-12-04 18:23:56.321929
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "1801"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_answers",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "key", name=op.f("pk_slack_answers")),
    )


def downgrade() -> None:
    op.drop_table("slack_answers")
