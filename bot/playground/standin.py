"""The Slack stand-in: the Web API the bot calls, the URLs Slack gives it (uploads, private files,
response_url), and what Slack does for the people who use it (trigger ids, ephemeral replies).

One stand-in serves the playground and the tests. It records every call, can be told to fail, stall or
slow down a method (the tests' hooks), and refuses what Slack would refuse; a refusal is also kept where
the message or view would have appeared (`Notice`), so the page can show it.
"""

import base64
import json
import logging
import random
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from bot.playground.checks import REFUSALS, SlackError, as_json, check_message
from bot.playground.limits import Outages, RateLimits
from bot.playground.webapi import OAuthDesk, Trigger, WebApi, oauth_access
from bot.playground.workspace import Conversation, Message, Notice, Workspace, stored_blocks

logger = logging.getLogger(__name__)

# docs.slack.dev/interactivity/handling-user-interaction: a response_url works "up to 5 times within 30
# minutes"; a trigger_id "expires in 3 seconds" (docs.slack.dev/surfaces/modals).
RESPONSE_URL_USES, RESPONSE_URL_SECONDS = 5, 30 * 60
TRIGGER_SECONDS = 3.0
SIGN_IN_PAGE = (
    b"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Slack</title></head>"
    b"<body><h1>Sign in to your workspace</h1><form action=/signin method=post></form></body></html>"
)


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    error: str | None = None
    answer: dict[str, Any] = field(default_factory=dict)
    injected: bool = False
    team: str | None = None  # the workspace whose token made the call
    at: float = field(default_factory=time.monotonic)  # when the stand-in answered (or dropped) it

    def json(self, name: str) -> Any:
        """An argument the SDK may send as JSON text (blocks, view) or as JSON already."""
        value = self.args[name]
        return json.loads(value) if isinstance(value, str) else value


@dataclass
class Failure:
    """An answer to give instead of the real one, `times` times; `drop` closes the connection instead,
    answering nothing. `where` limits it to the calls whose arguments it accepts."""

    status: int = 200
    error: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1
    drop: bool = False
    where: Callable[[dict[str, Any]], bool] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # more of the answer (missing_scope's `needed`)


@dataclass
class ResponseTarget:
    """Where a response_url's messages go: the person who acted, in the conversation they acted in,
    and the message they acted on (None for a slash command)."""

    team: str
    channel: str
    user: str
    source_ts: str | None = None
    issued: float = field(default_factory=time.monotonic)
    uses: int = 0


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, status: int, answer: dict[str, Any], headers: dict[str, str] | None = None) -> "Reply":
        return cls(status, json.dumps(answer).encode(), headers=headers or {})


