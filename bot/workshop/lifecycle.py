"""A channel's schedules wait while it is archived or the bot is out of it, and resume when it is back.

Slack may deliver an event more than once (a retry after a slow ack): each change claims the event's key in
the same transaction, so a redelivery applies nothing, even after a later event changed the channel back.
"""

import logging

from bot.workshop.service import Service
from storage.repositories import RequestLog
from storage.schedules import Schedules

logger = logging.getLogger(__name__)


class LifecycleService(Service):
    def applied(self, team_id: str, request_key: str) -> bool:
        """Whether a request (an event: `event:<event_id>`) was applied already."""
        with self.uow.reading() as session:
            return RequestLog(session, team_id).applied(request_key)

    def pause(self, team_id: str, channel_id: str, request_key: str | None = None) -> None:
        self._set(team_id, channel_id, request_key, paused=True)

    def resume(self, team_id: str, channel_id: str, request_key: str | None = None) -> None:
        self._set(team_id, channel_id, request_key, paused=False)

    def _set(self, team_id: str, channel_id: str, request_key: str | None, *, paused: bool) -> None:
        with self.uow() as session:
            if request_key is not None and not RequestLog(session, team_id).claim(request_key):
                return
            schedules = Schedules(session, team_id)
            changed = schedules.pause_channel(channel_id) if paused else schedules.resume_channel(channel_id)
        if changed:
            logger.info(
                "%s the schedules of %s map(s) in %s (team %s)",
                "Paused" if paused else "Resumed",
                changed,
                channel_id,
                team_id,
            )
