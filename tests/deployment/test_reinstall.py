"""One workspace's bot, installed again after an uninstall: its maps are no longer due for deletion."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from storage.db import UnitOfWork, build_engine
from storage.models import Workspace
from storage.repositories import Maps
from storage.workspaces import Lifecycle
from tests.support.fake_slack import ALICE, BOT_TOKEN, TEAM_ID, WORKSHOP_CHANNEL
from tests.support.process import start_bot
from tests.support.slack_driver import SIGNING_SECRET


def test_starting_with_a_working_token_cancels_the_pending_deletion(tmp_path, database_url, fake_slack):
    engine = build_engine(database_url)
    with UnitOfWork(engine)() as session:
        Maps(session, TEAM_ID).add(channel_id=WORKSHOP_CHANNEL, title="Kept", language="en", created_by=ALICE)
        Lifecycle(session, TEAM_ID).uninstalled(datetime.now(UTC) - timedelta(days=10))

    bot = start_bot(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.url,
        DATABASE_URL=database_url,
    )
    bot.stop()

    with UnitOfWork(engine)() as session:
        assert session.scalar(select(Workspace.uninstalled_at).where(Workspace.team_id == TEAM_ID)) is None
        assert [m.title for m in Maps(session, TEAM_ID).in_channel(WORKSHOP_CHANNEL)] == ["Kept"]
    engine.dispose()
