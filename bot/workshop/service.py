"""What every use case shares: who is asking, access checks, and keeping the board up to date."""

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.i18n import N_
from bot.method.errors import SlackRefused, UserError
from bot.workshop.board import Board, BoardLocks
from bot.workshop.chat import Chat
from bot.workshop.notices import Notice
from storage.boards import BoardClaims
from storage.db import UnitOfWork
from storage.models import Map
from storage.repositories import Maps, MapStats, RequestLog

logger = logging.getLogger(__name__)

# Board updates in a row before a refresh gives up, on a map that changes faster than its board is sent.
BOARD_ROUNDS = 10
# Across instances, a board is updated at most once per BOARD_WINDOW seconds (chat.update is Tier 3: about
# 50 a minute per workspace); an instance holds it at most BOARD_HOLD seconds to update it (then another
# may, should it have died).
BOARD_WINDOW, BOARD_HOLD = 1.2, 30.0


SAVED_NOT_SHOWN = N_(
    "Saved, but I couldn't update the channel just now: it will catch up with the next change."
)


@contextmanager
def showing_saved_change() -> Iterator[None]:
    """Around the Slack calls that show a change already committed: if they finally fail, the person
    learns that the change is kept (not that nothing was saved)."""
    try:
        yield
    except UserError:
        raise
    except Exception as error:
        logger.exception("Could not show a saved change in Slack")
        raise UserError(SAVED_NOT_SHOWN) from error


@dataclass(frozen=True)
class Announcement:
    """What to say in a map's channel about a change, once the change is saved."""

    channel_id: str
    notice: Notice


@dataclass(frozen=True)
class Origin:
    """The map a modal or a reply works on, where it lives, and its language."""

    map_id: int
    channel_id: str
    language: str

    @classmethod
    def of(cls, found: Map) -> "Origin":
        return cls(found.id, found.channel_id, found.language)


@dataclass(frozen=True)
class Actor:
    """Who is asking, from where: every use case is scoped by this team and channel."""

    team_id: str
    user_id: str
    channel_id: str


_MEMBERSHIP = "touchpoint_membership"  # session.info: the `_Membership` asked before the transaction


@dataclass(frozen=True)
class _Membership:
    """Whether `actor` is in their channel, as Slack said before the transaction (or how asking failed)."""

    actor: Actor
    answer: bool | Exception


def _membership(session: Session, actor: Actor) -> bool:
    checked = session.info.get(_MEMBERSHIP)
    if not isinstance(checked, _Membership) or checked.actor != actor:
        raise RuntimeError("open_map needs a transaction opened by changing() or reading_map()")
    if isinstance(checked.answer, Exception):
        raise checked.answer
    return checked.answer


