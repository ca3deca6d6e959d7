"""Repositories: every query here is scoped by the Slack team it was built for."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CursorResult,
    Executable,
    Result,
    Row,
    ScalarSelect,
    Select,
    Table,
    bindparam,
    delete,
    event,
    exists,
    func,
    or_,
    select,
    union,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from storage.base import table
from storage.models import (
    AuditAction,
    AuditEntry,
    Channel,
    Facilitator,
    Improvement,
    Map,
    Note,
    Persona,
    ProcessedRequest,
    Score,
    Snapshot,
    Stage,
    Touchpoint,
    Vote,
    Workspace,
)

# INSERT … ON CONFLICT, by dialect
INSERTS: dict[str, Callable[[Table], postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}
LOCKED_MAPS = "touchpoint.locked_maps"  # session.info: the maps a transaction opened to work on
WROTE = "touchpoint.wrote"  # session.info: whether it changed anything


def _flushed(session: Session, _context: object) -> None:
    session.info[WROTE] = True


def _executed(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


def _bump_board_versions(session: Session) -> None:
    """A transaction that changed something on the maps it locked bumps their board version, in the
    same commit: every use case that changes a map locks it first (Maps.get(lock=True))."""
    locked = session.info.get(LOCKED_MAPS)
    if locked and (session.info.get(WROTE) or session.new or session.dirty or session.deleted):
        for each in locked:  # their rows are locked: nobody else changes the version meanwhile
            # One UPDATE rather than a flush of the whole map (the ORM's unit of work costs more).
            bumped = session.execute(_BUMP, {"map_id": each.id}).one_or_none()
            if bumped is not None:  # None: the transaction deleted the map
                set_committed_value(each, "board_version", bumped.board_version)
                set_committed_value(each, "updated_at", bumped.updated_at)


_BUMP = (
    update(table(Map))
    .where(table(Map).c.id == bindparam("map_id"))
    .values(board_version=table(Map).c.board_version + 1)
    .returning(table(Map).c.board_version, table(Map).c.updated_at)
)


def rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed (what it returns is a cursor's result)."""
    return cast(CursorResult[Any], result).rowcount


def keep_board_versions(sessions: sessionmaker[Session]) -> None:
    """Make the sessions `sessions` hands out bump the board version of each map a transaction changed
    (storage/db.py registers it on the unit of work's writers)."""
    event.listen(sessions, "after_flush", _flushed)
    event.listen(sessions, "do_orm_execute", _executed)
    event.listen(sessions, "before_commit", _bump_board_versions)


_Statement = TypeVar("_Statement", bound=Executable)


class TeamScoped:
    def __init__(self, session: Session, team_id: str) -> None:
        if not team_id:
            raise ValueError("a team id is required to reach the store")
        self.session = session
        self.team_id = team_id

    def _for_dialect(self, statements: Mapping[str, _Statement]) -> _Statement:
        """The one of `statements` written for this session's database (an upsert's syntax differs)."""
        return statements[self.session.get_bind().dialect.name]


class Workspaces(TeamScoped):
    def ensure(self) -> None:
        """Record the team on its first request; safe when two first requests race."""
        if self.session.get(Workspace, self.team_id) is not None:
            return
        try:
            with self.session.begin_nested():
                self.session.add(Workspace(team_id=self.team_id))
        except IntegrityError:
            pass  # another request recorded it first


# The statements every change runs, built once: building one costs more than running it on SQLite.
_CLAIMS = {
    dialect: insert(table(ProcessedRequest))
    .values(team_id=bindparam("team"), key=bindparam("key"))
    .on_conflict_do_nothing(index_elements=["team_id", "key"])
    .returning(ProcessedRequest.id)
    for dialect, insert in INSERTS.items()
}
_MAP = select(Map).where(Map.team_id == bindparam("team"), Map.id == bindparam("map_id"))
_MAP_LOCKED = _MAP.with_for_update()
_FOCUSED = (
    select(Map)
    .where(Map.team_id == bindparam("team"), Map.channel_id == bindparam("channel"))
    .order_by(Map.focused_at.desc(), Map.id.desc())
    .limit(1)
)
_FOCUSED_LOCKED = _FOCUSED.with_for_update()


