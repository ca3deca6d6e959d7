"""A map's board across instances: which version its message shows, and which instance holds it to update
it. One holds a board at a time, until a while after its update (Slack's chat.update budget), so the
changes of a burst, wherever they were made, make one update per window; the others find the board
shows what they would have sent."""

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, or_, select, update

from storage.base import table
from storage.models import Map
from storage.repositories import TeamScoped, rowcount

_maps = table(Map)

_CLAIM = (
    update(_maps)
    .where(
        _maps.c.team_id == bindparam("team"),
        _maps.c.id == bindparam("map_id"),
        or_(_maps.c.board_claimed_until <= bindparam("now"), _maps.c.board_claimed_until.is_(None)),
    )
    .values(board_claimed_until=bindparam("until"), updated_at=_maps.c.updated_at)
)
_RELEASE = (
    update(_maps)
    .where(and_(_maps.c.team_id == bindparam("team"), _maps.c.id == bindparam("map_id")))
    .values(
        board_shown=bindparam("shown"), board_claimed_until=bindparam("until"), updated_at=_maps.c.updated_at
    )
)


@dataclass(frozen=True)
class BoardState:
    board_ts: str | None
    version: int  # bumped by every change
    shown: int  # the version the board's message shows
    claimed_until: float  # time.time() until which an instance holds the board (0: nobody)


class BoardClaims(TeamScoped):
    def state(self, map_id: int) -> BoardState | None:
        query = select(
            _maps.c.board_ts, _maps.c.board_version, _maps.c.board_shown, _maps.c.board_claimed_until
        ).where(_maps.c.team_id == self.team_id, _maps.c.id == map_id)
        found = self.session.execute(query).one_or_none()
        return None if found is None else BoardState(found[0], found[1], found[2], found[3] or 0.0)

    def claim(self, map_id: int, now: float, until: float) -> bool:
        """Hold the board until `until`, unless another instance holds it at `now`."""
        claimed = self.session.execute(
            _CLAIM, {"team": self.team_id, "map_id": map_id, "now": now, "until": until}
        )
        return rowcount(claimed) == 1

    def release(self, map_id: int, shown: int, until: float) -> None:
        """The board now shows version `shown`; nobody updates it again before `until`."""
        self.session.execute(
            _RELEASE, {"team": self.team_id, "map_id": map_id, "shown": shown, "until": until}
        )
