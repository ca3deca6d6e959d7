"""The audit log: what was deleted, and who was made a facilitator, in a channel; read by its maps'
facilitators and by workspace admins."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.method.errors import UserError
from bot.workshop.service import Actor, Service
from storage.models import AuditAction
from storage.repositories import AuditLog, Maps

SHOWN = 20  # the newest entries `/touchpoint audit` shows
_KNOWN = {each.value for each in AuditAction}  # entries a newer version may add are left out


@dataclass(frozen=True)
class Deletion:
    """A map as its deletion names it: what asking first shows, and what was deleted."""

    map_id: int
    title: str
    touchpoints: int
    notes: int


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor_id: str
    action: AuditAction
    details: dict[str, Any] = field(default_factory=dict)


class AuditService(Service):
    def entries(self, actor: Actor) -> list[AuditLine]:
        """The channel's newest audit entries, newest first, for a member of the channel who facilitates
        one of its maps or is a workspace admin."""
        if not self.chat.is_member(actor.team_id, actor.channel_id, actor.user_id):
            raise UserError("Only members of this channel can work on its touchpoint map.")
        with self.uow.reading() as session:
            facilitates = Maps(session, actor.team_id).facilitates_in(actor.channel_id, actor.user_id)
        if not facilitates and not self.chat.is_admin(actor.team_id, actor.user_id):  # outside the reading
            raise UserError(
                "Only the facilitators of this channel's maps and workspace admins can read its audit log."
            )
        with self.uow.reading() as session:
            return [
                AuditLine(entry.created_at, entry.actor_id, AuditAction(entry.action), dict(entry.details))
                for entry in AuditLog(session, actor.team_id).recent(actor.channel_id, SHOWN)
                if entry.action in _KNOWN
            ]
