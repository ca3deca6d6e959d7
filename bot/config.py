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

SLACK_APP_PAGE = "https://api.slack.com/apps"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"


class ConfigError(Exception):
    """One or more settings are missing or malformed; each problem is one line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Settings:
    bot_token: str
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
    bot_token = token("SLACK_BOT_TOKEN", "xoxb-", required=True)
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

    port_text = text("PORT") or "3000"
    port = int(port_text) if port_text.isdigit() else 0
    if not 0 < port < 65536:
        problems.append(f"PORT must be a TCP port number from 1 to 65535, not {port_text!r}.")

    log_level = (text("LOG_LEVEL") or "INFO").upper()
    if log_level not in logging.getLevelNamesMapping():
        problems.append(f"LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, not {log_level!r}.")

    per_day_text = text("REMINDERS_PER_DAY") or "1"
    per_day = int(per_day_text) if per_day_text.isdecimal() and per_day_text.isascii() else 0
    if not 0 < per_day <= 1440:
        problems.append(f"REMINDERS_PER_DAY must be a number from 1 to 1440, not {per_day_text!r}.")

    grace = _number(text("REMINDER_GRACE_HOURS") or "6", "REMINDER_GRACE_HOURS", 0, 24 * 7, problems)
    interval = _number(text("SCHEDULER_INTERVAL") or "30", "SCHEDULER_INTERVAL", 0.1, 3600, problems)
    batch_text = text("SCHEDULER_BATCH") or "20"
    batch = int(batch_text) if batch_text.isdecimal() and batch_text.isascii() else 0
    if not 0 < batch <= 1000:
        problems.append(f"SCHEDULER_BATCH must be a whole number from 1 to 1000, not {batch_text!r}.")

    if problems:
        raise ConfigError(problems)
    assert bot_token is not None
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
    )


def _number(value: str, name: str, low: float, high: float, problems: list[str]) -> float:
    """`value` as a number from `low` to `high`; a problem named otherwise."""
    try:
        number = float(value) if value.isascii() else float("nan")
    except ValueError:
        number = float("nan")
    if not low <= number <= high:
        problems.append(f"{name} must be a number from {low:g} to {high:g}, not {value!r}.")
    return number
