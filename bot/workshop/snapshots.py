"""A map's snapshots: listed, compared (any two, or one with the map now), and restored as a new version."""

from dataclasses import dataclass
from datetime import datetime

from bot.document.capture import capture, upgrade
from bot.document.diff import Changes, changes
from bot.document.merge import replace
from bot.method.errors import UserError
from bot.workshop.service import Actor, Announcement, Origin, Service
from storage.iteration import Snapshots
from storage.models import Snapshot

LISTED = 20  # the newest snapshots listed, each with its buttons, within a message's 50 blocks


@dataclass(frozen=True)
class SnapshotItem:
    version: int
    taken_at: datetime
    taken_by: str
    touchpoints: int
    improvements: int


@dataclass(frozen=True)
class SnapshotList:
    origin: Origin
    title: str
    items: list[SnapshotItem]  # newest first, at most LISTED
    total: int


@dataclass(frozen=True)
class Comparison:
    origin: Origin
    title: str
    first: int
    second: int | None  # None: the map as it stands
    changes: Changes


@dataclass(frozen=True)
class Restored:
    origin: Origin
    version: int  # the snapshot brought back
    as_version: int  # the new version it now is
    kept: int | None  # the version that keeps the map as it was just before, when it wasn't kept yet
    by: str

    @property
    def language(self) -> str:
        return self.origin.language


class SnapshotsService(Service):
    def listing(self, actor: Actor, map_id: int | None = None) -> SnapshotList:
        with self.reading_map(actor, map_id) as (session, found):
            rows = Snapshots(session, actor.team_id).listing(found.id)
            items = [SnapshotItem(*row) for row in reversed(rows)]
            return SnapshotList(Origin.of(found), found.title, items[:LISTED], len(items))

    def compare(self, actor: Actor, map_id: int | None, first: int, second: int | None) -> Comparison:
        """What changed from snapshot `first` to snapshot `second`, or to the map now."""
        with self.reading_map(actor, map_id) as (session, found):
            snapshots = Snapshots(session, actor.team_id)
            before = _data(snapshots, found.id, first)
            after = (
                capture(session, actor.team_id, found)
                if second is None
                else _data(snapshots, found.id, second)
            )
            return Comparison(Origin.of(found), found.title, first, second, changes(before, after))

    def restore(
        self, actor: Actor, map_id: int | None, version: int, request_key: str | None
    ) -> Restored | None:
        """Bring snapshot `version` back as the map's content (facilitators), as a new version: history is
        never lost. The map as it was is first kept as a snapshot of its own, unless the newest snapshot
        already holds it. None when this request was applied already. Only the write, before the ack:
        `announce_restored` tells the channel after it."""
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id, facilitator=True)
            if not self.claim(session, actor, request_key):
                return None
            snapshots = Snapshots(session, actor.team_id)
            wanted = _data(snapshots, found.id, version)
            latest = snapshots.latest_version(found.id)
            now = capture(session, actor.team_id, found)
            kept = None
            if latest == 0 or snapshots.data_of(found.id, latest) != now:
                kept = latest = latest + 1
                snapshots.add(_snapshot(actor, found.id, latest, now))
            replace(session, found, wanted, actor.user_id)
            snapshots.add(_snapshot(actor, found.id, latest + 1, capture(session, actor.team_id, found)))
            return Restored(Origin.of(found), version, latest + 1, kept, actor.user_id)

    def announce_restored(self, team_id: str, restored: Restored) -> None:
        """After the ack: tell the channel what was restored, and bring the board up to date."""
        self.announce(team_id, restored.origin.map_id, Announcement(restored.origin.channel_id, restored))


def _data(snapshots: Snapshots, map_id: int, version: int) -> dict:
    data = snapshots.data_of(map_id, version)
    if data is None:
        raise UserError("There is no snapshot v{version} of this map.", version=version)
    return upgrade(data)


def _snapshot(actor: Actor, map_id: int, version: int, data: dict) -> Snapshot:
    return Snapshot(
        team_id=actor.team_id, map_id=map_id, version=version, data=data, created_by=actor.user_id
    )
