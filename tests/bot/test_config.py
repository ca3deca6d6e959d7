"""Settings: each problem named on its own line, with where to find the value."""

import pytest

from bot.config import DEFAULT_SLACK_API_URL, ConfigError, OAuth, load_environment, load_settings
from storage.cipher import new_key

GOOD = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "secret"}
KEYS = f"{new_key()},{new_key()}"
OAUTH = {
    "SLACK_CLIENT_ID": "1111.2222",
    "SLACK_CLIENT_SECRET": "client-secret",
    "SLACK_SIGNING_SECRET": "secret",
    "TOUCHPOINT_ENCRYPTION_KEY": KEYS,
}


def test_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings(GOOD)
    assert settings.database_url == f"sqlite:///{tmp_path / 'touchpoint.sqlite3'}"
    assert (settings.port, settings.log_level, settings.slack_api_url) == (
        3000,
        "INFO",
        DEFAULT_SLACK_API_URL,
    )
    assert not settings.socket_mode


def test_socket_mode_needs_no_signing_secret():
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert settings.socket_mode and settings.signing_secret is None


def test_api_url_gets_its_trailing_slash():
    assert load_settings({**GOOD, "SLACK_API_URL": "http://127.0.0.1:9/api"}).slack_api_url == (
        "http://127.0.0.1:9/api/"
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, ["SLACK_BOT_TOKEN is not set", "SLACK_SIGNING_SECRET is not set"]),
        ({**GOOD, "SLACK_APP_TOKEN": "xoxb-wrong"}, ["SLACK_APP_TOKEN must start with 'xapp-'"]),
        ({**GOOD, "PORT": "70000"}, ["PORT must be a TCP port number"]),
        ({**GOOD, "PORT": "-1"}, ["PORT must be a TCP port number"]),
        ({**GOOD, "DATABASE_URL": "::nonsense::"}, ["DATABASE_URL is not a database URL"]),
        ({**GOOD, "LOG_LEVEL": "loud"}, ["LOG_LEVEL must be one of"]),
        ({**GOOD, "DATA_RETENTION_DAYS": "forever"}, ["DATA_RETENTION_DAYS must be a whole number"]),
        (
            {"SLACK_CLIENT_ID": "1111.2222", "SLACK_SIGNING_SECRET": "secret"},
            ["SLACK_CLIENT_SECRET is not set", "TOUCHPOINT_ENCRYPTION_KEY is not set"],
        ),
        (
            {**OAUTH, "TOUCHPOINT_ENCRYPTION_KEY": "hunter2"},
            ["TOUCHPOINT_ENCRYPTION_KEY must be Fernet keys"],
        ),
        ({**OAUTH, "SLACK_APP_TOKEN": "xapp-1"}, ["SLACK_APP_TOKEN is set, but installing by OAuth"]),
        ({**OAUTH, "SLACK_REDIRECT_URI": "http://x/"}, ["SLACK_REDIRECT_URI must be an https URL"]),
    ],
)
def test_each_problem_is_one_line_naming_the_setting(env, named):
    with pytest.raises(ConfigError) as raised:
        load_settings(env)
    assert len(raised.value.problems) == len(named)
    for problem, expected in zip(raised.value.problems, named, strict=True):
        assert problem.startswith(expected)
        assert "\n" not in problem


def test_client_settings_without_a_bot_token_install_by_oauth():
    settings = load_settings(OAUTH)
    assert settings.bot_token is None and settings.retention_days == 14
    assert settings.oauth == OAuth("1111.2222", "client-secret", tuple(KEYS.split(",")))


def test_a_bot_token_keeps_one_workspace_even_beside_client_settings():
    assert load_settings({**OAUTH, **GOOD}).oauth is None


def test_environment_wins_over_dotenv(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("SLACK_BOT_TOKEN=xoxb-file\nPORT=4000\n")
    values = load_environment({"PORT": "5000"}, dotenv)
    assert (values["SLACK_BOT_TOKEN"], values["PORT"]) == ("xoxb-file", "5000")


def test_the_reminder_floor_is_one_a_day_unless_set():
    assert load_settings(GOOD).reminders_per_day == 1
    assert load_settings({**GOOD, "REMINDERS_PER_DAY": "48"}).reminders_per_day == 48
    for bad in ("0", "many", "۲", "1441"):
        with pytest.raises(ConfigError, match="REMINDERS_PER_DAY must be a whole number from 1 to 1440"):
            load_settings({**GOOD, "REMINDERS_PER_DAY": bad})


def test_http_mode_runs_one_worker_process_unless_set():
    assert load_settings(GOOD).workers == 1
    assert load_settings({**GOOD, "WEB_CONCURRENCY": "3"}).workers == 3
    for bad in ("0", "two", "٢", "65", "-1"):
        with pytest.raises(ConfigError, match="WEB_CONCURRENCY must be a whole number from 1 to 64"):
            load_settings({**GOOD, "WEB_CONCURRENCY": bad})