class Service:
    def __init__(self, uow: UnitOfWork, chat: Chat, board_locks: BoardLocks | None = None) -> None:
        self.uow = uow
        self.chat = chat
        self.board_locks = board_locks or BoardLocks()

    def __deepcopy__(self, memo: dict) -> "Service":
        # Bolt deep-copies the context for lazy listeners; services are shared, not copied.
        return self

    @contextmanager
    def changing(self, actor: Actor) -> Iterator[Session]:
        """The transaction of a change `actor` asks for, opened once Slack has said whether they are in
        their channel: no Slack call waits inside it, where it holds the process's writer turn (SQLite)
        or a map's row lock (`open_map` takes the answer from the session)."""
        checked = self._ask_membership(actor)
        with self.uow() as session:
            session.info[_MEMBERSHIP] = checked
            yield session

    def _ask_membership(self, actor: Actor) -> "_Membership":
        """Whether `actor` is in their channel: as the chat keeps its members, else asked of Slack, unless
        the team has no map there (then `open_map` refuses before it looks, and Slack isn't asked)."""
        team, channel, user = actor.team_id, actor.channel_id, actor.user_id
        if self.chat.knows_member(team, channel, user):
            return _Membership(actor, True)
        with self.uow.reading() as session:
            if not Maps(session, team).in_channel(channel):
                return _Membership(actor, False)
        try:
            return _Membership(actor, self.chat.is_member(team, channel, user))
        except Exception as error:  # said where the check stands in `open_map`, after its own refusals
            return _Membership(actor, error)

    def open_map(
        self,
        session: Session,
        actor: Actor,
        map_id: int | None = None,
        *,
        facilitator: bool = False,
        lock: bool = True,
    ) -> Map:
        """The map `actor` may work on: `map_id` (untrusted, from a payload), else the channel's focused map;
        locked for the change to come unless `lock` is False (see `reading_map`).

        Refuses a map of another team or channel, a person who isn't in the map's channel, and, where
        `facilitator` is asked for, anyone who isn't one of its facilitators.
        """
        maps = Maps(session, actor.team_id)
        found = maps.focused(actor.channel_id, lock=lock) if map_id is None else maps.get(map_id, lock=lock)
        if found is None and map_id is None:
            raise UserError(
                "There is no touchpoint map in this channel yet: start one with `/touchpoint new <title>`."
            )
        if found is None or found.channel_id != actor.channel_id:
            raise UserError("That map isn't in this channel.")
        if not _membership(session, actor):
            raise UserError("Only members of this channel can work on its touchpoint map.")
        if facilitator and not maps.is_facilitator(found.id, actor.user_id):
            raise UserError("Only the map's facilitators can do that.")
        return found

    @contextmanager
    def reading_map(
        self, actor: Actor, map_id: int | None = None, *, facilitator: bool = False
    ) -> Iterator[tuple[Session, Map]]:
        """For a use case that only reads (a form, a status): the map `actor` may see, checked as
        `open_map` checks it, in a transaction that waits for no write (no write turn, no row lock)."""
        checked = self._ask_membership(actor)
        with self.uow.reading() as session:
            session.info[_MEMBERSHIP] = checked
            yield session, self.open_map(session, actor, map_id, facilitator=facilitator, lock=False)

    def claim(self, session: Session, actor: Actor, request_key: str | None) -> bool:
        """Record the request as applied; False when it already was (a retry or a double click)."""
        return request_key is None or RequestLog(session, actor.team_id).claim(request_key)

    def board(self, session: Session, team_id: str, workshop_map: Map) -> Board:
        stats = MapStats(session, team_id)
        return Board(
            map_id=workshop_map.id,
            title=workshop_map.title,
            language=workshop_map.language,
            step=workshop_map.step,
            blind=workshop_map.blind,
            facilitators=stats.facilitators(workshop_map.id),
            contributors=stats.contributors(workshop_map.id),
            counts=stats.counts(workshop_map.id),
            picture_file_id=workshop_map.picture_file_id,
        )

    def refresh_board(self, team_id: str, map_id: int) -> None:
        """Bring the map's board message up to date with what is stored now.

        In this process, refreshes of one map run one at a time, and one waiting is enough (it reads all
        that was committed before it started). Another instance's update may reach Slack after this
        one's with an older state: so after each update the map's board version (bumped by every change,
        storage/repositories.py) is read again, and the board sent again until the version sent is the
        version stored. Whichever update lands last, its sender then sees the newest version: the board
        ends up true. A version the board shows already (storage/boards.py) is not sent again.
        """
        try:
            self._refresh(team_id, map_id)
        except UserError as error:
            if error.message == SAVED_NOT_SHOWN:  # Slack failed: try again in a while, not only next change
                self.board_locks.catch_up(self._catch_up, team_id, map_id)
            raise

    def _refresh(self, team_id: str, map_id: int) -> None:
        with self.board_locks.turn(team_id, map_id) as mine, showing_saved_change():
            if not mine:
                return
            for _ in range(BOARD_ROUNDS):
                if not self._send_board(team_id, map_id):
                    return
            logger.warning("the board of map %s kept changing while it was refreshed", map_id)

    def _catch_up(self, team_id: str, map_id: int) -> bool:
        """A refresh after one that failed (Slack's outage, errors past the retries): whether it worked."""
        try:
            self._refresh(team_id, map_id)
        except UserError:
            return False
        return True

    def refresh_board_soon(
        self, team_id: str, map_id: int, failed: Callable[[UserError], None] | None = None
    ) -> None:
        """Refresh the board in the background, so that the ack goes at once. A refresh that finally fails
        is logged and, given `failed`, said with it to the person (the next change catches up)."""
        self.board_locks.later(self._refresh_in_background, team_id, map_id, failed)

    def _refresh_in_background(
        self, team_id: str, map_id: int, failed: Callable[[UserError], None] | None
    ) -> None:
        try:
            try:
                self.refresh_board(team_id, map_id)
            except UserError as error:  # SAVED_NOT_SHOWN, logged with its cause
                if failed is not None:
                    failed(error)
        except Exception:
            logger.exception("Could not refresh the board of map %s", map_id)

    def _send_board(self, team_id: str, map_id: int) -> bool:
        """Send the board if its message doesn't show the version stored; whether it was sent. Across
        instances one holds a board at a time (storage/boards.py), until BOARD_WINDOW after its update:
        the others' refreshes wait for that, then find the board showing what they would have sent."""
        with self.uow.reading() as session:
            state = BoardClaims(session, team_id).state(map_id)
        while True:
            if state is None or state.board_ts is None or state.version == state.shown:
                return False
            wait = state.claimed_until - time.time()
            if wait > 0 and self.board_locks.pause(wait):  # the process stops
                return False
            with self.uow() as session:
                claims = BoardClaims(session, team_id)
                now = time.time()
                claimed = claims.claim(map_id, now, now + BOARD_HOLD)
                state = claims.state(map_id)
            if claimed and state is not None and state.version == state.shown:  # shown meanwhile
                self._release(team_id, map_id, state.shown, time.time())
                return False
            if claimed and state is not None:
                break
        try:
            with self.uow.reading() as session:
                found = Maps(session, team_id).get(map_id)
                if found is None or found.board_ts is None:  # deleted meanwhile
                    self._release(team_id, map_id, state.shown, time.time())
                    return False
                version = found.board_version
                board = self.board(session, team_id, found)  # read after the version, so at least as new
                channel, ts = found.channel_id, found.board_ts
            try:
                self.chat.update(team_id, channel, ts, board)
            except SlackRefused as refused:
                if refused.code != "message_not_found":
                    raise
                self._post_board_again(team_id, map_id, channel, ts, board)
        except SlackRefused as refused:
            self._release(team_id, map_id, state.shown, time.time())  # not shown: the next refresh sends it
            if refused.code != "invalid_blocks" or board.picture_file_id is None:
                raise
            self._forget_picture(team_id, map_id, board.picture_file_id)
            return True  # the board again, without the picture
        except BaseException:
            self._release(team_id, map_id, state.shown, time.time())
            raise
        self._release(team_id, map_id, version, time.time() + BOARD_WINDOW)
        self.board_locks.sent(team_id, map_id)
        return True

    def _release(self, team_id: str, map_id: int, shown: int, until: float) -> None:
        with self.uow() as session:
            BoardClaims(session, team_id).release(map_id, shown, until)

    def _post_board_again(self, team_id: str, map_id: int, channel: str, gone: str, board: Board) -> None:
        """The board message at `gone` was deleted (by a person, or an admin): post a new board and
        remember it, unless another refresh remembered one meanwhile."""
        ts = self.chat.post(team_id, channel, board)
        with self.uow() as session:
            found = Maps(session, team_id).get(map_id)
            if found is not None and found.board_ts == gone:
                found.board_ts = ts
        logger.info("The board of map %s was deleted: posted it again at %s", map_id, ts)

    def _forget_picture(self, team_id: str, map_id: int, file_id: str) -> None:
        """Slack refused the board for its picture (the file was deleted in Slack since): the board shows
        none until the map is drawn again."""
        logger.warning("The board of map %s can't show file %s any more: shown without it", map_id, file_id)
        with self.uow() as session:
            found = Maps(session, team_id).get(map_id, lock=True)  # locked: the change bumps its board
            if found is not None and found.picture_file_id == file_id:
                found.picture_file_id = None

    def announce(self, team_id: str, map_id: int, announcement: Announcement | None) -> None:
        """After a change is saved: post its announcement (if there is one) in the map's channel, then
        refresh the board, even when the announcement could not be posted."""
        try:
            if announcement is not None:
                with showing_saved_change():
                    self.chat.post(team_id, announcement.channel_id, announcement.notice)
        finally:
            self.refresh_board(team_id, map_id)
