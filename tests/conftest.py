"""Shared fixtures: the fake Slack, a migrated database on each backend, and the bot served over HTTP."""

import os
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from hypothesis import HealthCheck, settings
from slack_bolt import App
from sqlalchemy import Engine

from bot.app import build_runtime, create_app, stop_app
from bot.config import Settings
from bot.server import EVENTS_PATH, wsgi_app
from storage.db import UnitOfWork, build_engine
from storage.migrate import upgrade
from tests.support.clock import ManualClock
from tests.support.database import postgres_database, sqlite_database
from tests.support.fake_slack import BOT_TOKEN, FakeSlack
from tests.support.slack_driver import SIGNING_SECRET, SlackDriver
from tests.support.threads import no_thread_outlives_its_module, no_thread_outlives_its_test  # noqa: F401

# Property tests (the hostile-input suite): each test asks for a modest number of examples
# (tests.support.hostile.examples), so the suite's time stays bounded; `HYPOTHESIS_PROFILE=deep` asks for
# 20 times as many, to search by hand. CI runs derandomized (the same examples every run). Requests over
# loopback vary in speed, hence no deadline; end-to-end tests reuse one app per module on purpose.
settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile("ci", settings.get_profile("default"), derandomize=True, database=None)
settings.register_profile("deep", settings.get_profile("default"), max_examples=2000)  # 20 × 100
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()
    assert not fake.rejected, f"the bot made calls Slack would refuse: {fake.rejected}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    database = sqlite_database(tmp_path) if request.param == "sqlite" else postgres_database()
    with database as url:
        upgrade(url)
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = build_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def uow(engine: Engine) -> UnitOfWork:
    return UnitOfWork(engine)


def settings_for(database_url: str, fake: FakeSlack, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "bot_token": BOT_TOKEN,
        "signing_secret": SIGNING_SECRET,
        "app_token": None,
        "database_url": database_url,
        "slack_api_url": fake.url,
        "port": 3000,
        "log_level": "DEBUG",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = False  # closing the server waits for the requests under way (their acks)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@dataclass
class RunningBot:
    url: str
    driver: SlackDriver


@pytest.fixture
def clock() -> ManualClock:
    """The time the bot's core sees, set by the test."""
    return ManualClock()


@contextmanager
def served(app: App) -> Iterator[str]:
    """`app` served over HTTP on loopback, as `touchpoint-bot run` serves it; yields its base URL."""
    server = make_server(
        "127.0.0.1",
        0,
        wsgi_app(app, SIGNING_SECRET),
        server_class=_ThreadingWSGIServer,
        handler_class=_QuietHandler,
    )
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def bot(database_url: str, fake_slack: FakeSlack, clock: ManualClock) -> Iterator[RunningBot]:
    """The real app, served over HTTP on loopback, talking to the fake Slack, on the test's clock."""
    settings = settings_for(database_url, fake_slack)
    runtime = build_runtime(settings, clock)
    app = create_app(settings, clock, runtime)
    try:
        with served(app) as url:
            yield RunningBot(
                url, SlackDriver(url + EVENTS_PATH, fake_slack.response_url("command"), slack=fake_slack)
            )
    finally:
        stop_app(app, runtime.workshop)  # the work after acks ends while the fake Slack it calls still runs
