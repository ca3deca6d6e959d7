"""Settings from the environment (and an optional `.env`), checked before anything starts."""

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from dotenv import dotenv_values
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from storage.cipher import is_key

SLACK_APP_PAGE = "https://api.slack.com/apps"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
# Any of these set means Slack is meant to be served; none at all, the playground.
SLACK_SETTINGS = (
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
)


class ConfigError(Exception):
    """One or more settings are missing or malformed; each problem is one line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class OAuth:
    """Installing by OAuth, for many workspaces: the app's credentials and the keys that seal tokens."""

    client_id: str
    client_secret: str
    encryption_keys: tuple[str, ...]  # the first seals; every one opens (key rotation)
    redirect_uri: str | None = None


@dataclass(frozen=True)
class Settings:
    bot_token: str | None  # one workspace; None when installs come by OAuth
    signing_secret: str | None
    app_token: str | None
    database_url: str
    slack_api_url: str
    port: int
    log_level: str
    reminders_per_day: int = 1  # the floor: at most this many revisit reminders a day per map
    reminder_grace_hours: float = 6.0  # a reminder missed (the bot was down) by less than this still fires
    scheduler_interval: float = 30.0  # seconds between the scheduler's looks for what is due
    scheduler_batch: int = 20  # at most this many scheduled firings at once per process
    oauth: OAuth | None = None
    retention_days: int = 14  # an uninstalled workspace's maps are deleted this many days later
    workers: int = 1  # gunicorn's worker processes in HTTP mode

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None


def default_database_url(directory: Path | None = None) -> str:
    return f"sqlite:///{(directory or Path.cwd()) / 'touchpoint.sqlite3'}"


def load_environment(environ: Mapping[str, str] | None = None, dotenv: Path | None = None) -> dict[str, str]:
    """The process environment over the values of `.env` (the environment wins)."""
    dotenv = dotenv or Path.cwd() / ".env"
    values = {k: v for k, v in dotenv_values(dotenv).items() if v is not None} if dotenv.is_file() else {}
    values.update(os.environ if environ is None else environ)
    return values


def _where(setting: str) -> str:
    return {
        "SLACK_BOT_TOKEN": f"the Bot User OAuth Token (xoxb-…) under OAuth & Permissions at {SLACK_APP_PAGE}",
        "SLACK_SIGNING_SECRET": f"the Signing Secret under Basic Information at {SLACK_APP_PAGE}",
        "SLACK_APP_TOKEN": f"an app-level token (xapp-…) with connections:write under Basic Information "
        f"at {SLACK_APP_PAGE}",
        "SLACK_CLIENT_ID": f"the Client ID under Basic Information at {SLACK_APP_PAGE}",
        "SLACK_CLIENT_SECRET": f"the Client Secret under Basic Information at {SLACK_APP_PAGE}",
        "TOUCHPOINT_ENCRYPTION_KEY": "a key of your own, made with `touchpoint-bot new-key` (several, "
        "comma-separated, while rotating: the first seals, all open)",
    }[setting]


def load_database_url(env: Mapping[str, str]) -> str:
    """DATABASE_URL, or a SQLite file in the working directory."""
    url = env.get("DATABASE_URL", "").strip() or default_database_url()
    try:
        make_url(url)
    except ArgumentError:
        raise ConfigError(
            [
                "DATABASE_URL is not a database URL: use e.g. sqlite:///touchpoint.sqlite3 or "
                "postgresql+psycopg://user:password@host:5432/touchpoint."
            ]
        ) from None
    return url


def slack_configured(env: Mapping[str, str]) -> bool:
    """Whether any Slack setting is given (a partial configuration is still checked, and refused)."""
    return any(env.get(name, "").strip() for name in SLACK_SETTINGS)


def load_local_settings(env: Mapping[str, str]) -> tuple[str, int, str]:
    """DATABASE_URL, PORT and LOG_LEVEL alone, for the playground, which needs no Slack settings."""
    problems: list[str] = []
    try:
        database_url = load_database_url(env)
    except ConfigError as error:
        problems.extend(error.problems)
    port, log_level = _port(env, problems), _log_level(env, problems)
    if problems:
        raise ConfigError(problems)
    return database_url, port, log_level


def _port(env: Mapping[str, str], problems: list[str]) -> int:
    port_text = env.get("PORT", "").strip() or "3000"
    port = int(port_text) if port_text.isdigit() else 0
    if not 0 < port < 65536:
        problems.append(f"PORT must be a TCP port number from 1 to 65535, not {port_text!r}.")
    return port


def _log_level(env: Mapping[str, str], problems: list[str]) -> str:
    log_level = (env.get("LOG_LEVEL", "").strip() or "INFO").upper()
    if log_level not in logging.getLevelNamesMapping():
        problems.append(f"LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, not {log_level!r}.")
    return log_level


