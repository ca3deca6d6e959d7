"""Starting a map, and choosing which one a channel works on."""

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.workshop.audit import Deletion
from bot.workshop.notices import MapDeleted
from bot.workshop.service import Actor, Service, showing_saved_change
from storage.models import AuditAction, Map
from storage.repositories import AuditLog, Maps, MapStats, Workspaces

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Deleted:
    """A map just deleted, and where its board was, to say so in the channel."""

    deletion: Deletion
    team_id: str
    channel_id: str
    board_ts: str | None
    language: str
    deleted_by: str


class MapsService(Service):
    def start(self, actor: Actor, title: str, request_key: str, language: str = "en") -> int | None:
        """Create a map and post its board (`create`, then `post_board`)."""
        map_id = self.create(actor, title, request_key, language)
        if map_id is not None:
            self.post_board(actor.team_id, map_id)
        return map_id

    def create(self, actor: Actor, title: str, request_key: str, language: str = "en") -> int | None:
        """Create a map in the actor's channel with them as facilitator; its board is posted next.

        Returns the new map's id, or None when this request was already applied. A guest from another
        organisation starts none.
        """
        self.chat.refuse_outsider(actor.team_id, actor.user_id)
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
            channel, board = found.channel_id, self.board(session, team_id, found)
        try:
            ts = self.chat.post(team_id, channel, board)
        except Exception:
            with self.uow() as session:
                Maps(session, team_id).delete(map_id)
            raise
        with self.uow() as session:
            found = Maps(session, team_id).get(map_id)
            if found is not None:
                found.board_ts = ts

    def deletion(self, actor: Actor) -> Deletion:
        """The channel's map as a facilitator is asked to confirm its deletion (nothing is deleted yet)."""
        with self.changing(actor) as session:
            return _deletion(session, actor, self.open_map(session, actor, facilitator=True))

    def delete(self, actor: Actor, map_id: int, request_key: str) -> Deleted | None:
        """Delete map `map_id` (facilitators) and everything on it, in one transaction, and record it in
        the audit log. None when there is nothing left to do: the request was applied already (a retry), or
        the map is gone (a second click on the confirmation)."""
        with self.changing(actor) as session:
            # Locked first: a concurrent deletion of the map (a double click) is waited for, then seen.
            if Maps(session, actor.team_id).get(map_id, lock=True) is None:
                return None
            found = self.open_map(session, actor, map_id, facilitator=True)
            if not self.claim(session, actor, request_key):
                return None
            deletion = _deletion(session, actor, found)
            deleted = Deleted(
                deletion, actor.team_id, found.channel_id, found.board_ts, found.language, actor.user_id
            )
            Maps(session, actor.team_id).remove(found)
            AuditLog(session, actor.team_id).add(
                channel_id=deleted.channel_id,
                map_id=None,
                actor_id=actor.user_id,
                action=AuditAction.MAP_DELETED,
                title=deletion.title,
                touchpoints=deletion.touchpoints,
                notes=deletion.notes,
            )
            return deleted

    def show_deleted(self, deleted: Deleted) -> None:
        """Turn the deleted map's board into a note of who deleted it; post the note in the channel when
        the board can't be changed (it was never posted, or Slack refuses)."""
        notice = MapDeleted(deleted.language, deleted.deletion.title, deleted.deleted_by)
        team_id, map_id = deleted.team_id, deleted.deletion.map_id
        with self.board_locks.exclusive(team_id, map_id), showing_saved_change():
            if deleted.board_ts is not None:
                try:
                    self.chat.update(team_id, deleted.channel_id, deleted.board_ts, notice)
                    return
                except Exception:
                    logger.warning("could not turn the board of deleted map %s into a note", map_id)
            self.chat.post(team_id, deleted.channel_id, notice)


def _deletion(session: Session, actor: Actor, found: Map) -> Deletion:
    counts = MapStats(session, actor.team_id).counts(found.id)
    return Deletion(found.id, found.title, counts.touchpoints, counts.notes)
