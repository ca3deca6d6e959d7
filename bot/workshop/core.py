"""All of the workshop's services, built once and shared by every request."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.scheduling.clock import Clock, system_clock
from bot.scheduling.engine import Job
from bot.scheduling.grammar import DEFAULT_PER_DAY
from bot.workshop.analysis import AnalysisService
from bot.workshop.audit import AuditService
from bot.workshop.board import BoardLocks
from bot.workshop.chat import Chat
from bot.workshop.deadlines import DeadlineService, NudgeService
from bot.workshop.exports import ExportsService
from bot.workshop.flow import FlowService
from bot.workshop.home import HomeService
from bot.workshop.images import ImagesService
from bot.workshop.imports import ImportsService
from bot.workshop.iteration import IterationService
from bot.workshop.lifecycle import LifecycleService
from bot.workshop.maps import MapsService
from bot.workshop.revisits import DEFAULT_GRACE, RevisitService
from bot.workshop.snapshots import SnapshotsService
from bot.workshop.timeline import TimelineService
from bot.workshop.touchpoints import TouchpointsService
from bot.workshop.workspaces import WorkspacesService
from storage.db import UnitOfWork


@dataclass(frozen=True)
class Workshop:
    """The core's use cases, one service per part of the method, and what they share: the unit of work,
    the chat they speak in, and the board locks."""

    uow: UnitOfWork
    chat: Chat
    board_locks: BoardLocks
    maps: MapsService
    timeline: TimelineService
    touchpoints: TouchpointsService
    analysis: AnalysisService
    iteration: IterationService
    flow: FlowService
    home: HomeService
    images: ImagesService
    exports: ExportsService
    imports: ImportsService
    revisits: RevisitService
    lifecycle: LifecycleService
    deadlines: DeadlineService
    nudges: NudgeService
    snapshots: SnapshotsService
    audit: AuditService
    workspaces: WorkspacesService

    @classmethod
    def build(
        cls,
        uow: UnitOfWork,
        chat: Chat,
        clock: Clock = system_clock,
        reminders_per_day: int = DEFAULT_PER_DAY,
        reminder_grace: timedelta = DEFAULT_GRACE,
        forget_tokens: Callable[[str], None] = lambda _team: None,
    ) -> "Workshop":
        """The core on `uow`, speaking in `chat`; `forget_tokens` drops a team's Slack tokens as its
        workspace uninstalls the app (installs by OAuth keep them)."""
        locks = BoardLocks()
        images = ImagesService(uow, chat, locks)
        return cls(
            uow=uow,
            chat=chat,
            board_locks=locks,
            maps=MapsService(uow, chat, locks),
            timeline=TimelineService(uow, chat, locks),
            touchpoints=TouchpointsService(uow, chat, locks),
            analysis=AnalysisService(uow, chat, locks),
            iteration=IterationService(uow, chat, locks, clock, reminders_per_day),
            flow=FlowService(uow, chat, locks),
            home=HomeService(uow, chat, locks),
            images=images,
            exports=ExportsService(uow, chat, locks),
            imports=ImportsService(uow, chat, locks),
            revisits=RevisitService(
                uow,
                chat,
                locks,
                clock,
                images=images,
                reminders_per_day=reminders_per_day,
                grace=reminder_grace,
            ),
            lifecycle=LifecycleService(uow, chat, locks),
            deadlines=DeadlineService(uow, chat, locks, clock),
            nudges=NudgeService(uow, chat, locks, clock),
            snapshots=SnapshotsService(uow, chat, locks),
            audit=AuditService(uow, chat, locks),
            workspaces=WorkspacesService(uow, forget_tokens),
        )

    @property
    def jobs(self) -> list[Job[Any]]:
        """What the scheduler fires, one service per kind of due row."""
        return [self.revisits, self.deadlines, self.nudges]

    def close(self) -> None:
        """Stop its threads when done with it: board refreshes waiting for their turn give up, queued ones
        are dropped, and those under way are waited for."""
        self.flow.board_locks.close(wait=True)

    def __deepcopy__(self, memo: dict) -> "Workshop":
        return self  # Bolt deep-copies the context for lazy listeners; the core is shared