class SlackStandIn:
    """`workspace` holds what Slack knows. With `open_world`, a conversation or person the workspace
    doesn't list is taken to exist (tests name only what they look at); without it, Slack's
    `channel_not_found`, `user_not_found` and `message_not_found` answer for them."""

    def __init__(
        self,
        workspace: Workspace | None = None,
        *,
        open_world: bool = False,
        trigger_ttl: float = TRIGGER_SECONDS,
        now: Callable[[], float] = time.time,
        keep_calls: int | None = None,
    ) -> None:
        self.workspace = workspace or Workspace()
        self.open_world = open_world
        self.trigger_ttl = trigger_ttl
        self.now = now
        self.root = ""  # the base URL it is served at, ending in /; set by whoever serves it
        self.api = WebApi(self)
        self.oauth = OAuthDesk()
        self.app_token: str | None = None  # what apps.connections.open accepts (Socket Mode)
        self.socket_mode_url = ""
        self.triggers: dict[str, Trigger] = {}
        self.targets: dict[str, ResponseTarget | None] = {}
        self.named_uses: dict[str, tuple[float, int]] = {}  # a named response_url's (issue time, uses)
        self.named_posts: dict[str, list[dict[str, Any]]] = {}  # what each named response_url was sent
        self.alerts: dict[str, list[Notice]] = {}  # refused views, by the person they were for
        self.calls: list[Call] | deque[Call] = deque(maxlen=keep_calls) if keep_calls else []
        self.responses: list[dict[str, Any]] | deque[dict[str, Any]] = (
            deque(maxlen=keep_calls) if keep_calls else []
        )
        self.downloads: list[str] = []  # the ids of the files the app fetched
        # People not active in a conversation (channel, user): Slack answers chat.postEphemeral to them
        # with ok, and they never see it; such messages are kept in `undelivered`.
        self.inactive: set[tuple[str, str]] = set()
        self.undelivered: list[Message] = []
        # Methods that answer after a random delay of up to this many seconds, as a busy Slack does
        # (concurrent calls then complete in another order than they were made).
        self.latency: dict[str, float] = {}
        # Methods that answer after this many seconds, every call (a big workspace on a slow day: Slack
        # pages conversations.members in ~150-300 ms). A trigger_id keeps ageing meanwhile, in wall-clock
        # time, and expires `trigger_ttl` seconds after it was issued (`expired_trigger_id`).
        self.delays: dict[str, float] = {}
        # Slack's rate limits, when set (off by default), and outages of methods (bot/playground/limits.py).
        self.limits: RateLimits | None = None
        self.outages = Outages()
        self._failures: dict[str, list[Failure]] = {}
        self._stalls: dict[str, list[float]] = {}
        self.stalled = 0  # calls held back by `stall` so far
        self.lock = threading.Condition()
        self.version = 0  # counts changes a person could see

    @property
    def url(self) -> str:
        """The Web API's base URL, for the bot's SLACK_API_URL."""
        return self.root + "api/"

    # --- changes -----------------------------------------------------------------------------------
    def changed(self) -> None:
        """Note a change people could see (the caller holds the lock) and wake whoever waits for one."""
        self.version += 1
        self.lock.notify_all()

    def wait_changed(self, since: int, timeout: float, stop: threading.Event | None = None) -> int:
        """The version once it is past `since`, or after `timeout` seconds, or once `stop` is set and
        `wake()` called."""
        with self.lock:
            self.lock.wait_for(lambda: self.version > since or (stop is not None and stop.is_set()), timeout)
            return self.version

    def wake(self) -> None:
        """Wake whoever waits in `wait_changed`, to look at their `stop` again."""
        with self.lock:
            self.lock.notify_all()

    def post(
        self,
        conversation: Conversation,
        user: str,
        *,
        text: str = "",
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
        files: list[str] | None = None,
        only_for: str | None = None,
        notice: Notice | None = None,
        subtype: str | None = None,
    ) -> Message:
        message = Message(
            self.workspace.new_ts(self.now()),
            user,
            text,
            blocks,
            thread_ts,
            files or [],
            only_for=only_for,
            notice=notice,
            subtype=subtype,
        )
        conversation.messages.append(message)
        self.changed()
        return message

    # --- what people's actions hand the app --------------------------------------------------------
    def issue_trigger(self, team: str, user: str) -> str:
        """A trigger_id for an interaction of `user`, in Slack's format (`12345.98765.abcd2358fdea`)."""
        with self.lock:
            trigger_id = f"{int(self.now())}.{self.workspace.next_number()}.{secrets.token_hex(16)}"
            self.triggers[trigger_id] = Trigger(team, user, time.monotonic())
            for stale in [k for k, t in self.triggers.items() if time.monotonic() - t.issued > 600]:
                del self.triggers[stale]
            return trigger_id

    def issue_response_url(self, target: ResponseTarget) -> str:
        with self.lock:
            key = secrets.token_urlsafe(12)
            self.targets[key] = target
            return f"{self.root}responses/{key}"

    def response_url(self, name: str) -> str:
        """A response_url that records what is posted to it and delivers it nowhere (for tests that
        send requests without a person behind them)."""
        with self.lock:
            self.targets.setdefault(name, None)
            self.named_uses.setdefault(name, (time.monotonic(), 0))
        return f"{self.root}responses/{name}"

    # --- the tests' hooks --------------------------------------------------------------------------
    def fail(self, method: str, failure: Failure) -> None:
        with self.lock:
            self._failures.setdefault(method, []).append(failure)

    def stall(self, method: str, seconds: float) -> None:
        """Hold the next call to `method` back for `seconds` before answering it (and recording it)."""
        with self.lock:
            self._stalls.setdefault(method, []).append(seconds)

    def wait_for_stall(self, count: int = 1, timeout: float = 10) -> None:
        """Wait until `count` calls are being (or have been) held back by `stall`."""
        with self.lock:
            if not self.lock.wait_for(lambda: self.stalled >= count, timeout):
                raise AssertionError(f"{self.stalled} calls stalled, expected {count}")

    def delete_message(self, channel: str, ts: str) -> None:
        """A person (the author, or an admin) deletes the message at `ts` in `channel`."""
        with self.lock:
            conversation = self.workspace.conversations[channel]
            message = conversation.find(ts)
            if message is None:
                raise SlackError("message_not_found")
            self.api.remove(conversation, message)

    def calls_to(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self, method: str, count: int = 1, timeout: float = 10, where: Callable[[Call], bool] | None = None
    ) -> list[Call]:
        """Wait until `method` has been called `count` times (counting only calls `where` accepts); the
        bot works after its ack."""

        def found() -> list[Call]:
            return [c for c in self.calls if c.method == method and (where or bool)(c)]

        with self.lock:
            if not self.lock.wait_for(lambda: len(found()) >= count, timeout):
                called = ", ".join(f"{c.method}{'!' + c.error if c.error else ''}" for c in self.calls)
                raise AssertionError(
                    f"{method} called {len(found())} times, expected {count}; calls: {called}"
                )
            return found()

    def posted_to(self, name: str) -> list[dict[str, Any]]:
        """What the named response_url `name` has been sent (replies, a form in a message), in order."""
        with self.lock:
            return list(self.named_posts.get(name, []))

    def wait_for_response(self, count: int = 1, timeout: float = 10) -> list[dict[str, Any]]:
        with self.lock:
            if not self.lock.wait_for(lambda: len(self.responses) >= count, timeout):
                raise AssertionError(f"{len(self.responses)} response_url posts, expected {count}")
            return list(self.responses)

    @property
    def rejected(self) -> list[Call]:
        """Calls refused as malformed: a test fails if the bot made any."""
        with self.lock:
            return [c for c in self.calls if c.error in REFUSALS and not c.injected]

    # --- OAuth -------------------------------------------------------------------------------------
    def authorize(self, team_id: str, installer: str, *, org_wide: bool = False) -> str:
        """The code Slack gives the redirect once `installer` approves the install in `team_id` (with
        `org_wide`, for every workspace of its Enterprise Grid org)."""
        with self.lock:
            code = f"code-{team_id}-{self.workspace.next_number()}"
            self.oauth.codes[code] = (team_id, installer, org_wide)
            return code

    # --- serving -----------------------------------------------------------------------------------
    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Reply | None:
        """Answer one HTTP request to the stand-in (header names in lower case); None: drop the
        connection without an answer (a failure a test asked for)."""
        if method == "GET" and path.startswith("/files-pri/"):
            return self._private_file(path, headers)
        if method != "POST":
            return Reply.of(405, {"ok": False, "error": "method_not_allowed"})
        if path.startswith("/upload/"):  # step 2 of files_upload_v2: the bytes
            with self.lock:
                stored = self.workspace.files.get(path.removeprefix("/upload/"))
                if stored is None:
                    return Reply.of(404, {"ok": False, "error": "file_not_found"})
                stored.data = body
            return Reply.of(200, {"ok": True})
        try:
            text = body.decode()
        except UnicodeDecodeError:
            return Reply.of(400, {"ok": False, "error": "invalid_form_data"})
        if path.startswith("/responses/"):
            return self._respond(path.removeprefix("/responses/"), text)
        if not path.startswith("/api/"):
            return Reply.of(404, {"ok": False, "error": "unknown_method"})
        if headers.get("content-type", "").startswith("application/json"):
            try:
                args = json.loads(text) if text else {}
            except ValueError:
                return Reply.of(200, {"ok": False, "error": "invalid_json"})
            if not isinstance(args, dict):
                return Reply.of(200, {"ok": False, "error": "invalid_json"})
        else:
            args = dict(parse_qsl(text))
        auth = headers.get("authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else args.pop("token", None)
        return self._api(path.removeprefix("/api/"), args, token, _basic(auth))

    def _api(
        self, method: str, args: dict[str, Any], token: str | None, basic: tuple[str, str] | None
    ) -> Reply | None:
        team = self.workspace.tokens.get(token or "")
        if method in self.latency:
            time.sleep(random.uniform(0, self.latency[method]))
        if method in self.delays:
            time.sleep(self.delays[method])
        self._hold(method)
        refusal = self.outages.check(method) or (
            self.limits.check(method, team, args) if self.limits is not None and team is not None else None
        )
        if refusal is not None:
            self._record(Call(method, args, refusal.error, injected=True, team=team))
            return Reply.of(refusal.status, refusal.answer, refusal.headers)
        failure = self._next_failure(method, args)
        if failure is not None and failure.drop:
            self._record(Call(method, args, "dropped", injected=True))
            return None
        if failure is not None:
            self._record(Call(method, args, failure.error or str(failure.status), injected=True))
            answer = {"ok": False, "error": failure.error, **failure.extra}
            return Reply.of(failure.status, answer, failure.headers)
        with self.lock:
            try:
                if method == "oauth.v2.access":
                    answer = {"ok": True, **oauth_access(self.oauth, self.workspace, args, basic)}
                elif method == "apps.connections.open":
                    if not self.app_token or token != self.app_token:
                        raise SlackError("invalid_auth")
                    answer = {"ok": True, "url": self.socket_mode_url}
                else:
                    answer = {"ok": True, **self.api.call(method, args, token)}
                self._record(Call(method, args, answer=answer, team=team))
            except SlackError as error:
                self._record(Call(method, args, error.error, team=team))
                if error.error in REFUSALS and team is not None:
                    self._refused(method, args, team, error)
                answer = {"ok": False, "error": error.error, "detail": error.detail}
            except Exception:  # a fault of the stand-in's own: Slack's answer to its own faults
                logger.exception("Slack stand-in failed on %s", method)
                self._record(Call(method, args, "internal_error", team=team))
                return Reply.of(500, {"ok": False, "error": "internal_error"})
        return Reply.of(200, answer)

    def _refused(self, method: str, args: dict[str, Any], team: str, error: SlackError) -> None:
        """Keep Slack's refusal where what the app sent would have appeared, and log it."""
        logger.warning("Slack stand-in refused %s: %s %s", method, error.error, error.detail[:500])
        notice = Notice(method, error.error, error.detail[:2000])
        channel = args.get("channel") or args.get("channel_id")
        conversation = self.workspace.conversations.get(channel) if isinstance(channel, str) else None
        if method in ("chat.postMessage", "chat.postEphemeral") and conversation is not None:
            bot = self.workspace.teams[team].bot_user
            only_for = args.get("user") if method == "chat.postEphemeral" else None
            self.post(conversation, bot, text=str(args.get("text") or ""), only_for=only_for, notice=notice)
        elif method == "chat.update" and conversation is not None:
            found = conversation.find(str(args.get("ts")))
            if found is not None:
                found.notice = notice
                self.changed()
        elif method.startswith("views."):
            trigger = self.triggers.get(str(args.get("trigger_id")))
            person = trigger.user if trigger else args.get("user_id")
            if isinstance(person, str):
                self.alerts.setdefault(person, []).append(notice)
                self.changed()

    def _record(self, call: Call | None = None, response: dict[str, Any] | None = None) -> None:
        with self.lock:
            if call is not None:
                self.calls.append(call)
            if response is not None:
                self.responses.append(response)
            self.lock.notify_all()

    def _hold(self, method: str) -> None:
        with self.lock:
            queue = self._stalls.get(method)
            if not queue:
                return
            seconds = queue.pop(0)
            self.stalled += 1
            self.lock.notify_all()
        time.sleep(seconds)

    def _next_failure(self, method: str, args: dict[str, Any]) -> Failure | None:
        with self.lock:
            queue = self._failures.get(method, [])
            failure = next((f for f in queue if f.where is None or f.where(args)), None)
            if failure is None:
                return None
            failure.times -= 1
            if failure.times <= 0:
                queue.remove(failure)
            return failure

    def _private_file(self, path: str, headers: dict[str, str]) -> Reply:
        """A file's private URL (url_private_download): served only with a bot token, as Slack does;
        without one (or when a test makes `url_private_download` fail) Slack answers 200 with the HTML of
        its sign-in page, not an error."""
        file_id = path.removeprefix("/files-pri/").split("/", 1)[0]
        refused = self._next_failure("url_private_download", {"file": file_id}) is not None
        with self.lock:
            stored = self.workspace.files.get(file_id)
            if stored is None or stored.data is None:
                return Reply(404, b"not found", "text/plain")
            if (
                refused
                or headers.get("authorization", "").removeprefix("Bearer ") not in self.workspace.tokens
            ):
                return Reply(200, SIGN_IN_PAGE, "text/html; charset=utf-8")
            self.downloads.append(file_id)
            self.lock.notify_all()
            return Reply(200, stored.data, "application/octet-stream")

    # --- response_url ------------------------------------------------------------------------------
    def _respond(self, key: str, text: str) -> Reply:
        """A message posted to a response_url (docs.slack.dev/interactivity/handling-user-interaction)."""
        try:
            body = as_json(text)
        except SlackError:
            body = None
        if not isinstance(body, dict):
            self._record(Call("response_url", {"body": text[:2000]}, "invalid_payload"))
            return Reply.of(400, {"ok": False, "error": "invalid_payload"})
        with self.lock:
            if key not in self.targets:
                return Reply.of(404, {"ok": False, "error": "expired_url"})
            target = self.targets[key]
            issued, uses = (
                (target.issued, target.uses) if target is not None else self.named_uses.get(key, (0.0, 0))
            )
            if time.monotonic() - issued > RESPONSE_URL_SECONDS:
                self._record(Call("response_url", body, "expired_url"))
                return Reply.of(404, {"ok": False, "error": "expired_url"})
            if uses >= RESPONSE_URL_USES:
                self._record(Call("response_url", body, "used_url"))
                return Reply.of(404, {"ok": False, "error": "used_url"})
            if target is not None:
                target.uses += 1
            else:
                self.named_uses[key] = (issued, uses + 1)
                self.named_posts.setdefault(key, []).append(body)
            try:
                self.reply(target, body, "response_url")
            except SlackError as error:
                return Reply.of(400, {"ok": False, "error": error.error})
            self._record(response=body)
        return Reply.of(200, {"ok": True})

    def reply(self, target: ResponseTarget | None, body: dict[str, Any], via: str) -> None:
        """The app's answer to a person's action (posted to a response_url, or in a command's ack): a new
        ephemeral (or, with `response_type: in_channel`, a message in the conversation), or with
        `replace_original` / `delete_original` a change to the message acted on. What Slack would
        refuse is kept as a notice where it would have appeared, and raised."""
        with self.lock:
            try:
                if not body.get("delete_original"):
                    check_message(body)
            except SlackError as error:
                self._record(Call(via, body, error.error))
                logger.warning("Slack stand-in refused %s: %s %s", via, error.error, error.detail[:500])
                if target is not None:
                    notice = Notice(via, error.error, error.detail[:2000])
                    conversation = self.api.conversation(target.channel, target.team)
                    bot = self.workspace.teams[target.team].bot_user
                    self.post(
                        conversation,
                        bot,
                        text=str(body.get("text") or ""),
                        only_for=target.user,
                        notice=notice,
                    )
                raise
            if target is not None:
                self._deliver(target, body)

    def _deliver(self, target: ResponseTarget, body: dict[str, Any]) -> None:
        conversation = self.api.conversation(target.channel, target.team)
        bot = self.workspace.teams[target.team].bot_user
        source = next(
            (
                m
                for m in conversation.messages
                if m.ts == target.source_ts and m.only_for in (None, target.user)
            ),
            None,
        )
        if body.get("delete_original") and source is not None:
            conversation.messages.remove(source)
            self.changed()
            return
        blocks = stored_blocks(as_json(body["blocks"])) if body.get("blocks") else None
        if _true(body.get("replace_original")) and source is not None:
            source.text, source.blocks, source.notice = body.get("text") or "", blocks, None
            source.edited = True
            self.changed()
            return
        self.post(
            conversation,
            bot,
            text=body.get("text") or "",
            blocks=blocks,
            thread_ts=body.get("thread_ts"),
            only_for=None if body.get("response_type") == "in_channel" else target.user,
        )


def _true(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _basic(auth: str) -> tuple[str, str] | None:
    if not auth.startswith("Basic "):
        return None
    try:
        user, _, password = base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")
    except ValueError:
        return None
    return user, password


def lower_headers(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name.lower(): value for name, value in pairs}
