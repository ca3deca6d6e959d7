"""Keeping the stand-in's workspace between runs: messages, files, Home tabs, ids and the clock's offset go
to a JSON file beside the SQLite database (or in the working directory), the files' bytes to a folder
beside it. Written atomically, a moment after each change and when the playground stops."""

import json
import logging
import os
import tempfile
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from bot.playground.clock import OffsetClock
from bot.playground.standin import SlackStandIn
from bot.playground.workspace import Workspace

logger = logging.getLogger(__name__)

STATE_NAME = "touchpoint-playground.json"
FORMAT = 1
QUIET_SECONDS = 0.5  # changes within this long of each other are saved together


def state_path(database_url: str) -> Path:
    """Beside the SQLite database file; in the working directory for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).resolve().with_name(STATE_NAME)
    return Path.cwd() / STATE_NAME


def _write_atomically(path: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".tmp", delete=False) as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(out.name, path)


def _files(path: Path) -> Path:
    return path.with_name(path.stem + "-files")


def load(path: Path) -> tuple[Workspace, timedelta] | None:
    """The saved workspace and clock offset; None when nothing was saved (or it can't be read, which is
    logged: the playground then starts afresh, and the unreadable file is kept aside)."""
    if not path.is_file():
        return None
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        if saved.get("format") != FORMAT:
            raise ValueError(f"format {saved.get('format')!r}")
        files = _files(path)
        blobs = {i: (files / i).read_bytes() for i in saved["workspace"]["files"] if (files / i).is_file()}
        return Workspace.from_json(saved["workspace"], blobs), timedelta(seconds=saved["clock_offset"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        aside = path.with_suffix(".unreadable.json")
        logger.warning("cannot read %s (%s): starting afresh; it is kept as %s", path, error, aside)
        path.replace(aside)
        return None


class Keeper:
    """Saves the workspace as it changes, from a thread of its own, and once more when stopped."""

    def __init__(self, path: Path, slack: SlackStandIn, clock: OffsetClock) -> None:
        self.path = path
        self.files = _files(path)
        self.slack = slack
        self.clock = clock
        self._saved = -1
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="playground-keeper", daemon=True)

    def save(self) -> None:
        with self.slack.lock:
            version = self.slack.version
            state: dict[str, Any] = {
                "format": FORMAT,
                "clock_offset": self.clock.offset.total_seconds(),
                "workspace": self.slack.workspace.to_json(),
            }
            blobs = {f.id: f.data for f in self.slack.workspace.files.values() if f.data is not None}
        self.files.mkdir(parents=True, exist_ok=True)
        for file_id, data in blobs.items():
            if not (self.files / file_id).is_file():
                _write_atomically(self.files / file_id, data)
        _write_atomically(self.path, json.dumps(state, ensure_ascii=False).encode())
        self._saved = version

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop watching and save what is not saved yet."""
        self._stopping.set()
        with self.slack.lock:
            self.slack.lock.notify_all()
        self._thread.join(timeout=10)
        if self.slack.version != self._saved:
            self.save()

    def _run(self) -> None:
        seen = self.slack.version
        while not self._stopping.is_set():
            seen = self.slack.wait_changed(seen, timeout=1.0)
            if seen != self._saved and not self._stopping.wait(QUIET_SECONDS):
                try:
                    self.save()
                except OSError:
                    logger.exception("cannot save the playground to %s", self.path)
