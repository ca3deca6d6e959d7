"""All of the workshop's services, built once and shared by every request."""

from dataclasses import dataclass
from datetime import timedelta

from bot.gateway import SlackGateway
from bot.installs import Installs
from bot.scheduling.clock import Clock, system_clock
from bot.scheduling.engine import Job
from bot.scheduling.grammar import DEFAULT_PER_DAY
from bot.workshop.analysis import AnalysisService
from bot.workshop.audit import AuditService
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
from bot.workshop.service import BoardLocks
from bot.workshop.snapshots import SnapshotsService
from bot.workshop.timeline import TimelineService
from bot.workshop.touchpoints import TouchpointsService
from bot.workshop.workspaces import WorkspacesService
from storage.db import UnitOfWork


@dataclass(frozen=True)
class Workshop:
    """The core's use cases, one service per part of the method."""

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
    installs: Installs | None  # installs by OAuth; None with one SLACK_BOT_TOKEN

    @classmethod
    def build(
        cls,
        uow: UnitOfWork,
        gateway: SlackGateway,
        clock: Clock = system_clock,
        reminders_per_day: int = DEFAULT_PER_DAY,
        reminder_grace: timedelta = DEFAULT_GRACE,
        installs: Installs | None = None,
    ) -> "Workshop":
        locks = BoardLocks()
        images = ImagesService(uow, gateway, locks)
        return cls(
            maps=MapsService(uow, gateway, locks),
            timeline=TimelineService(uow, gateway, locks),
            touchpoints=TouchpointsService(uow, gateway, locks),
            analysis=AnalysisService(uow, gateway, locks),
            iteration=IterationService(uow, gateway, locks, clock, reminders_per_day),
            flow=FlowService(uow, gateway, locks),
            home=HomeService(uow, gateway, locks),
            images=images,
            exports=ExportsService(uow, gateway, locks),
            imports=ImportsService(uow, gateway, locks),
            revisits=RevisitService(
                uow,
                gateway,
                locks,
                clock,
                images=images,
                reminders_per_day=reminders_per_day,
                grace=reminder_grace,
            ),
            lifecycle=LifecycleService(uow, gateway, locks),
            deadlines=DeadlineService(uow, gateway, locks, clock),
            nudges=NudgeService(uow, gateway, locks, clock),
            snapshots=SnapshotsService(uow, gateway, locks),
            audit=AuditService(uow, gateway, locks),
            workspaces=WorkspacesService(uow, installs.tokens.forget if installs else lambda _team: None),
            installs=installs,
        )

    @property
    def jobs(self) -> list[Job]:
        """What the scheduler fires, one service per kind of due row."""
        return [self.revisits, self.deadlines, self.nudges]

    def close(self) -> None:
        """Stop its threads when done with it: board refreshes waiting for their turn give up, queued ones
        are dropped, and those under way are waited for."""
        self.flow.board_locks.close(wait=True)

    def __deepcopy__(self, memo: dict) -> "Workshop":
        return self  # Bolt deep-copies the context for lazy listeners; the core is shared
