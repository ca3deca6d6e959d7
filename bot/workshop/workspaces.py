"""Workspaces come and go: uninstall stops everything at once, the maps go after a retention period
(Slack's policy), and an operator can purge a team at once."""

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from storage.db import UnitOfWork
from storage.workspaces import Lifecycle, due_for_deletion, forget_org_install, workspaces_of_org

logger = logging.getLogger(__name__)


class WorkspacesService:
    def __init__(self, uow: UnitOfWork, forget_tokens: Callable[[str], None]) -> None:
        self.uow = uow
        self.forget_tokens = forget_tokens

    def uninstalled(self, team_id: str, why: str) -> None:
        """`app_uninstalled` or `tokens_revoked` (`why`): schedules stop and the tokens go, in one
        transaction; the maps stay for the retention period."""
        with self.uow() as session:
            Lifecycle(session, team_id).uninstalled(datetime.now(UTC))
        self.forget_tokens(team_id)
        logger.info("Team %s: %s; its schedules stopped and its installation removed", team_id, why)

    def left(self, team_ids: list[str], why: str) -> None:
        """`team_access_revoked`: an org-wide app was taken out of these workspaces of its org; each stops
        as an uninstalled workspace does (the org's installation serves the others still)."""
        for team_id in team_ids:
            self.uninstalled(team_id, why)

    def org_uninstalled(self, enterprise_id: str, why: str) -> None:
        """An org-wide install gone (`why`): every workspace of the org stops, and the org's installation
        goes, in one transaction; the maps stay for the retention period."""
        now = datetime.now(UTC)
        with self.uow() as session:
            teams = workspaces_of_org(session, enterprise_id)
            for team_id in [*teams, enterprise_id]:  # the install itself is recorded under the org's id
                Lifecycle(session, team_id).uninstalled(now)
            forget_org_install(session, enterprise_id)
        for team_id in [*teams, enterprise_id]:
            self.forget_tokens(team_id)
        logger.info(
            "Org %s: %s; its %s workspaces' schedules stopped, its installation removed",
            enterprise_id,
            why,
            len(teams),
        )

    def installed(self, team_id: str) -> None:
        with self.uow() as session:
            Lifecycle(session, team_id).installed()

    def purge(self, team_id: str) -> int:
        """Delete everything of the team now; returns how many rows went."""
        with self.uow() as session:
            deleted = Lifecycle(session, team_id).purge()
        self.forget_tokens(team_id)
        logger.warning("Purged team %s: %s rows deleted", team_id, deleted)
        return deleted

    def sweep(self, retention: timedelta, now: datetime | None = None) -> list[str]:
        """Purge each team uninstalled longer than `retention` ago; returns their ids."""
        with self.uow.reading() as session:
            teams = list(due_for_deletion(session, (now or datetime.now(UTC)) - retention))
        for team_id in teams:
            self.purge(team_id)
        return teams
