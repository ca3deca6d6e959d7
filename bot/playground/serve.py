"""Starting and stopping the playground: the Slack stand-in, the bot exactly as production builds it
(`build_runtime`, `run_scheduler`, `create_app`) on a clock the page can move forward, and one threaded
WSGI server on one port for the page, the stand-in and the bot's `/slack/events`."""

import logging
import secrets
import signal
import socketserver
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from sqlalchemy import select

from bot.app import build_runtime, create_app, run_scheduler, stop_app
from bot.config import Settings
from bot.document.merge import create_map
from bot.playground import people
from bot.playground.client import Client
from bot.playground.clock import OffsetClock
from bot.playground.demo import demo_document
from bot.playground.payloads import Sender
from bot.playground.persist import Keeper, load, state_path
from bot.playground.standin import TRIGGER_SECONDS, SlackStandIn
from bot.playground.web import Playground
from bot.scheduling.clock import as_utc
from bot.server import EVENTS_PATH, wsgi_app
from bot.workshop.core import Workshop
from storage import migrate
from storage.models import Map
from storage.schedules import next_due

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
CALLS_KEPT = 2000  # the stand-in's record of calls (the tests' hook), bounded in a long-running playground


@dataclass(frozen=True)
class Options:
    database_url: str
    port: int = 3000
    host: str = LOOPBACK
    lang: str = "en"
    demo: bool = False
    log_level: str = "INFO"
    scheduler_interval: float = 5.0
    state: Path | None = None  # where the workspace is kept; beside the SQLite file by default
    trigger_ttl: float = TRIGGER_SECONDS  # Slack's; the tests give their (busy) machine longer


class _Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        logger.debug(format, *args)


@dataclass
class Running:
    """A started playground; `stop()` stops it cleanly."""

    url: str
    slack: SlackStandIn
    client: Client
    clock: OffsetClock
    workshop: Workshop
    app: App
    scheduler: BackgroundScheduler
    keeper: Keeper
    server: WSGIServer
    page: Playground | None = None  # the page's routes, once they serve

    def fire_next(self) -> datetime | None:
        """Move the bot's clock to the earliest reminder, deadline or nudge, and let the scheduler fire
        it now (a tick of the real dispatcher). Returns when it was due; None if nothing is."""
        with self.workshop.uow() as session:
            due = next_due(session)
        if due is None:
            return None
        due = as_utc(due)
        self.clock.move_to(due + timedelta(seconds=1))
        tick = self.scheduler.get_job("tick")
        if tick is not None:
            tick.modify(next_run_time=datetime.now(UTC))
        return due

    def stop(self) -> None:
        """Let the firings under way finish and start no more, then stop serving and save the workspace."""
        self.scheduler.shutdown(wait=True)
        stop_app(self.app, self.workshop)  # while the stand-in the work after acks calls still serves
        if self.page is not None:
            self.page.close()  # the pages' live updates end, so no request thread outlives the server
        self.server.shutdown()
        self.server.server_close()
        self.keeper.stop()


def start(options: Options) -> Running:
    """Start the playground and return once it serves (on `options.port`; 0 picks a free port)."""
    migrate.upgrade(options.database_url)
    path = options.state or state_path(options.database_url)
    saved = load(path)
    clock = OffsetClock(saved[1] if saved else timedelta(0))
    slack = SlackStandIn(
        people.sample_workspace() if saved is None else saved[0],
        now=clock.timestamp,
        keep_calls=CALLS_KEPT,
        trigger_ttl=options.trigger_ttl,
    )
    if saved is None:
        _seed(slack)
    server = make_server(
        options.host, options.port, _not_ready, server_class=_Server, handler_class=_QuietHandler
    )
    port = server.server_port
    reach = LOOPBACK if options.host in ("0.0.0.0", "::", "") else options.host
    slack.root = f"http://{reach}:{port}/"
    keeper = Keeper(path, slack, clock)

    secret = secrets.token_hex(32)  # a fresh signing secret each start
    settings = Settings(
        bot_token=people.BOT_TOKEN,
        signing_secret=secret,
        app_token=None,
        database_url=options.database_url,
        slack_api_url=slack.url,
        port=port,
        log_level=options.log_level,
        scheduler_interval=options.scheduler_interval,
    )
    runtime = build_runtime(settings, clock)
    workshop = runtime.workshop
    workshop.workspaces.installed(people.TEAM_ID)
    scheduler = run_scheduler(settings, workshop, clock)
    client = Client(slack, Sender(slack.root.rstrip("/") + EVENTS_PATH, secret), people.TEAM_ID)
    first = people.FIRST_PERSON.get(options.lang, people.EMMA.id)
    app = create_app(settings, clock, runtime)
    running = Running(slack.root, slack, client, clock, workshop, app, scheduler, keeper, server)
    running.page = Playground(
        slack, client, wsgi_app(app, secret), clock=clock, fire_next=running.fire_next, first_person=first
    )
    server.set_app(running.page)
    threading.Thread(target=server.serve_forever, args=(0.2,), name="playground-http", daemon=True).start()
    if options.demo:
        _demo(running, options.lang, first)
    keeper.start()
    return running


def _not_ready(environ, start_response):
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting\n"]


def _seed(slack: SlackStandIn) -> None:
    """A fresh workspace's first messages: customer quotes in the support channel, for the shortcut."""
    with slack.lock:
        support = slack.workspace.conversations[people.SUPPORT]
        for author, text in people.QUOTES:
            slack.post(support, author, text=text)


def _demo(running: Running, language: str, facilitator: str) -> None:
    """The demo map in the workshop channel, at step 3, its board posted and its picture shown; once."""
    team, channel = people.TEAM_ID, people.WORKSHOP
    with running.workshop.uow() as session:
        if session.scalar(select(Map.id).where(Map.team_id == team, Map.channel_id == channel)) is not None:
            return
        others = tuple(p.id for p in people.PEOPLE if p.id != facilitator)
        found = create_map(session, team, channel, demo_document(language, (facilitator, *others)))  # type: ignore[arg-type]
        map_id = found.id
    running.workshop.maps.post_board(team, map_id)
    running.client.say(facilitator, channel, "/touchpoint map")


def serve_forever(options: Options, say: Callable[[str], None]) -> None:
    """Serve until Ctrl-C or SIGTERM, then stop cleanly (the scheduler shut down, the workspace saved)."""
    stopping = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stopping.set())  # before serving: it answers at once
    running = start(options)
    try:
        with running.slack.lock:
            first = people.FIRST_PERSON.get(options.lang, people.EMMA.id)
            name = running.slack.workspace.people[first].real_name
        say(f"The playground is ready at {running.url} (you are {name} at first). Ctrl-C stops it.")
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        say("Stopping the playground…")
        running.stop()
