"""Imports waiting for the person who previewed them to confirm."""

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select

from storage.base import utcnow
from storage.models import ImportDraft
from storage.repositories import TeamScoped

KEPT_FOR = timedelta(days=1)  # a preview left open longer is read again from the file


class ImportDrafts(TeamScoped):
    def add(self, map_id: int, user_id: str, data: dict[str, Any]) -> int:
        """Keep a previewed import (dropping the team's drafts older than a day); returns its id."""
        self.session.execute(
            delete(ImportDraft).where(
                ImportDraft.team_id == self.team_id, ImportDraft.created_at < utcnow() - KEPT_FOR
            )
        )
        draft = ImportDraft(team_id=self.team_id, map_id=map_id, user_id=user_id, data=data)
        self.session.add(draft)
        self.session.flush()
        return draft.id

    def take(self, draft_id: int, map_id: int, user_id: str) -> dict[str, Any] | None:
        """The draft's data, removed so it is applied once; None when it isn't this person's draft for this
        map (any more: a second click, or over a day old)."""
        query = select(ImportDraft).where(
            ImportDraft.team_id == self.team_id,
            ImportDraft.id == draft_id,
            ImportDraft.map_id == map_id,
            ImportDraft.user_id == user_id,
            ImportDraft.created_at >= utcnow() - KEPT_FOR,
        )
        draft = self.session.scalar(query.with_for_update())
        if draft is None:
            return None
        self.session.delete(draft)
        self.session.flush()
        return draft.data
