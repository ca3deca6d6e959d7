"""APScheduler in the bot process: a tick every few seconds claims what is due, and the work runs on the
scheduler's own worker threads, never on the threads that answer Slack's requests."""

import logging
from datetime import UTC, datetime
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.scheduling.clock import Clock
from bot.scheduling.engine import Dispatcher, Job, Policy
from storage.db import UnitOfWork

WORKERS = 4


def start_scheduler(
    uow: UnitOfWork, jobs: list[Job[Any]], clock: Clock, *, interval: float, policy: Policy
) -> BackgroundScheduler:
    """Start ticking now and every `interval` seconds; `.shutdown()` stops it."""
    scheduler = BackgroundScheduler(
        executors={"default": ThreadPoolExecutor(WORKERS)},
        # A tick that finds the previous one still running is dropped, not queued; a firing handed to the
        # workers runs however late they get to it.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone=UTC,
    )
    dispatcher = Dispatcher(uow, jobs, clock, policy, submit=scheduler.add_job)
    scheduler.add_job(
        dispatcher.tick, IntervalTrigger(seconds=interval), id="tick", next_run_time=datetime.now(UTC)
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # not a line per tick
    scheduler.start()
    return scheduler
