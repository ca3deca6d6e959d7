"""Starting a map, and choosing which one a channel works on."""

import logging

from bot.blocks.board import board_message
from bot.i18n import translator
from bot.workshop.service import Actor, Service
from storage.repositories import Maps, Workspaces

logger = logging.getLogger(__name__)


class MapsService(Service):
    def start(self, actor: Actor, title: str, request_key: str, language: str = "en") -> int | None:
        """Create a map and post its board (`create`, then `post_board`)."""
        map_id = self.create(actor, title, request_key, language)
        if map_id is not None:
            self.post_board(actor.team_id, map_id)
        return map_id

    def create(self, actor: Actor, title: str, request_key: str, language: str = "en") -> int | None:
        """Create a map in the actor's channel with them as facilitator; its board is posted next.

        Returns the new map's id, or None when this request was already applied.
        """
        with self.uow() as session:
            if not self.claim(session, actor, request_key):
                logger.info("request %s already applied", request_key)
                return None
            Workspaces(session, actor.team_id).ensure()
            return (
                Maps(session, actor.team_id)
                .add(channel_id=actor.channel_id, title=title, language=language, created_by=actor.user_id)
                .id
            )

    def post_board(self, team_id: str, map_id: int) -> None:
        """Post a new map's board in its channel and remember it; a map whose board can't be posted is
        removed again (nothing half-made stays)."""
        with self.uow() as session:
            found = Maps(session, team_id).get(map_id)
            if found is None or found.board_ts is not None:
                return
            channel, message = (
                found.channel_id,
                board_message(self.board(session, team_id, found), translator(found.language)),
            )
        try:
            ts = self.gateway.post(team_id, channel, message)
        except Exception:
            with self.uow() as session:
                Maps(session, team_id).delete(map_id)
            raise
        with self.uow() as session:
            found = Maps(session, team_id).get(map_id)
            if found is not None:
                found.board_ts = ts
