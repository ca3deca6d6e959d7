"""The playground's one WSGI application: the page and its static files, the Slack stand-in's URLs
(`/api/…` for the bot's SLACK_API_URL, uploads, private files, response URLs), the bot itself at
`/slack/events`, and the JSON endpoints the page acts through (`/play/…`), with live updates as
server-sent events. A malformed request to the page's endpoints gets a 400 naming what is wrong."""

import json
import logging
import mimetypes
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from importlib import resources
from typing import Any
from urllib.parse import parse_qs

from bot.playground.blockkit import BadForm
from bot.playground.client import Client, FormState, Refused
from bot.playground.screen import HOME, Screen
from bot.playground.standin import SlackStandIn, lower_headers
from bot.server import EVENTS_PATH, HEALTH_PATH, WsgiApp

logger = logging.getLogger(__name__)

MAX_BODY = 5 * 1024 * 1024  # an upload in a modal's file input; an import takes at most 5 MB
STATIC = ("index.html", "playground.css", "playground.js", "blockkit.css")
FONTS = (
    "Vazirmatn-Regular.ttf",
    "Vazirmatn-Bold.ttf",
)  # the map renderer's (bot/render/fonts), for Persian and Arabic
HEARTBEAT_SECONDS = 15.0
STAND_IN_PATHS = ("/api/", "/upload/", "/files-pri/", "/responses/")


class BadRequest(Exception):
    """A request to the page's endpoints that is malformed: 400, with the reason."""


@dataclass
class Answer:
    status: str
    body: bytes | Iterable[bytes]
    content_type: str = "application/json; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


def _json(status: str, value: Any) -> Answer:
    return Answer(status, json.dumps(value, ensure_ascii=False).encode())


