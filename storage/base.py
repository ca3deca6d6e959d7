"""The declarative base every model derives from."""

from datetime import UTC, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import DateTime, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so Alembic migrations can name what they alter on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: DateTime(timezone=True)}


def table(model: type[Base]) -> Table:
    """The model's table, typed as the Table it is, for Core statements."""
    return cast(Table, model.__table__)


class TeamOwned:
    """A row that belongs to one Slack workspace; repositories filter every query on `team_id`."""

    team_id: Mapped[str] = mapped_column(String(32), index=True)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
