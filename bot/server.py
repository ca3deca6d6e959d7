"""Serving the app: gunicorn over HTTP, or Slack's Socket Mode."""

import io
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger as GunicornLogger
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot.logs import RedactSecrets

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


MAX_BODY = 5 * 1024 * 1024


def _answer(start_response: Callable[..., Any], status: str, text: str) -> list[bytes]:
    start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
    return [text.encode()]


def is_well_formed(text: str, content_type: str) -> bool:
    """Whether `text` parses the way Slack's requests do: JSON, a form, or a form with a JSON `payload`."""
    try:
        if content_type.startswith("application/json") or text.startswith("{"):
            return isinstance(json.loads(text), dict)
        form = parse_qs(text, strict_parsing=True)
        return bool(form) and ("payload" not in form or isinstance(json.loads(form["payload"][0]), dict))
    except ValueError:
        return False


def wsgi_app(app: App, signing_secret: str) -> WsgiApp:
    """Bolt's WSGI adapter on POST /slack/events, behind a signature and body check, plus GET /healthz.

    Bolt parses a body before it checks the signature; checking first here means an unsigned request
    gets 401 and a signed but malformed one 400, before anything else looks at it.
    """
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    verifier = SignatureVerifier(signing_secret)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            return _answer(start_response, "200 OK", "ok\n")
        if path == EVENTS_PATH and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            if length > MAX_BODY:
                return _answer(start_response, "413 Content Too Large", "too large\n")
            body = environ["wsgi.input"].read(length)
            headers = {
                "x-slack-request-timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""),
                "x-slack-signature": environ.get("HTTP_X_SLACK_SIGNATURE", ""),
            }
            try:
                text = body.decode()
            except UnicodeDecodeError:  # Slack sends UTF-8; nothing else can even be checked
                return _answer(start_response, "400 Bad Request", "not UTF-8\n")
            if not verifier.is_valid_request(text, headers):
                return _answer(start_response, "401 Unauthorized", "invalid signature\n")
            if not is_well_formed(text, environ.get("CONTENT_TYPE", "")):
                return _answer(start_response, "400 Bad Request", "malformed body\n")
            environ["wsgi.input"] = io.BytesIO(body)
        return slack(environ, start_response)

    return application


class RedactingLogger(GunicornLogger):
    """Gunicorn's logger, with secrets redacted from its error log and access log alike."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(RedactSecrets())


class GunicornServer(BaseApplication):
    """Gunicorn, configured in code; each worker builds its own app (no sockets shared across forks)."""

    def __init__(
        self,
        build: Callable[[], WsgiApp],
        port: int,
        on_exit: Callable[[], None],
        *,
        workers: int = 1,
        threads: int = 4,
    ) -> None:
        self.build = build
        self.options = {
            "worker_exit": lambda _arbiter, _worker: on_exit(),
            "bind": f"0.0.0.0:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            "accesslog": "-",
            # The path without its query: an OAuth redirect's query carries a one-time code. The worker's
            # process id tells the workers apart.
            "access_log_format": '%(h)s %(t)s %(p)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss',
            "logger_class": RedactingLogger,
            "timeout": 30,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> WsgiApp:
        return self.build()


def serve_http(
    build: Callable[[], WsgiApp], port: int, on_exit: Callable[[], None], workers: int = 1
) -> None:
    """Serve `build()`'s app with gunicorn in `workers` processes; each calls `on_exit` as it stops."""
    logger.info("Touchpoint listening on port %s at %s (%s worker processes)", port, EVENTS_PATH, workers)
    GunicornServer(build, port, on_exit, workers=workers).run()


def socket_mode_handler(app: App, app_token: str) -> SocketModeHandler:
    """Bolt's built-in Socket Mode adapter; `.start()` blocks, `.connect()` doesn't."""
    logger.info("Touchpoint connecting to Slack in Socket Mode")
    return SocketModeHandler(app, app_token)