class Playground:
    """The WSGI application. `fire_next` moves the bot's clock to what is due next and fires it, and
    answers when that was (None: nothing is scheduled); `clock` tells the bot's time."""

    def __init__(
        self,
        slack: SlackStandIn,
        client: Client,
        bot: WsgiApp,
        *,
        clock: Callable[[], datetime],
        fire_next: Callable[[], datetime | None],
        first_person: str,
    ) -> None:
        self.slack = slack
        self.client = client
        self.bot = bot
        self.clock = clock
        self.fire_next = fire_next
        self.first_person = first_person
        self._closing = threading.Event()
        self.actions: dict[str, Callable[[dict[str, Any]], Any]] = {
            "say": self._say,
            "act": self._act,
            "view-act": self._view_act,
            "submit": self._submit,
            "close": self._close,
            "shortcut": self._shortcut,
            "suggest": self._suggest,
            "home": self._home,
            "fire-next": self._fire_next,
            "dismiss": self._dismiss,
        }

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO") or "/", environ.get("REQUEST_METHOD") or "GET"
        if path in (EVENTS_PATH, HEALTH_PATH):
            return self.bot(environ, start_response)
        try:
            answer = self._route(path, method, environ)
        except BadRequest as error:
            answer = _json("400 Bad Request", {"error": str(error)})
        except Refused as error:
            answer = _json("409 Conflict", {"error": str(error)})
        headers = [("Content-Type", answer.content_type), *answer.headers]
        if not any(name == "Cache-Control" for name, _ in answer.headers):
            headers.append(("Cache-Control", "no-store"))
        start_response(answer.status, headers)
        return [answer.body] if isinstance(answer.body, bytes) else answer.body

    def _route(self, path: str, method: str, environ: dict[str, Any]) -> Answer:
        if path.startswith(STAND_IN_PATHS):
            return self._stand_in(path, method, environ)
        if method == "GET":
            if path == "/":
                return self._static("index.html")
            if path == "/favicon.ico":
                return Answer("204 No Content", b"", "image/x-icon")
            if path.startswith("/static/"):
                return self._static(path.removeprefix("/static/"))
            if path.startswith("/files/"):
                return self._file(path.removeprefix("/files/"))
            if path == "/play/screen":
                return self._screen(_query(environ))
            if path == "/play/events":
                return self._events(_query(environ))
            return _json("404 Not Found", {"error": "no such page"})
        if method != "POST":
            return _json("405 Method Not Allowed", {"error": "use GET or POST"})
        if path == "/play/upload":
            return self._upload(_query(environ), _body(environ))
        action = self.actions.get(path.removeprefix("/play/"))
        if action is None or not path.startswith("/play/"):
            return _json("404 Not Found", {"error": "no such action"})
        try:
            fields = json.loads(_body(environ) or b"{}")
        except ValueError:
            raise BadRequest("the body is not JSON") from None
        if not isinstance(fields, dict):
            raise BadRequest("the body must be a JSON object")
        return _json("200 OK", action(fields) or {})

    # --- pieces served as they are -----------------------------------------------------------------
    def _stand_in(self, path: str, method: str, environ: dict[str, Any]) -> Answer:
        headers = lower_headers(
            (name.removeprefix("HTTP_").replace("_", "-"), value)
            for name, value in environ.items()
            if name.startswith("HTTP_") or name == "CONTENT_TYPE"
        )
        headers.setdefault("content-type", environ.get("CONTENT_TYPE", ""))
        reply = self.slack.handle(method, path, headers, _body(environ))
        if reply is None:  # only the tests' injected failures drop connections
            return _json("503 Service Unavailable", {"ok": False, "error": "dropped"})
        status = f"{reply.status} {_reason(reply.status)}"
        return Answer(status, reply.body, reply.content_type, tuple(reply.headers.items()))

    def _static(self, name: str) -> Answer:
        if name.startswith("fonts/") and name.removeprefix("fonts/") in FONTS:
            found = resources.files("bot.render").joinpath(name)
            return Answer("200 OK", found.read_bytes(), "font/ttf", (("Cache-Control", "max-age=86400"),))
        if name not in STATIC:
            return _json("404 Not Found", {"error": "no such file"})
        found = resources.files("bot.playground").joinpath("static", name)
        if not found.is_file():
            return _json("404 Not Found", {"error": "no such file"})
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return Answer("200 OK", found.read_bytes(), f"{kind}; charset=utf-8")

    def _file(self, rest: str) -> Answer:
        """A file shared in a conversation, for the page: an image inline, anything else as a download."""
        file_id = rest.split("/", 1)[0]
        with self.slack.lock:
            stored = self.slack.workspace.files.get(file_id)
            if stored is None or stored.data is None or not stored.shared:
                return _json("404 Not Found", {"error": "no such file"})
            data, kind, name, image = stored.data, stored.mimetype, stored.name, stored.is_image
        disposition = (
            "inline" if image else f'attachment; filename="{name.encode("ascii", "replace").decode()}"'
        )
        return Answer("200 OK", data, kind, (("Content-Disposition", disposition),))

    # --- what the page reads -----------------------------------------------------------------------
    def _viewer(self, user: Any) -> str:
        if not isinstance(user, str):
            raise BadRequest("`as` must name a sample person")
        with self.slack.lock:
            person = self.slack.workspace.people.get(user)
        if person is None or person.bot or person.team != self.client.team:
            raise BadRequest(f"no sample person {user!r}")
        return user

    def _shown(self, query: dict[str, str]) -> Callable[[], dict[str, Any]]:
        """What the person `as` sees at `at` (a conversation, or their Home tab), with `thread` open: the
        query is checked now, the screen built each time the returned function is called."""
        viewer = self._viewer(query.get("as", self.first_person))
        at, thread = query.get("at") or HOME, query.get("thread") or None
        with self.slack.lock:
            if at != HOME:
                conversation = self.slack.workspace.conversations.get(at)
                if at == "D" + viewer[1:]:
                    conversation = self.slack.workspace.direct(self.client.team, viewer)
                if conversation is None or conversation.team != self.client.team:
                    raise BadRequest(f"no conversation {at!r}")
                if conversation.is_im and conversation.user != viewer:
                    raise BadRequest("that is someone else's direct message")

        def build() -> dict[str, Any]:
            with self.slack.lock:
                person = self.slack.workspace.people[viewer]
                shown = Screen(self.slack, person, self.clock()).build(at, thread)
            return shown | {"first_person": self.first_person}

        return build

    def close(self) -> None:
        """The server is stopping: end the pages' live updates, so no request outlives it."""
        self._closing.set()
        self.slack.wake()

    def _screen(self, query: dict[str, str]) -> Answer:
        return _json("200 OK", self._shown(query)())

    def _events(self, query: dict[str, str]) -> Answer:
        """Server-sent events: the person's screen (as /play/screen gives it) at once, then again each time
        something people see changes; a comment now and then keeps the connection open."""
        build = self._shown(query)

        def stream() -> Iterator[bytes]:
            yield b"retry: 1000\n\n"
            seen = self.slack.version
            yield f"data: {json.dumps(build(), ensure_ascii=False)}\n\n".encode()
            while not self._closing.is_set():
                now = self.slack.wait_changed(seen, HEARTBEAT_SECONDS, self._closing)
                if now == seen:
                    yield b": still here\n\n"
                    continue
                seen = now
                yield f"data: {json.dumps(build(), ensure_ascii=False)}\n\n".encode()

        return Answer("200 OK", stream(), "text/event-stream", (("X-Accel-Buffering", "no"),))

    # --- what the page does ------------------------------------------------------------------------
    def _say(self, fields: dict[str, Any]) -> None:
        user = self._viewer(fields.get("as"))
        thread = _optional_text(fields, "thread")
        self.client.say(user, _text(fields, "at"), _text(fields, "text", 40_000), thread)

    def _act(self, fields: dict[str, Any]) -> None:
        user = self._viewer(fields.get("as"))
        at, ts = _text(fields, "at"), _text(fields, "ts")
        try:
            state = (
                None if fields.get("form") is None else self.client.read_message(user, at, ts, _form(fields))
            )
        except BadForm as error:
            raise BadRequest(f"the form does not fit the message: {error}") from None
        self.client.act(
            user,
            at,
            ts,
            _text(fields, "block", allow_empty=True),
            _text(fields, "action"),
            _choice(fields),
            state,
        )

    def _state(self, fields: dict[str, Any], user: str, view_id: str) -> FormState:
        """The form the page sent (FormData's values by control name), read back into Slack's
        view.state.values for the view on screen."""
        try:
            return self.client.read(user, view_id, _form(fields))
        except BadForm as error:
            raise BadRequest(f"the form does not fit the view: {error}") from None

    def _view_act(self, fields: dict[str, Any]) -> None:
        user, view_id = self._viewer(fields.get("as")), _text(fields, "view")
        self.client.view_act(
            user,
            view_id,
            _text(fields, "block", allow_empty=True),
            _text(fields, "action"),
            _choice(fields),
            self._state(fields, user, view_id),
        )

    def _submit(self, fields: dict[str, Any]) -> None:
        user, view_id = self._viewer(fields.get("as")), _text(fields, "view")
        self.client.submit(user, view_id, self._state(fields, user, view_id))

    def _close(self, fields: dict[str, Any]) -> None:
        self.client.close(self._viewer(fields.get("as")), _text(fields, "view"))

    def _shortcut(self, fields: dict[str, Any]) -> None:
        user = self._viewer(fields.get("as"))
        self.client.shortcut(user, _text(fields, "at"), _text(fields, "ts"), _text(fields, "callback"))

    def _suggest(self, fields: dict[str, Any]) -> dict[str, Any]:
        user = self._viewer(fields.get("as"))
        options = self.client.suggest(
            user,
            _text(fields, "view"),
            _text(fields, "block", allow_empty=True),
            _text(fields, "action"),
            _text(fields, "typed", 150, allow_empty=True),
        )
        return {"options": options}

    def _upload(self, query: dict[str, str], data: bytes) -> Answer:
        user = self._viewer(query.get("as"))
        name = query.get("name", "").strip()
        if not name or len(name) > 255 or "/" in name:
            raise BadRequest("`name` must be the file's name")
        return _json("200 OK", self.client.upload(user, name, data))

    def _home(self, fields: dict[str, Any]) -> None:
        self.client.open_home(self._viewer(fields.get("as")))

    def _fire_next(self, fields: dict[str, Any]) -> dict[str, Any]:
        fired = self.fire_next()
        return {"fired": fired.isoformat() if fired else None, "now": self.clock().isoformat()}

    def _dismiss(self, fields: dict[str, Any]) -> None:
        user = self._viewer(fields.get("as"))
        with self.slack.lock:
            self.slack.alerts.pop(user, None)
            self.slack.changed()


