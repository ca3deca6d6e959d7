"""The database going away under a running `touchpoint-bot run`: a request whose connection drops in the
middle of its transaction changes nothing and the person is told; the next request works, and so does
every request once the database is back after an outage."""

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from storage.db import UnitOfWork, build_engine
from storage.migrate import upgrade
from storage.models import ProcessedRequest, Touchpoint
from tests.deployment.conftest import bot_settings, instance, say, settled_board
from tests.support.process import start_bot
from tests.support.tcp_proxy import TcpProxy

NOTHING_SAVED = "Something went wrong on my side and nothing was saved. Please try again in a moment."


@pytest.fixture
def proxy(shared_database: str) -> Iterator[TcpProxy]:
    url = make_url(shared_database)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    yield proxy
    proxy.stop()


def _through(proxy: TcpProxy, database_url: str) -> str:
    """`database_url` reached through the proxy, in plain text (so the proxy can see statements)."""
    url = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    return url.update_query_dict({"sslmode": "disable"}).render_as_string(hide_password=False)


def test_the_database_going_away_rolls_back_and_the_bot_recovers(
    fake_slack, shared_database, proxy, tmp_path
):
    upgrade(shared_database)
    bot = instance(
        start_bot(tmp_path, **bot_settings(fake_slack, _through(proxy, shared_database))), fake_slack
    )
    engine = build_engine(shared_database)  # the test's own view, not through the proxy
    uow = UnitOfWork(engine)

    def stored(model, *where) -> int:
        with uow() as session:
            return session.scalar(select(func.count()).select_from(model).where(*where))

    try:
        assert bot.driver.command("new Journey").status == 200
        ts = fake_slack.wait_for("chat.postMessage")[0].answer["ts"]
        say(bot, fake_slack, "stage add Visit")
        say(bot, fake_slack, "channel add Web")
        claimed = stored(ProcessedRequest)

        proxy.cut_on(b"INSERT INTO touchpoints")  # the connection drops halfway through the transaction
        assert say(bot, fake_slack, "add Visit / Web / Lost")["text"] == NOTHING_SAVED
        assert proxy.cuts == 1
        assert stored(Touchpoint) == 0
        assert stored(ProcessedRequest) == claimed  # the request's claim went with the rest
        assert say(bot, fake_slack, "add Visit / Web / Kept")["text"] == "Added “Kept” at Visit × Web."
        assert "1 touchpoint" in settled_board(fake_slack, ts)

        proxy.down()
        assert say(bot, fake_slack, "add Visit / Web / While down")["text"] == NOTHING_SAVED
        proxy.up()
        assert say(bot, fake_slack, "add Visit / Web / After")["text"] == "Added “After” at Visit × Web."

        with uow() as session:
            assert sorted(session.scalars(select(Touchpoint.title))) == ["After", "Kept"]
        assert "2 touchpoints" in settled_board(fake_slack, ts)
    finally:
        bot.process.stop()
        engine.dispose()
