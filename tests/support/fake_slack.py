"""A fake Slack Web API on loopback: validates what the bot sends, records it, answers like Slack.

Limits come from Slack's docs: 50 blocks in a message and 100 in a modal or Home tab
(docs.slack.dev/reference/block-kit/blocks); message text is cut at 40,000 characters
(chat.postMessage). slack_sdk.models checks each block's own limits.
"""

import base64
import itertools
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.oauth import BOT_SCOPES

BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
TEAM_ID = "T0TEAM001"
BOT_USER_ID = "U0BOT0001"
CLIENT_ID, CLIENT_SECRET = "1111.2222", "fake-client-secret"  # the app's OAuth credentials
ALICE, BOB, CAROL, MALLORY = "U0ALICE01", "U0BOB0001", "U0CAROL01", "U0MALLORY"
WORKSHOP_CHANNEL = "C0WORKSHOP"
MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
TEXT_MAX = 40_000
ALT_TEXT_MAX = 1000  # files.getUploadURLExternal's alt_txt
# Errors that mean the bot sent something Slack would refuse (as opposed to a failure a test injected).
REFUSALS = {
    "invalid_arguments",
    "invalid_blocks",
    "no_text",
    "msg_too_long",
    "unknown_method",
    "invalid_auth",
}


class InvalidArguments(Exception):
    def __init__(self, error: str, detail: str = "") -> None:
        super().__init__(f"{error}: {detail}")
        self.error = error
        self.detail = detail


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    error: str | None = None
    answer: dict[str, Any] = field(default_factory=dict)
    injected: bool = False
    team: str | None = None  # the workspace whose token made the call
    at: float = field(default_factory=time.monotonic)  # when the fake answered (or dropped) it

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


def validate_blocks(blocks: Any, limit: int) -> None:
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if not isinstance(blocks, list) or len(blocks) > limit:
        raise InvalidArguments("invalid_blocks", f"blocks must be a list of at most {limit}")
    block_ids = [b.get("block_id") for b in blocks if b.get("block_id")]
    if len(block_ids) != len(set(block_ids)):
        raise InvalidArguments("invalid_blocks", "duplicate block_id")
    for raw in blocks:
        parsed = Block.parse(raw)
        if parsed is None or type(parsed) is Block:
            raise InvalidArguments("invalid_blocks", f"unknown block {raw!r}")
        try:
            parsed.validate_json()
        except SlackObjectFormationError as error:
            raise InvalidArguments("invalid_blocks", f"{error} in {raw!r}") from error
        if parsed.to_dict() != raw:
            raise InvalidArguments("invalid_blocks", f"unknown or malformed fields in {raw!r}")


def validate_view(view: Any) -> None:
    if isinstance(view, str):
        view = json.loads(view)
    try:
        View(**view).validate_json()
    except (SlackObjectFormationError, TypeError) as error:
        raise InvalidArguments("invalid_arguments", str(error)) from error
    validate_blocks(view.get("blocks", []), VIEW_BLOCKS_MAX)


def _require(args: dict[str, Any], *names: str) -> None:
    missing = [n for n in names if not args.get(n)]
    if missing:
        raise InvalidArguments("invalid_arguments", f"missing {', '.join(missing)}")


def _message(args: dict[str, Any]) -> None:
    if not args.get("text") and not args.get("blocks"):
        raise InvalidArguments("no_text")
    if len(args.get("text") or "") > TEXT_MAX:
        raise InvalidArguments("msg_too_long")
    if args.get("blocks"):
        validate_blocks(args["blocks"], MESSAGE_BLOCKS_MAX)


