"""Logging for the bot process: one format, and no secret in any line."""

import logging
import re

# Slack tokens (bot, user, refresh, app-level) and the OAuth fields that carry secrets, as slack_sdk's
# debug lines show them ('client_secret': '…', code=…).
_TOKEN = re.compile(r"\b(xox[a-z]|xapp)-[A-Za-z0-9-]+")
_FIELD = re.compile(
    r"""(\b(?:client_secret|refresh_token|access_token|code)['"]?\s*[:=]\s*\[?['"]?)[^'"&,\s}\]]+"""
)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    return _TOKEN.sub(rf"\1-{REDACTED}", _FIELD.sub(rf"\1{REDACTED}", text))


class RedactSecrets(logging.Filter):
    """Rewrites a record whose message (or traceback) holds a token or an OAuth secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def configure_logging(level: str) -> None:
    """Lines to stderr at `level`; every handler redacts secrets (including gunicorn's, set up later)."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactSecrets())