class RequestLog(TeamScoped):
    def claim(self, key: str) -> bool:
        """Record `key` as applied; False when it already was (a retry or a double click). One
        INSERT … ON CONFLICT DO NOTHING: no savepoint, and a concurrent claim of the same key waits for
        the first to commit or roll back."""
        claim = self._for_dialect(_CLAIMS)
        return self.session.scalar(claim, {"team": self.team_id, "key": key}) is not None

    def release(self, key: str) -> None:
        """Forget the claim of `key`: what it stood for couldn't be done, and may be asked for again."""
        self.session.execute(
            delete(ProcessedRequest).where(
                ProcessedRequest.team_id == self.team_id, ProcessedRequest.key == key
            )
        )

    def applied(self, key: str) -> bool:
        """Whether `key` was claimed already (by a transaction that committed)."""
        query = select(ProcessedRequest.id).where(
            ProcessedRequest.team_id == self.team_id, ProcessedRequest.key == key
        )
        return self.session.scalar(query) is not None


class AuditLog(TeamScoped):
    def add(
        self, *, channel_id: str, map_id: int | None, actor_id: str, action: AuditAction, **details: object
    ) -> None:
        self.session.add(
            AuditEntry(
                team_id=self.team_id,
                channel_id=channel_id,
                map_id=map_id,
                actor_id=actor_id,
                action=action.value,
                details=details,
            )
        )

    def on_map(self, found: Map, actor_id: str, action: AuditAction, **details: object) -> None:
        """An entry about `found`, which stays: its channel, id and title go with the details."""
        self.add(
            channel_id=found.channel_id,
            map_id=found.id,
            actor_id=actor_id,
            action=action,
            title=found.title,
            **details,
        )

    def recent(self, channel_id: str, limit: int) -> list[AuditEntry]:
        """The channel's newest `limit` entries, newest first: its maps', deleted ones' included."""
        query = (
            select(AuditEntry)
            .where(AuditEntry.team_id == self.team_id, AuditEntry.channel_id == channel_id)
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
        return list(self.session.scalars(query))


class Maps(TeamScoped):
    def add(self, *, channel_id: str, title: str, language: str, created_by: str) -> Map:
        workspace_map = Map(
            team_id=self.team_id,
            channel_id=channel_id,
            title=title,
            language=language,
            created_by=created_by,
        )
        workspace_map.facilitators.append(Facilitator(team_id=self.team_id, user_id=created_by))
        self.session.add(workspace_map)
        self.session.flush()
        return workspace_map

    def get(self, map_id: int, *, lock: bool = False) -> Map | None:
        """The team's map `map_id`; with `lock`, its row stays locked until the transaction ends, so
        concurrent changes to one map (positions, steps, votes) apply one after the other, and its board
        version goes up if the transaction changes anything."""
        if lock:
            return self._locked(self.session.scalar(_MAP_LOCKED, {"team": self.team_id, "map_id": map_id}))
        return self.session.scalar(_MAP, {"team": self.team_id, "map_id": map_id})

    def _locked(self, found: Map | None) -> Map | None:
        """`found`, now locked: the transaction bumps its board version if it changes anything."""
        if found is not None:
            self.session.info.setdefault(LOCKED_MAPS, set()).add(found)
        return found

    def in_channel(self, channel_id: str) -> Sequence[Map]:
        query = select(Map).where(Map.team_id == self.team_id, Map.channel_id == channel_id).order_by(Map.id)
        return self.session.scalars(query).all()

    def delete(self, map_id: int) -> None:
        found = self.get(map_id)
        if found is not None:
            self.session.delete(found)

    def remove(self, found: Map) -> None:
        """Delete a map opened in this transaction and, by the database's ON DELETE CASCADE, everything
        on it; its board version is not bumped (there is no row left to bump)."""
        self.session.info.get(LOCKED_MAPS, set()).discard(found)
        self.session.delete(found)
        self.session.flush()

    def focused(self, channel_id: str, *, lock: bool = False) -> Map | None:
        """The map the channel's commands act on: the one most recently started or chosen; `lock` as
        for `get`."""
        values = {"team": self.team_id, "channel": channel_id}
        if lock:
            return self._locked(self.session.scalar(_FOCUSED_LOCKED, values))
        return self.session.scalar(_FOCUSED, values)

    def is_facilitator(self, map_id: int, user_id: str) -> bool:
        query = select(Facilitator.user_id).where(
            Facilitator.team_id == self.team_id, Facilitator.map_id == map_id, Facilitator.user_id == user_id
        )
        return self.session.scalar(query) is not None

    def facilitates_in(self, channel_id: str, user_id: str) -> bool:
        """Whether `user_id` facilitates any map in the Slack channel `channel_id`."""
        query = (
            select(Facilitator.user_id)
            .join(Map, Map.id == Facilitator.map_id)
            .where(
                Facilitator.team_id == self.team_id,
                Map.team_id == self.team_id,
                Map.channel_id == channel_id,
                Facilitator.user_id == user_id,
            )
            .limit(1)
        )
        return self.session.scalar(query) is not None

    def add_facilitator(self, map_id: int, user_id: str) -> bool:
        """Make `user_id` a facilitator; False when they already were."""
        if self.is_facilitator(map_id, user_id):
            return False
        self.session.add(Facilitator(team_id=self.team_id, map_id=map_id, user_id=user_id))
        self.session.flush()
        return True


@dataclass(frozen=True)
class MapCounts:
    stages: int
    channels: int
    touchpoints: int
    notes: int
    votes: int
    analysed: int = 0
    improvements: int = 0
    snapshots: int = 0


def _count(model: type, *where: ColumnElement[bool]) -> ScalarSelect[int]:
    return select(func.count()).select_from(model).where(*where).scalar_subquery()


def _board_statements() -> tuple[Select, Select]:
    """The board's counts and contributors of map :map_id of team :team, built once: the board is read
    after every change, and building these statements cost more than running them on a small map."""
    team: BindParameter[Any] = bindparam("team")
    map_id: BindParameter[Any] = bindparam("map_id")
    on_map = select(Touchpoint.id).where(Touchpoint.team_id == team, Touchpoint.map_id == map_id)
    noted = exists().where(Note.team_id == team, Note.touchpoint_id == Touchpoint.id)
    scored = exists().where(Score.team_id == team, Score.touchpoint_id == Touchpoint.id)
    counts = select(
        _count(Stage, Stage.team_id == team, Stage.map_id == map_id),
        _count(Channel, Channel.team_id == team, Channel.map_id == map_id),
        _count(Touchpoint, Touchpoint.team_id == team, Touchpoint.map_id == map_id),
        _count(Note, Note.team_id == team, Note.touchpoint_id.in_(on_map)),
        _count(Vote, Vote.team_id == team, Vote.map_id == map_id),
        _count(Touchpoint, Touchpoint.team_id == team, Touchpoint.map_id == map_id, noted | scored),
        _count(Improvement, Improvement.team_id == team, Improvement.map_id == map_id),
        _count(Snapshot, Snapshot.team_id == team, Snapshot.map_id == map_id),
    )
    authors = union(
        select(Stage.created_by.label("user")).where(Stage.team_id == team, Stage.map_id == map_id),
        select(Channel.created_by).where(Channel.team_id == team, Channel.map_id == map_id),
        select(Persona.created_by).where(Persona.team_id == team, Persona.map_id == map_id),
        select(Touchpoint.created_by).where(Touchpoint.team_id == team, Touchpoint.map_id == map_id),
        select(Note.author_id).where(Note.team_id == team, Note.touchpoint_id.in_(on_map)),
        select(Score.user_id).where(Score.team_id == team, Score.touchpoint_id.in_(on_map)),
        select(Vote.user_id).where(Vote.team_id == team, Vote.map_id == map_id),
    ).subquery()
    contributors = select(authors.c.user).where(authors.c.user != "").order_by(authors.c.user)
    return counts, contributors


_COUNTS, _CONTRIBUTORS = _board_statements()


class MapStats(TeamScoped):
    def counts(self, map_id: int) -> MapCounts:
        """Everything the board counts, in one statement whatever the map's size."""
        row = self.session.execute(_COUNTS, {"team": self.team_id, "map_id": map_id}).one()
        return MapCounts(*row)

    def facilitators(self, map_id: int) -> list[str]:
        query = select(Facilitator.user_id).where(
            Facilitator.team_id == self.team_id, Facilitator.map_id == map_id
        )
        return list(self.session.scalars(query.order_by(Facilitator.user_id)))

    def contributors(self, map_id: int) -> list[str]:
        """Everyone who has added something to the map, in one statement."""
        return list(self.session.scalars(_CONTRIBUTORS, {"team": self.team_id, "map_id": map_id}))


class Ordered(TeamScoped):
    """A map's stages or channels: names kept in positions 1…n, with no gaps."""

    model: type[Stage] | type[Channel]
    _all: Select  # the map's items in order, built once per model
    _rows: Select  # the same as plain rows, with no ORM objects to build

    def __init_subclass__(cls) -> None:
        model = cls.model
        table = model.__table__
        mine = (table.c.team_id == bindparam("team"), table.c.map_id == bindparam("map_id"))
        cls._all = select(model).where(*mine).order_by(model.position)
        cls._rows = select(table).where(*mine).order_by(table.c.position)

    def all(self, map_id: int) -> list:
        return list(self.session.scalars(self._all, {"team": self.team_id, "map_id": map_id}))

    def rows(self, map_id: int) -> list[Row]:
        """The map's items in order, as read-only rows (`.id`, `.name`, …): for reading, they cost a
        fraction of what ORM objects do."""
        return list(self.session.execute(self._rows, {"team": self.team_id, "map_id": map_id}))

    def get(self, item_id: int):
        model = self.model
        return self.session.scalar(select(model).where(model.team_id == self.team_id, model.id == item_id))

    def insert(self, item, position: int | None) -> None:
        """Add `item` at `position` (1-based; the end when None or past it), shifting the rest along."""
        items = self.all(item.map_id)
        index = len(items) if position is None else max(0, min(position - 1, len(items)))
        items.insert(index, item)
        self.session.add(item)
        self._renumber(items)

    def move(self, item, position: int) -> None:
        items = [each for each in self.all(item.map_id) if each.id != item.id]
        items.insert(max(0, min(position - 1, len(items))), item)
        self._renumber(items)

    def remove(self, item) -> None:
        items = [each for each in self.all(item.map_id) if each.id != item.id]
        self.session.delete(item)
        self.session.flush()
        self._renumber(items)

    def touchpoint_count(self, item) -> int:
        column = Touchpoint.stage_id if self.model is Stage else Touchpoint.channel_id
        query = select(func.count()).where(Touchpoint.team_id == self.team_id, column == item.id)
        return self.session.scalar(query) or 0

    def _renumber(self, items: list) -> None:
        for offset, item in enumerate(items, start=1):
            item.position = offset
        self.session.flush()


class Stages(Ordered):
    model = Stage


class Channels(Ordered):
    model = Channel


class Participation(TeamScoped):
    """The maps one person takes part in, across the team."""

    def maps(self, user_id: str) -> Sequence[Any]:
        """(id, title, channel_id, step, facilitator, waiting) of every map `user_id` facilitates, added
        something to or owns a touchpoint on, most recently changed first, in one statement.

        `waiting` counts the touchpoints they own that nobody has noted or scored yet.
        """
        team = self.team_id
        in_team = Touchpoint.team_id == team
        involved = union(
            select(Facilitator.map_id).where(Facilitator.team_id == team, Facilitator.user_id == user_id),
            select(Stage.map_id).where(Stage.team_id == team, Stage.created_by == user_id),
            select(Channel.map_id).where(Channel.team_id == team, Channel.created_by == user_id),
            select(Persona.map_id).where(Persona.team_id == team, Persona.created_by == user_id),
            select(Touchpoint.map_id).where(
                in_team, or_(Touchpoint.created_by == user_id, Touchpoint.owner_id == user_id)
            ),
            select(Touchpoint.map_id)
            .join(Note, Note.touchpoint_id == Touchpoint.id)
            .where(in_team, Note.team_id == team, Note.author_id == user_id),
            select(Touchpoint.map_id)
            .join(Score, Score.touchpoint_id == Touchpoint.id)
            .where(in_team, Score.team_id == team, Score.user_id == user_id),
            select(Vote.map_id).where(Vote.team_id == team, Vote.user_id == user_id),
        ).subquery()
        facilitates = exists().where(
            Facilitator.team_id == team, Facilitator.map_id == Map.id, Facilitator.user_id == user_id
        )
        waiting = _count(
            Touchpoint,
            in_team,
            Touchpoint.map_id == Map.id,
            Touchpoint.owner_id == user_id,
            ~exists().where(Note.team_id == team, Note.touchpoint_id == Touchpoint.id),
            ~exists().where(Score.team_id == team, Score.touchpoint_id == Touchpoint.id),
        )
        query = (
            select(
                Map.id,
                Map.title,
                Map.channel_id,
                Map.step,
                facilitates.label("facilitator"),
                waiting.label("waiting"),
            )
            .where(Map.team_id == team, Map.id.in_(select(involved.c.map_id)))
            .order_by(Map.updated_at.desc(), Map.id.desc())
        )
        return self.session.execute(query).all()