class FakeSlack:
    """Serve with `start()`; `url` is the base the bot's SLACK_API_URL points at (…/api/)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.responses: list[dict[str, Any]] = []
        # Who is in which channel; a channel not listed here is one the fake knows nothing about.
        self.members: dict[str, set[str]] = {WORKSHOP_CHANNEL: {ALICE, BOB, CAROL, BOT_USER_ID}}
        # Which workspace each bot token belongs to; a call with a token not listed is refused.
        self.tokens: dict[str, str] = {BOT_TOKEN: TEAM_ID}
        # Each workspace's bot user, and the workspace of each channel: a channel listed here is
        # not found from another workspace's token (a channel not listed is any workspace's).
        self.bot_users: dict[str, str] = {TEAM_ID: BOT_USER_ID}
        self.channel_teams: dict[str, str] = {}
        # OAuth: the codes Slack hands to the redirect (code -> team, installer), the refresh tokens
        # (refresh token -> the bot token it renews), and the lifetime of tokens when they rotate.
        self.codes: dict[str, tuple[str, str]] = {}
        self.refresh_tokens: dict[str, str] = {}
        self.rotation_seconds: int | None = None  # a new install's token; None: tokens don't rotate
        self.refreshed_seconds = 12 * 3600  # a refreshed token's (Slack's: 12 hours)
        self.socket_mode_url = ""
        self.names = {ALICE: "Alice", BOB: "Bob", CAROL: "Carol"}  # display names (users.info)
        # Each person's Slack locale, as users.info tells it with include_locale; "en-US" if not listed.
        self.locales: dict[str, str] = {}
        # Workspace admins and owners: users.info says `is_admin` or `is_owner` of them.
        self.admins: set[str] = set()
        self.owners: set[str] = set()
        # Each person's Slack time zone (users.info's `tz`); none for a person not listed.
        self.timezones: dict[str, str] = {}
        # Files uploaded through files.getUploadURLExternal: id -> (announced length, bytes received)
        self.uploads: dict[str, tuple[int, bytes | None]] = {}
        # Files people gave the bot (a modal's file input), served by files.info and their private URL.
        self.files: dict[str, tuple[str, bytes]] = {}
        self.downloads: list[str] = []  # the ids of the files the bot fetched
        self._sizes: dict[str, int] = {}
        self._failures: dict[str, list[Failure]] = {}
        # Methods that answer after a random delay of up to this many seconds, as a busy Slack does
        # (concurrent calls then complete in another order than they were made).
        self.latency: dict[str, float] = {}
        self._stalls: dict[str, list[float]] = {}
        self.stalled = 0  # calls held back by `stall` so far
        self._ts = itertools.count(1)
        self._changed = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self.root = f"http://127.0.0.1:{self._server.server_address[1]}/"
        self.url = self.root + "api/"

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self) -> "FakeSlack":
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- what tests ask --------------------------------------------------------------------------
    def fail(self, method: str, failure: Failure) -> None:
        self._failures.setdefault(method, []).append(failure)

    def add_file(self, name: str, data: bytes, size: int | None = None) -> dict[str, Any]:
        """A file as a person uploads it in a modal's file input: what view_submission reports of it.
        `size` overrides what files.info says (to check the bot doesn't fetch an announced large file)."""
        file_id = f"F{next(self._ts):08d}"
        self.files[file_id] = (name, data)
        self._sizes[file_id] = len(data) if size is None else size
        return {"id": file_id, "name": name, "title": name, "filetype": name.rsplit(".", 1)[-1]}

    def stall(self, method: str, seconds: float) -> None:
        """Hold the next call to `method` back for `seconds` before answering it (and recording it)."""
        with self._changed:
            self._stalls.setdefault(method, []).append(seconds)

    def wait_for_stall(self, count: int = 1, timeout: float = 10) -> None:
        """Wait until `count` calls are being (or have been) held back by `stall`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self.stalled < count:
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"{self.stalled} calls stalled, expected {count}"
                self._changed.wait(remaining)

    def response_url(self, name: str) -> str:
        return f"{self.root}responses/{name}"

    def calls_to(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self, method: str, count: int = 1, timeout: float = 10, where: Callable[[Call], bool] | None = None
    ) -> list[Call]:
        """Wait until `method` has been called `count` times (counting only calls `where` accepts);
        the bot works after its ack."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(found := [c for c in self.calls if c.method == method and (where or bool)(c)]) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    called = ", ".join(f"{c.method}{'!' + c.error if c.error else ''}" for c in self.calls)
                    raise AssertionError(
                        f"{method} called {len(found)} times, expected {count}; calls: {called}"
                    )
                self._changed.wait(remaining)
            return found

    def wait_for_response(self, count: int = 1, timeout: float = 10) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.responses) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"{len(self.responses)} response_url posts, expected {count}")
                self._changed.wait(remaining)
            return list(self.responses)

    @property
    def rejected(self) -> list[Call]:
        """Calls the fake refused as malformed: a test fails if the bot made any."""
        return [c for c in self.calls if c.error in REFUSALS and not c.injected]

    # --- OAuth -----------------------------------------------------------------------------------
    def add_workspace(self, team_id: str, channel: str, people: set[str]) -> None:
        """Another workspace, with a channel of its own where `people` and its bot are members."""
        self.bot_users[team_id] = f"U0BOT{team_id[-4:]}"
        self.members[channel] = {*people, self.bot_users[team_id]}
        self.channel_teams[channel] = team_id

    def authorize(self, team_id: str, installer: str) -> str:
        """The code Slack gives the redirect once `installer` approves the install in `team_id`."""
        code = f"code-{team_id}-{next(self._ts)}"
        self.codes[code] = (team_id, installer)
        return code

    def _issue(self, team_id: str, installer: str, lifetime: int | None) -> dict[str, Any]:
        token = f"xoxb-{team_id}-{next(self._ts)}"
        self.tokens[token] = team_id
        answer = {
            "app_id": "A0TOUCHPT",
            "authed_user": {"id": installer},
            "scope": ",".join(BOT_SCOPES),
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": self.bot_users.setdefault(team_id, f"U0BOT{team_id[-4:]}"),
            "team": {"id": team_id, "name": f"Workspace {team_id}"},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        if lifetime is not None:
            refresh = f"xoxe-1-{team_id}-{next(self._ts)}"
            self.refresh_tokens[refresh] = token
            answer |= {"refresh_token": refresh, "expires_in": lifetime}
        return answer

    def _oauth_access(self, args: dict[str, Any], basic: tuple[str, str] | None) -> dict[str, Any]:
        """oauth.v2.access: a code for the first token, or (token rotation) a refresh token for a new one;
        the app authenticates with its client id and secret (form fields or HTTP Basic)."""
        client = basic or (args.get("client_id"), args.get("client_secret"))
        if client != (CLIENT_ID, CLIENT_SECRET):
            raise InvalidArguments("invalid_client_id" if client[0] != CLIENT_ID else "bad_client_secret")
        if args.get("grant_type") == "refresh_token":
            old = self.refresh_tokens.pop(args.get("refresh_token", ""), None)
            if old is None:
                raise InvalidArguments("invalid_refresh_token")
            team_id = self.tokens.pop(old)
            return self._issue(team_id, "", self.refreshed_seconds)
        if args.get("code") not in self.codes:
            raise InvalidArguments("invalid_code")
        team_id, installer = self.codes.pop(args["code"])
        return self._issue(team_id, installer, self.rotation_seconds)

    # --- the API ---------------------------------------------------------------------------------
    def _answer(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        if method == "apps.connections.open":
            if token != APP_TOKEN:
                raise InvalidArguments("invalid_auth")
            return {"url": self.socket_mode_url}
        team = self.tokens.get(token or "")
        if team is None:
            raise InvalidArguments("invalid_auth")
        channel = args.get("channel") or args.get("channel_id")
        if channel and self.channel_teams.get(channel, team) != team:
            raise InvalidArguments("channel_not_found")
        match method:
            case "auth.test":
                return {
                    "url": "https://touchpoint-test.slack.com/",
                    "team": "Test",
                    "user": "touchpoint",
                    "team_id": team,
                    "user_id": self.bot_users[team],
                    "bot_id": "B0BOT0001",
                }
            case "chat.postMessage":
                _require(args, "channel")
                _message(args)
                self._check_member(args["channel"], team)
                ts = f"{int(time.time())}.{next(self._ts):06d}"
                return {"channel": args["channel"], "ts": ts, "message": {"text": args.get("text"), "ts": ts}}
            case "chat.update":
                _require(args, "channel", "ts")
                _message(args)
                return {"channel": args["channel"], "ts": args["ts"]}
            case "chat.postEphemeral":
                _require(args, "channel", "user")
                _message(args)
                return {"message_ts": f"{int(time.time())}.{next(self._ts):06d}"}
            case "conversations.members":
                return self._conversation_members(args, team)
            case "users.info":
                _require(args, "user")
                name = args["user"].lower()
                user = {
                    "id": args["user"],
                    "team_id": TEAM_ID,
                    "name": name,
                    "profile": {"display_name": self.names.get(args["user"], ""), "real_name": name},
                    "is_admin": args["user"] in self.admins or args["user"] in self.owners,
                    "is_owner": args["user"] in self.owners,
                }
                if str(args.get("include_locale")).lower() in {"true", "1"}:
                    user["locale"] = self.locales.get(args["user"], "en-US")
                if args["user"] in self.timezones:
                    user["tz"] = self.timezones[args["user"]]
                return {"user": user}
            case "chat.getPermalink":
                _require(args, "channel", "message_ts")
                ts = args["message_ts"].replace(".", "")
                return {
                    "channel": args["channel"],
                    "permalink": f"https://touchpoint-test.slack.com/archives/{args['channel']}/p{ts}",
                }
            case "conversations.open":
                _require(args, "users")
                if "," in args["users"]:
                    raise InvalidArguments("invalid_arguments", "the bot opens one-to-one DMs only")
                return {"channel": {"id": "D" + args["users"][1:]}}
            case "files.info":
                _require(args, "file")
                if args["file"] not in self.files:
                    raise InvalidArguments("file_not_found")
                name, _ = self.files[args["file"]]
                private = f"{self.root}files-pri/{args['file']}/{name}"
                return {
                    "file": {
                        "id": args["file"],
                        "name": name,
                        "size": self._sizes[args["file"]],
                        "url_private": private,
                        "url_private_download": private + "?download=1",
                    }
                }
            case "files.getUploadURLExternal":
                return self._upload_url(args)
            case "files.completeUploadExternal":
                return self._complete_upload(args, team)
            case "views.open" | "views.push":
                _require(args, "trigger_id", "view")
                validate_view(args["view"])
                return {"view": {"id": f"V{next(self._ts):08d}"}}
            case "views.update":
                _require(args, "view")
                validate_view(args["view"])
                return {"view": {"id": args.get("view_id") or "V0"}}
            case "views.publish":
                _require(args, "user_id", "view")
                validate_view(args["view"])
                return {"view": {"id": f"V{next(self._ts):08d}"}}
        raise InvalidArguments("unknown_method", method)

    def _upload_url(self, args: dict[str, Any]) -> dict[str, Any]:
        _require(args, "filename", "length")
        if not str(args["length"]).isdigit() or int(args["length"]) <= 0:
            raise InvalidArguments("invalid_arguments", "length must be a positive number of bytes")
        if len(args.get("alt_txt") or "") > ALT_TEXT_MAX:
            raise InvalidArguments("invalid_arguments", f"alt_txt over {ALT_TEXT_MAX} characters")
        file_id = f"F{next(self._ts):08d}"
        self.uploads[file_id] = (int(args["length"]), None)
        return {"upload_url": f"{self.root}upload/{file_id}", "file_id": file_id}

    def _complete_upload(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        files = json.loads(args["files"]) if isinstance(args.get("files"), str) else args.get("files")
        if not files:
            raise InvalidArguments("invalid_arguments", "missing files")
        for each in files:
            length, data = self.uploads.get(each.get("id"), (0, None))
            if data is None or len(data) != length:
                raise InvalidArguments("file_not_found" if data is None else "file_uploaded_size_mismatch")
        if args.get("channel_id"):
            self._check_member(args["channel_id"], team)
        return {"files": [{"id": each["id"], "title": each.get("title")} for each in files]}

    def _check_member(self, channel: str, team: str) -> None:
        if channel in self.members and self.bot_users[team] not in self.members[channel]:
            raise InvalidArguments("not_in_channel")

    def _conversation_members(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        _require(args, "channel")
        if args["channel"] not in self.members or self.bot_users[team] not in self.members[args["channel"]]:
            raise InvalidArguments("channel_not_found")
        everyone = sorted(self.members[args["channel"]])
        start, limit = int(args.get("cursor") or 0), int(args.get("limit") or 100)
        page = everyone[start : start + limit]
        cursor = str(start + limit) if start + limit < len(everyone) else ""
        return {"members": page, "response_metadata": {"next_cursor": cursor}}

    def _record(self, call: Call | None = None, response: dict[str, Any] | None = None) -> None:
        with self._changed:
            if call is not None:
                self.calls.append(call)
            if response is not None:
                self.responses.append(response)
            self._changed.notify_all()

    def _hold(self, method: str) -> None:
        with self._changed:
            queue = self._stalls.get(method)
            if not queue:
                return
            seconds = queue.pop(0)
            self.stalled += 1
            self._changed.notify_all()
        time.sleep(seconds)

    def _next_failure(self, method: str, args: dict[str, Any]) -> Failure | None:
        with self._changed:
            queue = self._failures.get(method, [])
            failure = next((f for f in queue if f.where is None or f.where(args)), None)
            if failure is None:
                return None
            failure.times -= 1
            if failure.times <= 0:
                queue.remove(failure)
            return failure

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                """A file's private URL: served only with the bot token, as Slack does."""
                file_id = self.path.removeprefix("/files-pri/").split("/", 1)[0]
                if not self.path.startswith("/files-pri/") or file_id not in fake.files:
                    self.send_error(404)
                    return
                if self.headers.get("Authorization", "").removeprefix("Bearer ") not in fake.tokens:
                    self.send_error(302)  # Slack redirects to a sign-in page
                    return
                data = fake.files[file_id][1]
                with fake._changed:
                    fake.downloads.append(file_id)
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/upload/"):  # step 2 of files_upload_v2: the bytes
                    file_id = self.path.removeprefix("/upload/")
                    with fake._changed:
                        announced = fake.uploads.get(file_id, (0, None))[0]
                        fake.uploads[file_id] = (announced, raw)
                    self._send(200, {"ok": True})
                    return
                body = raw.decode()
                if self.path.startswith("/responses/"):
                    response = json.loads(body)
                    try:
                        _message(response)
                    except InvalidArguments as error:
                        fake._record(Call("response_url", response, error.error))
                        self._send(400, {"ok": False, "error": error.error})
                        return
                    fake._record(response=response)
                    self._send(200, {"ok": True})
                    return
                method = self.path.removeprefix("/api/")
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    args = json.loads(body) if body else {}
                else:
                    args = dict(parse_qsl(body))
                auth = self.headers.get("Authorization", "")
                token = (
                    auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else args.pop("token", None)
                )
                team = fake.tokens.get(token or "")
                if method in fake.latency:
                    time.sleep(random.uniform(0, fake.latency[method]))
                fake._hold(method)
                failure = fake._next_failure(method, args)
                if failure is not None and failure.drop:
                    fake._record(Call(method, args, "dropped", injected=True))
                    self.close_connection = True
                    return
                if failure is not None:
                    fake._record(Call(method, args, failure.error or str(failure.status), injected=True))
                    self._send(failure.status, {"ok": False, "error": failure.error}, failure.headers)
                    return
                try:
                    if method == "oauth.v2.access":
                        answer = {"ok": True, **fake._oauth_access(args, self._basic_auth())}
                    else:
                        answer = {"ok": True, **fake._answer(method, args, token)}
                    fake._record(Call(method, args, answer=answer, team=team))
                except InvalidArguments as error:
                    fake._record(Call(method, args, error.error, team=team))
                    answer = {"ok": False, "error": error.error, "detail": error.detail}
                self._send(200, answer)

            def _basic_auth(self) -> tuple[str, str] | None:
                auth = self.headers.get("Authorization", "")
                if not auth.startswith("Basic "):
                    return None
                user, _, password = base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")
                return user, password

            def _send(
                self, status: int, answer: dict[str, Any], headers: dict[str, str] | None = None
            ) -> None:
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler
