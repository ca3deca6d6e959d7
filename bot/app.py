"""The app factory: settings in, a Bolt app wired to the workshop core out."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from slack_bolt import App, BoltContext

from bot.config import Settings
from bot.gateway import SlackGateway, build_client
from bot.installs import Installs
from bot.lookups import SharedAnswers
from bot.oauth import oauth_options
from bot.pacing import answering
from bot.scheduling.clock import Clock, system_clock
from bot.scheduling.engine import Policy
from bot.scheduling.runner import start_scheduler
from bot.slack_chat import SlackChat
from bot.workshop.core import Workshop
from handlers import register_listeners
from handlers.context import GATEWAY, WORKSHOP
from storage.db import UnitOfWork, build_engine


@dataclass(frozen=True)
class Runtime:
    """The bot in one process: the core, and the edge's way to Slack beside it."""

    workshop: Workshop
    gateway: SlackGateway
    installs: Installs | None  # installs by OAuth; None with one SLACK_BOT_TOKEN


def build_runtime(settings: Settings, clock: Clock = system_clock) -> Runtime:
    """The core, on `settings`' database, speaking in Slack; `clock` tells it the time (tests set it). With
    OAuth settings, each team's calls carry the token its installation stored."""
    client = build_client(settings.bot_token, settings.slack_api_url)
    engine = build_engine(settings.database_url)
    installs = None if settings.oauth is None else Installs.build(settings.oauth, engine, client)
    uow = UnitOfWork(engine)
    tokens = installs.tokens if installs else lambda _team: settings.bot_token or ""
    gateway = SlackGateway(client, tokens, answers=SharedAnswers(uow))
    workshop = Workshop.build(
        uow,
        SlackChat(gateway),
        clock,
        settings.reminders_per_day,
        timedelta(hours=settings.reminder_grace_hours),
        installs.tokens.forget if installs else lambda _team: None,
    )
    return Runtime(workshop, gateway, installs)


def run_scheduler(settings: Settings, workshop: Workshop, clock: Clock = system_clock) -> BackgroundScheduler:
    """Start firing the workshop's reminders, deadlines and nudges in this process, and deleting, every
    hour, the data of workspaces uninstalled longer than the retention period ago."""
    scheduler = start_scheduler(
        workshop.uow,
        workshop.jobs,
        clock,
        interval=settings.scheduler_interval,
        policy=Policy(batch=settings.scheduler_batch),
    )
    retention = timedelta(days=settings.retention_days)
    scheduler.add_job(workshop.workspaces.sweep, IntervalTrigger(hours=1), args=[retention], id="retention")
    return scheduler


def create_app(settings: Settings, clock: Clock = system_clock, runtime: Runtime | None = None) -> App:
    """The app, on `runtime` (built from `settings` when not given)."""
    runtime = runtime or build_runtime(settings, clock)
    workshop, gateway = runtime.workshop, runtime.gateway
    app = App(
        client=gateway.client,
        signing_secret=settings.signing_secret or "",
        # Socket Mode requests arrive over an authenticated WebSocket and carry no signature.
        request_verification_enabled=not settings.socket_mode,
        # Listeners ack in the request's own thread, so an ack never waits behind work done after one.
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(max_workers=32, thread_name_prefix="touchpoint-work"),
        token_verification_enabled=False,  # the CLI checks the token once, before serving
        **(oauth_options(runtime.installs, workshop.workspaces) if runtime.installs else {}),
    )

    @app.middleware
    def provide_workshop(context: BoltContext, next: Callable[[], None]) -> None:
        context[WORKSHOP] = workshop
        context[GATEWAY] = gateway
        answering()  # the work before the ack: Slack's rate limits don't keep it past the ack's budget
        next()

    register_listeners(app)
    return app


def stop_app(app: App, workshop: Workshop) -> None:
    """Stop `app`'s threads once it takes no more requests: the work after its acks (lazy listeners) runs
    to its end, then `workshop` closes. Until then that work may still call Slack and the database."""
    app.listener_runner.listener_executor.shutdown(wait=True)
    workshop.close()
