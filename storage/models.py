"""The workshop's tables: one map per workshop, bound to a Slack channel, and everything hanging off it."""

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from storage.base import Base, TeamOwned, Timestamped, utcnow

SLACK_ID = 32
NAME_MAX = 60
TITLE_MAX = 150
NOTE_MAX = 2000


class Phase(StrEnum):
    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


class Polarity(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


class ImprovementStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


def _enum(kind: type[StrEnum], name: str) -> Enum:
    return Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
    )


def _map_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)


class Workspace(Base):
    """A Slack workspace (team) that has used the bot."""

    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the app was uninstalled (or its tokens revoked): the team's maps are deleted a retention
    # period later, unless the team installs the app again first.
    uninstalled_at: Mapped[datetime | None] = mapped_column(default=None)
    # The Enterprise Grid org the workspace belongs to (Slack's E… id), learned from its requests: an
    # org-wide install is found by the org, so the scheduler needs it to find the team's token.
    enterprise_id: Mapped[str | None] = mapped_column(String(SLACK_ID), default=None)


class Map(TeamOwned, Timestamped, Base):
    """One touchpoint-map workshop, living in the Slack channel it was started in."""

    __tablename__ = "maps"
    __table_args__ = (CheckConstraint("step BETWEEN 1 AND 4", name="step_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    language: Mapped[str] = mapped_column(String(8), default="en")
    step: Mapped[int] = mapped_column(default=1)
    board_ts: Mapped[str | None] = mapped_column(String(SLACK_ID))
    created_by: Mapped[str] = mapped_column(String(SLACK_ID))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # The channel's commands act on the map most recently started or chosen with `use`.
    focused_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    votes_per_person: Mapped[int] = mapped_column(default=3, server_default="3")
    # While blind, each person sees only their own notes and scores, until a facilitator reveals them.
    blind: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Bumped by every transaction that changes the map or anything on it (storage/db.py): a board sent
    # with an older version is stale.
    board_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # The version the board's message shows, and until when (time.time()) an instance holds the board to
    # update it (storage/boards.py): one update per window across instances.
    board_shown: Mapped[int] = mapped_column(default=0, server_default="0")
    board_claimed_until: Mapped[float] = mapped_column(default=0.0, server_default="0")
    # The channel is archived or the bot was removed from it: its reminders, deadlines and nudges wait.
    schedules_paused: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The Slack file of the map's picture last shared in its channel, which the board shows inline.
    picture_file_id: Mapped[str | None] = mapped_column(String(SLACK_ID))

    facilitators: Mapped[list["Facilitator"]] = relationship(
        back_populates="map", cascade="all, delete-orphan", passive_deletes=True
    )
    stages: Mapped[list["Stage"]] = relationship(
        order_by="Stage.position", cascade="all, delete-orphan", passive_deletes=True
    )
    channels: Mapped[list["Channel"]] = relationship(
        order_by="Channel.position", cascade="all, delete-orphan", passive_deletes=True
    )


class Facilitator(TeamOwned, Base):
    __tablename__ = "facilitators"

    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)

    map: Mapped[Map] = relationship(back_populates="facilitators")


class Stage(TeamOwned, Base):
    """A column of the timeline, in one purchase phase."""

    __tablename__ = "stages"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = _map_fk()
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    phase: Mapped[Phase] = mapped_column(_enum(Phase, "phase"))
    position: Mapped[int]
    created_by: Mapped[str] = mapped_column(String(SLACK_ID), default="", server_default="")


class Channel(TeamOwned, Base):
    """A swimlane: where the customer meets the brand (website, app, email, store…), not a Slack channel."""

    __tablename__ = "channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = _map_fk()
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    position: Mapped[int]
    created_by: Mapped[str] = mapped_column(String(SLACK_ID), default="", server_default="")


class Persona(TeamOwned, Base):
    __tablename__ = "personas"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = _map_fk()
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    description: Mapped[str] = mapped_column(String(300), default="")
    created_by: Mapped[str] = mapped_column(String(SLACK_ID), default="", server_default="")


touchpoint_personas = Table(
    "touchpoint_personas",
    Base.metadata,
    Column("touchpoint_id", ForeignKey("touchpoints.id", ondelete="CASCADE"), primary_key=True),
    Column("persona_id", ForeignKey("personas.id", ondelete="CASCADE"), primary_key=True),
)


class Touchpoint(TeamOwned, Timestamped, Base):
    """One interaction with the brand, placed on a stage and a channel."""

    __tablename__ = "touchpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = _map_fk()
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"), index=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    need: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[str | None] = mapped_column(String(SLACK_ID))
    created_by: Mapped[str] = mapped_column(String(SLACK_ID))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    personas: Mapped[list[Persona]] = relationship(secondary=touchpoint_personas)


class Note(TeamOwned, Timestamped, Base):
    """What works (+) or falls short (−) at a touchpoint, from the customer's view."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoints.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[str] = mapped_column(String(SLACK_ID))
    polarity: Mapped[Polarity] = mapped_column(_enum(Polarity, "polarity"))
    text: Mapped[str] = mapped_column(Text)


class Evidence(TeamOwned, Timestamped, Base):
    """A Slack message (a customer quote, a call note) that backs a touchpoint, for or against."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("touchpoint_id", "message_channel", "message_ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoints.id", ondelete="CASCADE"), index=True)
    polarity: Mapped[Polarity] = mapped_column(_enum(Polarity, "evidence_polarity"))
    message_channel: Mapped[str] = mapped_column(String(SLACK_ID))
    message_ts: Mapped[str] = mapped_column(String(SLACK_ID))
    permalink: Mapped[str] = mapped_column(String(500))
    quote: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[str] = mapped_column(String(SLACK_ID))


class Score(TeamOwned, Timestamped, Base):
    """How one person thinks the customer feels at a touchpoint, from −2 to +2."""

    __tablename__ = "scores"
    __table_args__ = (
        UniqueConstraint("touchpoint_id", "user_id"),
        CheckConstraint("score BETWEEN -2 AND 2", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoints.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(SLACK_ID))
    score: Mapped[int]


class Vote(TeamOwned, Timestamped, Base):
    """A dot vote: this touchpoint's pain is a priority for this person."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("touchpoint_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = _map_fk()
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoints.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(SLACK_ID))


class Improvement(TeamOwned, Timestamped, Base):
    __tablename__ = "improvements"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = _map_fk()
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoints.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[str | None] = mapped_column(String(SLACK_ID))
    status: Mapped[ImprovementStatus] = mapped_column(
        _enum(ImprovementStatus, "improvement_status"), default=ImprovementStatus.OPEN
    )
    created_by: Mapped[str] = mapped_column(String(SLACK_ID))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Snapshot(TeamOwned, Timestamped, Base):
    """A frozen copy of the map (version 1, 2, …) to compare against later."""

    __tablename__ = "snapshots"
    __table_args__ = (UniqueConstraint("map_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = _map_fk()
    version: Mapped[int]
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(SLACK_ID))


class Due:
    """Something the scheduler does at a time: a row it finds by `next_fire_at` and claims.

    `next_fire_at` is when the scheduler next looks at the row: the scheduled time, a retry, or the end of
    a claim's lease; None when there is nothing to do. `firing_at` is the scheduled time of the firing in
    progress (claimed, or waiting to be retried), `attempts` how many times it was tried.
    """

    if TYPE_CHECKING:  # the columns every due row has, declared by each model
        id: Mapped[int]
        team_id: Mapped[str]

    next_fire_at: Mapped[datetime | None] = mapped_column(index=True)
    firing_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_fired_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))

    @declared_attr
    def map_id(cls) -> Mapped[int]:
        return _map_fk()


class Reminder(Due, TeamOwned, Timestamped, Base):
    """When to bring the channel back to revisit the map."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    enabled: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[str] = mapped_column(String(SLACK_ID))


class Deadline(Due, TeamOwned, Timestamped, Base):
    """When the map's current step closes; it fires 24 h and 1 h before (nudges), then at `due_at`."""

    __tablename__ = "deadlines"
    __table_args__ = (UniqueConstraint("map_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    step: Mapped[int]
    due_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    advance: Mapped[bool] = mapped_column(default=False)  # move the map to the next step at the deadline
    created_by: Mapped[str] = mapped_column(String(SLACK_ID))

    nudges: Mapped[list["Nudge"]] = relationship(
        back_populates="deadline", cascade="all, delete-orphan", passive_deletes=True
    )


class Nudge(Due, TeamOwned, Timestamped, Base):
    """A direct message to one person who hasn't contributed to a step before its deadline: one at most."""

    __tablename__ = "nudges"
    __table_args__ = (UniqueConstraint("deadline_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(ForeignKey("deadlines.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(SLACK_ID))
    timezone: Mapped[str] = mapped_column(String(64))

    deadline: Mapped[Deadline] = relationship(back_populates="nudges")


class MapImage(TeamOwned, Timestamped, Base):
    """A rendered picture of a map, kept so the same state is never drawn twice."""

    __tablename__ = "map_images"
    __table_args__ = (UniqueConstraint("map_id", "state_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = _map_fk()
    # A hash of everything the picture shows (and the format), so any change draws a new one.
    state_key: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ProcessedRequest(TeamOwned, Timestamped, Base):
    """A Slack request already applied, so a retry or a double click is recognised and skipped."""

    __tablename__ = "processed_requests"
    __table_args__ = (UniqueConstraint("team_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(255))


class ImportDraft(TeamOwned, Timestamped, Base):
    """A file read for an import and previewed, waiting for the person to confirm it (or not)."""

    __tablename__ = "import_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = _map_fk()
    user_id: Mapped[str] = mapped_column(String(SLACK_ID))
    # What to add to the map, in the structure of a map's document (bot/document/capture.py).
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditAction(StrEnum):
    """What an audit entry records."""

    MAP_DELETED = "map_deleted"
    STAGE_REMOVED = "stage_removed"  # one that held touchpoints
    CHANNEL_REMOVED = "channel_removed"  # one that held touchpoints
    FACILITATOR_ADDED = "facilitator_added"
    FACILITATOR_TAKEOVER = "facilitator_takeover"  # a workspace admin made themselves a facilitator


class AuditEntry(TeamOwned, Timestamped, Base):
    """Who did something that can't be undone, or that changes who runs a map, and when.

    The entry outlives its map: `map_id` becomes NULL when the map is deleted, and the Slack channel it
    lived in keeps the entry findable.
    """

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int | None] = mapped_column(ForeignKey("maps.id", ondelete="SET NULL"), index=True)
    channel_id: Mapped[str] = mapped_column(String(SLACK_ID), index=True)
    actor_id: Mapped[str] = mapped_column(String(SLACK_ID))
    action: Mapped[str] = mapped_column(String(32))
    # What it was about, briefly: the map's title, a stage's name and how many touchpoints it held, a
    # person's id.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SlackAnswer(Base):
    """What Slack last said of a person (users.info) or of a channel's members (conversations.members),
    kept a while and shared by every instance of the bot (bot/lookups.py): a failed lookup is never kept."""

    __tablename__ = "slack_answers"

    team_id: Mapped[str] = mapped_column(String(SLACK_ID), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # "user:U…", "members:C…"
    value: Mapped[Any] = mapped_column(JSON)
    fetched_at: Mapped[datetime] = mapped_column()


# slack_sdk's OAuth stores keep their tables on the same metadata (storage/installations.py).
from storage import installations  # noqa: E402, F401
