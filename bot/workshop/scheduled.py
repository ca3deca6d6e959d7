"""What the services the scheduler drives share: the clock, and telling a facilitator what failed."""

from slack_sdk.errors import SlackApiError

from bot.blocks.reminders import failure_message
from bot.gateway import SlackGateway
from bot.i18n import Translator, translator
from bot.scheduling.clock import Clock, system_clock
from bot.workshop.errors import UserError
from bot.workshop.service import BoardLocks, Service
from storage.db import UnitOfWork
from storage.repositories import Maps


def reason(t: Translator, error: Exception) -> str:
    """Why it failed, for a person: what they can do about it when the bot knows, else Slack's answer."""
    if isinstance(error, UserError):
        return t(error.message, **error.params)
    code = error.response.get("error", "") if isinstance(error, SlackApiError) else type(error).__name__
    return t("Slack didn't take it ({error}).", error=code)


class ScheduledService(Service):
    """A service whose work the scheduler starts (bot/scheduling/engine.py): nobody is asking, so there is
    no actor; the rows it works on carry their team."""

    def __init__(
        self,
        uow: UnitOfWork,
        gateway: SlackGateway,
        board_locks: BoardLocks | None = None,
        clock: Clock = system_clock,
    ) -> None:
        super().__init__(uow, gateway, board_locks)
        self.clock = clock

    def report_failure(self, team_id: str, map_id: int, user_id: str, what: str, error: Exception) -> None:
        """Tell `user_id` (a facilitator), in a direct message in their language, that `what` (a msgid) could
        not be posted for the map."""
        with self.uow() as session:
            found = Maps(session, team_id).get(map_id)
            if found is None:
                return
            title, channel = found.title, found.channel_id
        t = translator(self.gateway.locale(team_id, user_id))
        self.gateway.post(team_id, user_id, failure_message(t, t(what), title, channel, reason(t, error)))