def load_settings(env: Mapping[str, str]) -> Settings:
    """Read and check every setting; raise ConfigError naming each one that is wrong."""
    problems: list[str] = []

    def text(name: str) -> str | None:
        value = env.get(name, "").strip()
        return value or None

    def token(name: str, prefix: str, required: bool) -> str | None:
        value = text(name)
        if value is None:
            if required:
                problems.append(f"{name} is not set: use {_where(name)}.")
        elif not value.startswith(prefix):
            problems.append(f"{name} must start with {prefix!r}: use {_where(name)}.")
        return value

    app_token = token("SLACK_APP_TOKEN", "xapp-", required=False)
    oauth = _oauth(env, problems) if text("SLACK_BOT_TOKEN") is None else None
    bot_token = token("SLACK_BOT_TOKEN", "xoxb-", required=False)
    if bot_token is None and oauth is None and not _oauth_named(env):
        problems.append(
            f"SLACK_BOT_TOKEN is not set: use {_where('SLACK_BOT_TOKEN')} (or set SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET to install in many workspaces by OAuth)."
        )
    if oauth is not None and app_token is not None:
        problems.append(
            "SLACK_APP_TOKEN is set, but installing by OAuth needs HTTP mode: unset SLACK_APP_TOKEN "
            "(or use SLACK_BOT_TOKEN for one workspace in Socket Mode)."
        )
    signing_secret = text("SLACK_SIGNING_SECRET")
    if signing_secret is None and app_token is None:
        problems.append(
            f"SLACK_SIGNING_SECRET is not set: use {_where('SLACK_SIGNING_SECRET')} "
            "(or set SLACK_APP_TOKEN to run in Socket Mode)."
        )

    try:
        database_url = load_database_url(env)
    except ConfigError as error:
        problems.extend(error.problems)

    slack_api_url = text("SLACK_API_URL") or DEFAULT_SLACK_API_URL
    parsed = urlparse(slack_api_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        problems.append(f"SLACK_API_URL must be an http(s) URL such as {DEFAULT_SLACK_API_URL}.")
    slack_api_url = slack_api_url.rstrip("/") + "/"

    port, log_level = _port(env, problems), _log_level(env, problems)

    per_day = _whole(text("REMINDERS_PER_DAY") or "1", "REMINDERS_PER_DAY", 1, 1440, problems)

    grace = _number(text("REMINDER_GRACE_HOURS") or "6", "REMINDER_GRACE_HOURS", 0, 24 * 7, problems)
    interval = _number(text("SCHEDULER_INTERVAL") or "30", "SCHEDULER_INTERVAL", 0.1, 3600, problems)
    batch = _whole(text("SCHEDULER_BATCH") or "20", "SCHEDULER_BATCH", 1, 1000, problems)
    retention = _whole(text("DATA_RETENTION_DAYS") or "14", "DATA_RETENTION_DAYS", 0, 3650, problems)
    workers = _whole(text("WEB_CONCURRENCY") or "1", "WEB_CONCURRENCY", 1, 64, problems)

    if problems:
        raise ConfigError(problems)
    return Settings(
        bot_token=bot_token,
        signing_secret=signing_secret,
        app_token=app_token,
        database_url=database_url,
        slack_api_url=slack_api_url,
        port=port,
        log_level=log_level,
        reminders_per_day=per_day,
        reminder_grace_hours=grace,
        scheduler_interval=interval,
        scheduler_batch=batch,
        oauth=oauth,
        retention_days=retention,
        workers=workers,
    )


def _oauth_named(env: Mapping[str, str]) -> bool:
    return any(env.get(name, "").strip() for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"))


def _oauth(env: Mapping[str, str], problems: list[str]) -> OAuth | None:
    """The OAuth settings when SLACK_CLIENT_ID or SLACK_CLIENT_SECRET is set; problems go in `problems`."""
    if not _oauth_named(env):
        return None
    values = {name: env.get(name, "").strip() for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")}
    for name, value in values.items():
        if not value:
            problems.append(f"{name} is not set: use {_where(name)} (OAuth needs both client settings).")
    keys = tuple(k.strip() for k in env.get("TOUCHPOINT_ENCRYPTION_KEY", "").split(",") if k.strip())
    if not keys:
        problems.append(
            "TOUCHPOINT_ENCRYPTION_KEY is not set: installs by OAuth store tokens sealed with it; use "
            f"{_where('TOUCHPOINT_ENCRYPTION_KEY')}."
        )
    elif not all(is_key(k) for k in keys):
        problems.append(
            "TOUCHPOINT_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64 bytes each), comma-separated: "
            f"use {_where('TOUCHPOINT_ENCRYPTION_KEY')}."
        )
    redirect = env.get("SLACK_REDIRECT_URI", "").strip() or None
    if redirect is not None and urlparse(redirect).scheme != "https":
        problems.append("SLACK_REDIRECT_URI must be an https URL ending in /slack/oauth_redirect.")
    if not all(values.values()) or not keys:
        return None
    return OAuth(values["SLACK_CLIENT_ID"], values["SLACK_CLIENT_SECRET"], keys, redirect)


def _whole(value: str, name: str, low: int, high: int, problems: list[str]) -> int:
    """`value` as a whole number from `low` to `high`; a problem named otherwise."""
    number = int(value) if value.isdecimal() and value.isascii() else low - 1
    if not low <= number <= high:
        problems.append(f"{name} must be a whole number from {low} to {high}, not {value!r}.")
    return number


def _number(value: str, name: str, low: float, high: float, problems: list[str]) -> float:
    """`value` as a number from `low` to `high`; a problem named otherwise."""
    try:
        number = float(value) if value.isascii() else float("nan")
    except ValueError:
        number = float("nan")
    if not low <= number <= high:
        problems.append(f"{name} must be a number from {low:g} to {high:g}, not {value!r}.")
    return number
