"""`touchpoint-bot export` and `touchpoint-bot import`: an operator's commands, on DATABASE_URL, for any
team's map (the operator has the database already), without Slack."""

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.config import load_database_url, load_environment
from bot.document.capture import export_document
from bot.document.codec import read_document
from bot.document.merge import create_map, merge
from bot.exports.csv_import import as_document, read_table
from bot.exports.files import FORMATS, export_files
from bot.method.errors import UserError
from storage.db import UnitOfWork, build_engine
from storage.models import Map

PROG = "touchpoint-bot"


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def _english(error: UserError) -> str:
    return error.message.format(**error.params)


def export(args: argparse.Namespace) -> int:
    output: Path = args.output
    fmt = args.format or output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        return _fail(f"name the format with --format ({', '.join(FORMATS)}), or end FILE in one of them")
    engine = build_engine(load_database_url(load_environment()))
    now = datetime.now(UTC)
    try:
        with UnitOfWork(engine)() as session:
            found = session.get(Map, args.map)
            if found is None:
                return _fail(f"there is no map {args.map} in the database.")
            document = export_document(session, found.team_id, found, now)
    finally:
        engine.dispose()
    stem = output.stem if output.suffix.lower() == f".{fmt}" else output.name
    written = []
    for each in export_files(document, fmt, stem, now.date()):
        path = output.with_name(each.name)
        try:
            path.write_bytes(each.data)
        except OSError as error:
            return _fail(f"cannot write {path}: {error.strerror or error}")
        written.append(str(path))
    print(f"{PROG}: wrote {', '.join(written)}")
    return 0


def import_(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        raw = path.read_bytes()
    except OSError as error:
        return _fail(f"cannot read {path}: {error.strerror or error}")
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        return _fail(f"{path} must be a .json or .csv file")
    if suffix == ".csv":
        return _import_csv(path, raw, args.map)
    if not (args.team and args.channel):
        return _fail("a JSON map becomes a new map: name its --team and --channel")
    engine = build_engine(load_database_url(load_environment()))
    try:
        document = read_document(raw)
        if args.facilitator:
            document["facilitators"] = list(
                dict.fromkeys([*document.get("facilitators", []), args.facilitator])
            )
        with UnitOfWork(engine)() as session:
            found = create_map(session, args.team, args.channel, document)
            map_id, title = found.id, found.title
    except UserError as error:
        return _fail(f"{path}: {_english(error)} Nothing was imported.")
    finally:
        engine.dispose()
    print(f"{PROG}: imported “{title}” as map {map_id}, {len(document['touchpoints'])} touchpoints")
    return 0


def _import_csv(path: Path, raw: bytes, map_id: int | None) -> int:
    if map_id is None:
        return _fail("a CSV's touchpoints go on a map: name it with --map ID")
    engine = build_engine(load_database_url(load_environment()))
    try:
        table = read_table(raw)
        with UnitOfWork(engine)() as session:
            found = session.get(Map, map_id, with_for_update=True)
            if found is None:
                return _fail(f"there is no map {map_id} in the database.")
            added = merge(session, found, as_document(table), found.created_by)
    except UserError as error:
        return _fail(f"{path}: {_english(error)} Nothing was imported.")
    finally:
        engine.dispose()
    print(f"{PROG}: added {added} touchpoints to map {map_id}")
    return 0
