"""The map as a picture, posted in its channel: rendered after the ack, drawn once per state."""

import hashlib
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy.orm import Session

from bot.document.capture import capture
from bot.document.picture import picture_of
from bot.exports.files import version_label
from bot.i18n import Translator, translator
from bot.method.errors import UserError
from bot.render import RENDERER_VERSION, render
from bot.render.model import Language, MapPicture, View
from bot.workshop.notices import PictureShared
from bot.workshop.service import Actor, Service
from storage.images import MapImages
from storage.iteration import Snapshots
from storage.models import Map
from storage.repositories import Maps

logger = logging.getLogger(__name__)

ALT_TEXT_MAX = 1000  # files.getUploadURLExternal's alt_txt


@dataclass(frozen=True)
class PictureRequest:
    """Which picture: the whole map, one persona's path, the pains only, or a comparison with a snapshot;
    of the map now, or of snapshot `version`."""

    view: View = "whole"
    persona: str | None = None
    compare_with: int | None = None
    version: int | None = None


def state_key(picture: MapPicture, fmt: str) -> str:
    """A fingerprint of all the picture shows, in the format and renderer version it is drawn in."""
    return hashlib.sha256(f"{RENDERER_VERSION}:{fmt}:{picture!r}".encode()).hexdigest()


def alt_text(picture: MapPicture, t: Translator) -> str:
    """What the picture shows, for screen readers, in the map's language."""
    stages = ", ".join(stage.name for stage in picture.stages)
    text = t.plural(
        "Touchpoint map “{title}” with {count} touchpoint, over the stages {stages}; channels: {channels}.",
        "Touchpoint map “{title}” with {count} touchpoints, over the stages {stages}; channels: {channels}.",
        len(picture.cards),
        title=picture.title,
        stages=stages,
        channels=", ".join(picture.channels),
    )
    felt = [(stage.feeling.mean, stage.name) for stage in picture.stages if stage.feeling is not None]
    if felt:
        _, lowest = min(felt, key=lambda each: each[0])
        text = t("{summary} The customer feels worst at {stage}.", summary=text, stage=lowest)
    return text if len(text) <= ALT_TEXT_MAX else text[: ALT_TEXT_MAX - 1] + "…"


@dataclass(frozen=True)
class StoredMap:
    """What a picture needs from the database: the map now, and the snapshot it is compared with."""

    title: str
    language: str
    data: dict[str, Any]
    baseline: dict[str, Any] | None
    latest_version: int
    version: int | None = None  # the snapshot shown, or None for the map now

    @property
    def owners(self) -> set[str]:
        return {tp["owner"] for tp in self.data["touchpoints"] if tp["owner"]}


def load_map(session: Session, team_id: str, found: Map, request: PictureRequest) -> StoredMap:
    """What the picture shows (callers check access first); refuses an unknown snapshot or persona."""
    snapshots = Snapshots(session, team_id)
    baseline = None
    if request.compare_with is not None:
        baseline = snapshots.data_of(found.id, request.compare_with)
        if baseline is None:
            raise UserError("There is no snapshot v{version} of this map.", version=request.compare_with)
    if request.version is None:
        data = capture(session, team_id, found)
    else:
        stored = snapshots.data_of(found.id, request.version)
        if stored is None:
            raise UserError("There is no snapshot v{version} of this map.", version=request.version)
        data = stored
    if request.persona is not None and request.persona not in {p["name"] for p in data["personas"]}:
        raise UserError("This map has no persona called “{name}”.", name=request.persona)
    return StoredMap(
        found.title, found.language, data, baseline, snapshots.latest_version(found.id), request.version
    )


def map_picture(
    stored: StoredMap, request: PictureRequest, day: date, owners: Mapping[str, str] | None = None
) -> MapPicture:
    """The picture of a stored map; `owners` names the touchpoints' owners by Slack user id."""
    return picture_of(
        stored.data,
        language=cast(Language, stored.language),
        version=f"v{stored.version}"
        if stored.version
        else version_label(stored.latest_version, stored.language),
        day=day,
        view=request.view,
        persona=request.persona,
        baseline=stored.baseline,
        baseline_label=None if request.compare_with is None else f"v{request.compare_with}",
        owners=owners or {},
    )


class ImagesService(Service):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._drawings: dict[str, threading.Lock] = {}  # by state key: the drawing under way
        self._drawings_guard = threading.Lock()

    def _drawing(self, team_id: str, map_id: int, picture: MapPicture) -> bytes:
        """The picture's PNG: the one kept for this state, else drawn now; people asking for the same
        state meanwhile wait for this drawing rather than draw it again (one drawing per state and
        process, and the database keeps it for the other instances)."""
        key = state_key(picture, "png")
        with self._drawings_guard:
            turn = self._drawings.setdefault(key, threading.Lock())
        try:
            with turn:
                with self.uow() as session:
                    image = MapImages(session, team_id).get(map_id, key)
                if image is None:
                    image = render(picture, "png")
                    logger.info("Drew the picture of map %s (%s)", map_id, key[:12])
                    with self.uow() as session:
                        MapImages(session, team_id).keep(map_id, key, image)
                return image
        finally:
            with self._drawings_guard:
                self._drawings.pop(key, None)

    def post(
        self, actor: Actor, map_id: int | None, request: PictureRequest, thread_ts: str | None = None
    ) -> int:
        """Draw the map (or reuse the drawing of this very state) and share it in the map's channel."""
        with self.changing(actor) as session:
            found = self.open_map(session, actor, map_id)
            stored = load_map(session, actor.team_id, found, request)
            map_id, channel = found.id, found.channel_id
        self._share(actor.team_id, map_id, channel, stored, request, thread_ts)
        return map_id

    def share(self, team_id: str, map_id: int, thread_ts: str | None = None) -> None:
        """Share the whole map as it stands in its channel, for the bot's own messages (a reminder): nobody
        asks, so nobody's access is checked."""
        request = PictureRequest()
        with self.uow() as session:
            found = Maps(session, team_id).get(map_id)
            if found is None:
                return
            stored = load_map(session, team_id, found, request)
            channel = found.channel_id
        self._share(team_id, map_id, channel, stored, request, thread_ts)

    def _share(
        self,
        team_id: str,
        map_id: int,
        channel: str,
        stored: StoredMap,
        request: PictureRequest,
        thread_ts: str | None,
    ) -> None:
        owners = {user: self.chat.display_name(team_id, user) or "" for user in stored.owners}
        picture = map_picture(stored, request, datetime.now(UTC).date(), owners)
        t = translator(picture.language)
        image = self._drawing(team_id, map_id, picture)
        file_id = self.chat.upload(
            team_id,
            channel,
            image,
            filename="touchpoint-map.png",
            title=stored.title,
            alt_text=alt_text(picture, t),
            comment=PictureShared(picture.language, stored.title, request.version),
            thread_ts=thread_ts,
        )
        if file_id is not None and request == PictureRequest():
            self._show_on_board(team_id, map_id, file_id)

    def _show_on_board(self, team_id: str, map_id: int, file_id: str) -> None:
        """The whole map as it stands, just shared: the board shows it inline from now on (the picture is
        out already, after the ack: a board that can't be updated now is only logged)."""
        with self.uow() as session:
            found = Maps(session, team_id).get(map_id, lock=True)  # locked: the change bumps its board
            if found is None or found.picture_file_id == file_id:
                return
            found.picture_file_id = file_id
        try:
            self.refresh_board(team_id, map_id)
        except Exception:
            logger.exception("Could not show the new picture on the board of map %s", map_id)
