"""What the services the scheduler drives share: the clock, and telling a facilitator what failed."""

from bot.scheduling.clock import Clock, system_clock
from bot.workshop.board import BoardLocks
from bot.workshop.chat import Chat
from bot.workshop.notices import FailedForGood
from bot.workshop.service import Service
from storage.db import UnitOfWork
from storage.repositories import Maps


class ScheduledService(Service):
    """A service whose work the scheduler starts (bot/scheduling/engine.py): nobody is asking, so there is
    no actor; the rows it works on carry their team."""

    def __init__(
        self,
        uow: UnitOfWork,
        chat: Chat,
        board_locks: BoardLocks | None = None,
        clock: Clock = system_clock,
    ) -> None:
        super().__init__(uow, chat, board_locks)
        self.clock = clock

    def report_failure(self, team_id: str, map_id: int, user_id: str, what: str, error: Exception) -> None:
        """Tell `user_id` (a facilitator), in a direct message in their language, that `what` (a msgid) could
        not be posted for the map."""
        with self.uow() as session:
            found = Maps(session, team_id).get(map_id)
            if found is None:
                return
            title, channel = found.title, found.channel_id
        language = self.chat.locale(team_id, user_id)
        self.chat.post(team_id, user_id, FailedForGood(language, what, title, channel, error))
