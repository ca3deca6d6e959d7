"""The Slack stand-in (`bot.playground.standin`) as the tests use it: a workspace where Alice, Bob and Carol
share #journey-workshop with the bot, served on a loopback port of its own, and the tests' names for it.

A conversation or person the tests don't list is taken to exist (the stand-in's open world), so a test
names only what it looks at. Trigger ids are checked as Slack checks them (issued for that person, used
once), but live a minute rather than Slack's 3 seconds: timing is the benchmarks' business.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bot.oauth import BOT_SCOPES
from bot.playground.checks import MESSAGE_BLOCKS_MAX, REFUSALS, TEXT_MAX, VIEW_BLOCKS_MAX, SlackError
from bot.playground.checks import check_blocks as validate_blocks
from bot.playground.checks import check_view as validate_view
from bot.playground.standin import Call, Failure, SlackStandIn, lower_headers
from bot.playground.workspace import Person, StoredFile, Team, Workspace

__all__ = [
    "MESSAGE_BLOCKS_MAX",
    "REFUSALS",
    "TEXT_MAX",
    "VIEW_BLOCKS_MAX",
    "Call",
    "Failure",
    "FakeSlack",
    "SlackError",
    "validate_blocks",
    "validate_view",
]

BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
TEAM_ID = "T0TEAM001"
BOT_USER_ID = "U0BOT0001"
CLIENT_ID, CLIENT_SECRET = "1111.2222", "fake-client-secret"  # the app's OAuth credentials
ALICE, BOB, CAROL, MALLORY = "U0ALICE01", "U0BOB0001", "U0CAROL01", "U0MALLORY"
WORKSHOP_CHANNEL = "C0WORKSHOP"


def test_workspace() -> Workspace:
    space = Workspace()
    space.add_team(Team(TEAM_ID, "Test", "touchpoint-test", BOT_USER_ID), BOT_TOKEN)
    for user, name in ((ALICE, "Alice"), (BOB, "Bob"), (CAROL, "Carol")):
        space.people[user] = Person(user, TEAM_ID, name, user.lower())
    space.add_channel(WORKSHOP_CHANNEL, TEAM_ID, "journey-workshop", {ALICE, BOB, CAROL, BOT_USER_ID})
    return space


class FakeSlack(SlackStandIn):
    """Serve with `start()`; `url` is the base the bot's SLACK_API_URL points at (…/api/)."""

    def __init__(self) -> None:
        super().__init__(test_workspace(), open_world=True, trigger_ttl=60.0)
        self.oauth.client_id, self.oauth.client_secret, self.oauth.scopes = (
            CLIENT_ID,
            CLIENT_SECRET,
            BOT_SCOPES,
        )
        self.app_token = APP_TOKEN
        self._server = Loopback(self)

    def start(self) -> "FakeSlack":
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    # --- the workspace, as the tests change it -----------------------------------------------------
    @property
    def members(self) -> dict[str, set[str]]:
        """Who is in each channel; a channel not listed is one the stand-in knows nothing about."""
        return self.workspace.members

    @property
    def tokens(self) -> dict[str, str]:
        return self.workspace.tokens

    @property
    def bot_users(self) -> dict[str, str]:
        return {team.id: team.bot_user for team in self.workspace.teams.values()}

    @property
    def rotation_seconds(self) -> int | None:
        return self.oauth.rotation_seconds

    @rotation_seconds.setter
    def rotation_seconds(self, seconds: int | None) -> None:
        self.oauth.rotation_seconds = seconds

    def person(self, user: str) -> Person:
        """The person `user` (users.info's answer), to set their locale, time zone or role."""
        with self.lock:
            return self.api.person(user, TEAM_ID)

    @property
    def uploads(self) -> dict[str, tuple[int, bytes | None]]:
        """The files the bot uploaded: id -> (announced length, bytes received)."""
        bots = {team.bot_user for team in self.workspace.teams.values()}
        with self.lock:
            return {f.id: (f.length, f.data) for f in self.workspace.files.values() if f.user in bots}

    def add_file(self, name: str, data: bytes, size: int | None = None) -> dict[str, Any]:
        """A file as a person uploads it in a modal's file input: what view_submission reports of it.
        `size` overrides what files.info says (to check the bot doesn't fetch an announced large file)."""
        with self.lock:
            file_id = self.workspace.new_id("F")
            length = len(data) if size is None else size
            self.workspace.files[file_id] = StoredFile(
                file_id, TEAM_ID, ALICE, name, length, name, data=data, shared=True
            )
        return {"id": file_id, "name": name, "title": name, "filetype": name.rsplit(".", 1)[-1]}

    def share_channel(self, channel: str, guests: dict[str, str]) -> None:
        """Make `channel` a Slack Connect channel: `guests` (user -> their own team, another organisation's)
        join it, and users.info says which team each belongs to."""
        with self.lock:
            self.workspace.share(channel, guests)

    def opened_form(self, before: int, timeout: float = 10) -> Call:
        """The form the bot opened after `before` views.open calls: the opened view itself, or, when the
        bot opened a waiting modal first (its form was slow to make), the views.update that replaced it."""
        opened = self.wait_for("views.open", before + 1, timeout)[before]
        blocks = opened.json("view").get("blocks") or []
        waiting = len(blocks) == 1 and "⏳" in json.dumps(blocks[0], ensure_ascii=False)
        if opened.error or not waiting:
            return opened
        view_id = opened.answer["view"]["id"]
        return self.wait_for("views.update", 1, timeout, where=lambda c: c.args.get("view_id") == view_id)[0]

    def add_workspace(self, team_id: str, channel: str, people: set[str]) -> None:
        """Another workspace, with a channel of its own where `people`, its own people from now on (as
        users.info says), and its bot are members."""
        with self.lock:
            team = self.workspace.team(team_id)
            for user in people:
                known = self.workspace.people.get(user)
                self.workspace.people[user] = Person(user, team_id, known.name if known else "", user.lower())
            self.workspace.add_channel(channel, team_id, channel.lower(), {*people, team.bot_user})


class Loopback:
    """`slack` served on a loopback port of its own (which it learns as its `root`)."""

    def __init__(self, slack: SlackStandIn) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(slack))
        self._server.daemon_threads = True
        slack.root = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def start(self) -> None:
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(slack: SlackStandIn) -> type[BaseHTTPRequestHandler]:
    """The stand-in over http.server, which (unlike WSGI) can drop a connection unanswered."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self._serve(b"")

        def do_POST(self) -> None:
            self._serve(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

        def _serve(self, body: bytes) -> None:
            reply = slack.handle(self.command, self.path, lower_headers(self.headers.items()), body)
            if reply is None:
                self.close_connection = True
                return
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(reply.body)

    return Handler
