"""A workspace's life with the app: uninstalled, installed again, and its data deleted for good."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from storage.base import Base
from storage.installations import BOTS, INSTALLATIONS
from storage.models import Workspace
from storage.repositories import TeamScoped, Workspaces, rowcount
from storage.schedules import stop_team_schedules


class Lifecycle(TeamScoped):
    def uninstalled(self, now: datetime) -> None:
        """The app was uninstalled or its tokens revoked: nothing fires again, the installation's tokens
        are deleted, and the team's maps are kept until the retention period ends."""
        Workspaces(self.session, self.team_id).ensure()
        stop_team_schedules(self.session, self.team_id)
        for table in (BOTS, INSTALLATIONS):
            self.session.execute(delete(table).where(table.c.team_id == self.team_id))
        self.session.execute(
            update(Workspace)
            .where(Workspace.team_id == self.team_id, Workspace.uninstalled_at.is_(None))
            .values(uninstalled_at=now)
        )

    def installed(self) -> None:
        """Installed (again): the team's maps are no longer due for deletion."""
        Workspaces(self.session, self.team_id).ensure()
        self.session.execute(
            update(Workspace).where(Workspace.team_id == self.team_id).values(uninstalled_at=None)
        )

    def purge(self) -> int:
        """Delete every row of the team, in every table (maps and all under them, schedules, the request
        log, its installation, the workspace itself); returns how many rows went."""
        deleted = 0
        for table in reversed(Base.metadata.sorted_tables):  # children before their parents
            if "team_id" in table.c:
                deleted += rowcount(
                    self.session.execute(delete(table).where(table.c.team_id == self.team_id))
                )
        return deleted


def due_for_deletion(session: Session, uninstalled_before: datetime) -> Sequence[str]:
    """The teams uninstalled before `uninstalled_before` (the retention sweep; it spans teams by design)."""
    query = select(Workspace.team_id).where(Workspace.uninstalled_at < uninstalled_before)
    return session.scalars(query.order_by(Workspace.team_id)).all()


def grid_org_of(engine: Engine, team_id: str) -> str | None:
    """The Enterprise Grid org of the workspace, as its requests told it (None: not in an org, or unknown)."""
    with Session(engine) as session:
        return session.scalar(select(Workspace.enterprise_id).where(Workspace.team_id == team_id))


def remember_grid_org(engine: Engine, team_id: str, enterprise_id: str) -> None:
    """Record the org a workspace's request came from (the workspace recorded on its first request)."""
    with Session(engine) as session, session.begin():
        Workspaces(session, team_id).ensure()
        session.execute(
            update(Workspace).where(Workspace.team_id == team_id).values(enterprise_id=enterprise_id)
        )


def workspaces_of_org(session: Session, enterprise_id: str) -> list[str]:
    """The workspaces of an Enterprise Grid org the bot has had requests from."""
    query = select(Workspace.team_id).where(Workspace.enterprise_id == enterprise_id)
    return list(session.scalars(query.order_by(Workspace.team_id)))


def forget_org_install(session: Session, enterprise_id: str) -> None:
    """Delete the org-wide installation of an Enterprise Grid org (its rows name the org, no workspace)."""
    for table in (BOTS, INSTALLATIONS):
        session.execute(
            delete(table).where(
                table.c.enterprise_id == enterprise_id, table.c.is_enterprise_install.is_(True)
            )
        )
