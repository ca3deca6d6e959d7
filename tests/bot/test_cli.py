"""`touchpoint-bot` as a user runs it: a real process, real gunicorn, signed requests."""

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select

from storage.db import UnitOfWork, build_engine
from storage.models import Map
from tests.support.fake_slack import BOT_TOKEN, Failure
from tests.support.process import CLI, clean_env, start_bot
from tests.support.slack_driver import SIGNING_SECRET, SlackDriver


def _cli(*args: str, cwd: Path, **settings: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CLI, *args], cwd=cwd, env=clean_env(**settings), capture_output=True, text=True, timeout=60
    )


def test_run_with_part_of_the_slack_settings_names_each_one_missing_and_exits(tmp_path):
    # With no Slack setting at all, `run` serves the playground (tests/bot/playground/test_cli_playground.py).
    result = _cli("run", cwd=tmp_path, SLACK_CLIENT_SECRET="a-secret")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert any(line.strip().startswith("- SLACK_CLIENT_ID is not set") for line in lines)
    assert any(line.strip().startswith("- SLACK_SIGNING_SECRET is not set") for line in lines)
    assert "https://api.slack.com/apps" in result.stderr
    assert not list(tmp_path.iterdir())  # nothing created before the settings are right


def test_malformed_settings_are_named(tmp_path):
    result = _cli(
        "run",
        cwd=tmp_path,
        SLACK_BOT_TOKEN="xoxp-user-token",
        SLACK_SIGNING_SECRET="s",
        PORT="http",
        DATABASE_URL="not a url",
        LOG_LEVEL="chatty",
        SLACK_API_URL="ftp://x",
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for name in (
        "SLACK_BOT_TOKEN must start with 'xoxb-'",
        "PORT",
        "DATABASE_URL",
        "LOG_LEVEL",
        "SLACK_API_URL",
    ):
        assert name in result.stderr


def test_settings_come_from_a_dotenv_file(tmp_path):
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\n")
    result = _cli("run", cwd=tmp_path)
    assert "SLACK_BOT_TOKEN" not in result.stderr
    assert "SLACK_SIGNING_SECRET is not set" in result.stderr


@pytest.mark.parametrize("args", [[], ["run"], ["db"], ["db", "upgrade"]])
def test_every_command_has_help(tmp_path, args):
    result = _cli(*args, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: touchpoint-bot")


def test_db_upgrade_creates_the_tables_in_a_sqlite_file_by_default(tmp_path):
    result = _cli("db", "upgrade", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    database = tmp_path / "touchpoint.sqlite3"
    tables = set(inspect(create_engine(f"sqlite:///{database}")).get_table_names())
    assert {"maps", "touchpoints", "notes", "votes", "snapshots", "processed_requests"} <= tables


def test_a_token_slack_refuses_stops_start_up_clearly(tmp_path, fake_slack):
    fake_slack.fail("auth.test", Failure(error="invalid_auth"))
    result = _cli(
        "run",
        cwd=tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.url,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "invalid_auth" in result.stderr and "SLACK_BOT_TOKEN" in result.stderr


def test_run_serves_slack_over_http_with_gunicorn(tmp_path, database_url, fake_slack):
    bot = start_bot(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.url,
        DATABASE_URL=database_url,
    )
    try:
        driver = SlackDriver(bot.base_url + "/slack/events", fake_slack.response_url("cli"), slack=fake_slack)
        assert driver.command("new Checkout journey").status == 200
        [post] = fake_slack.wait_for("chat.postMessage")
        assert post.args["channel"] == "C0WORKSHOP"
        engine = build_engine(database_url)
        with UnitOfWork(engine)() as session:
            assert session.scalars(select(Map.title)).all() == ["Checkout journey"]
        engine.dispose()
    finally:
        log = bot.stop()
    assert "Starting gunicorn" in log
    assert "Traceback" not in log
