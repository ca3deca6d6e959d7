"""A channel's schedules wait while it is archived or the bot is out of it, and resume when it is back."""

import logging

from bot.workshop.service import Service
from storage.schedules import Schedules

logger = logging.getLogger(__name__)


class LifecycleService(Service):
    def pause(self, team_id: str, channel_id: str) -> None:
        with self.uow() as session:
            paused = Schedules(session, team_id).pause_channel(channel_id)
        if paused:
            logger.info("Paused the schedules of %s map(s) in %s (team %s)", paused, channel_id, team_id)

    def resume(self, team_id: str, channel_id: str) -> None:
        with self.uow() as session:
            resumed = Schedules(session, team_id).resume_channel(channel_id)
        if resumed:
            logger.info("Resumed the schedules of %s map(s) in %s (team %s)", resumed, channel_id, team_id)