def _query(environ: dict[str, Any]) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}


def _body(environ: dict[str, Any]) -> bytes:
    length = environ.get("CONTENT_LENGTH") or "0"
    if not str(length).isdigit():
        raise BadRequest("Content-Length must be a number")
    if int(length) > MAX_BODY:
        raise BadRequest(f"the body is over {MAX_BODY // 1024 // 1024} MB")
    return environ["wsgi.input"].read(int(length)) if int(length) else b""


def _text(fields: dict[str, Any], name: str, longest: int = 255, *, allow_empty: bool = False) -> str:
    value = fields.get(name, "" if allow_empty else None)
    if not isinstance(value, str) or (not value and not allow_empty) or len(value) > longest:
        raise BadRequest(f"`{name}` must be a text of at most {longest} characters")
    return value


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def _optional_text(fields: dict[str, Any], name: str) -> str | None:
    return _text(fields, name) if fields.get(name) is not None else None


def _form(fields: dict[str, Any]) -> dict[str, list[str]]:
    """The form the page sent: FormData's values by control name."""
    form = fields.get("form", {})
    if not isinstance(form, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
        for k, v in form.items()
    ):
        raise BadRequest("`form` must map each control's name to the list of its values")
    return form


def _choice(fields: dict[str, Any]) -> Any:
    """What was chosen in a menu: a value, several values, or an external select's option."""
    choice = fields.get("choice")
    if (
        choice is None
        or isinstance(choice, str)
        or (isinstance(choice, list) and all(isinstance(c, str) for c in choice))
    ):
        return choice
    if isinstance(choice, dict) and isinstance(choice.get("value"), str):
        return choice
    raise BadRequest("`choice` must be a value, a list of values, or an option")


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
