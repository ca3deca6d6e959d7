"""The JSON export: the whole map, valid against docs/map-schema.json, and back again through the CLI."""

import json
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from bot.document.capture import capture, export_document
from bot.document.codec import read_document, validator
from bot.method.errors import UserError
from storage.models import Map
from tests.support.fake_slack import ALICE, BOB, CAROL
from tests.support.maps import whole_map
from tests.support.process import CLI, clean_env

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = json.loads((ROOT / "docs" / "map-schema.json").read_text())


def _cli(*args: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CLI, *args],
        cwd=cwd,
        env=clean_env(DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        timeout=60,
    )


def _comparable(document: dict) -> dict:
    """The document without what an import changes: ids (numbered in order instead), the export's time
    and the original map's snapshots."""
    ids = {t["id"]: n for n, t in enumerate(document["touchpoints"], start=1)}
    renumbered = {
        key: [{**item, "touchpoint": ids[item["touchpoint"]]} for item in document[key]]
        for key in ("notes", "scores", "votes", "evidence", "improvements")
    }
    touchpoints = [{**t, "id": ids[t["id"]]} for t in document["touchpoints"]]
    rest = {k: v for k, v in document.items() if k not in ("exported_at", "snapshots")}
    return {**rest, **renumbered, "touchpoints": touchpoints}


def test_the_schema_is_valid_json_schema():
    Draft202012Validator.check_schema(SCHEMA)
    assert validator().schema == SCHEMA  # docs/map-schema.json is the schema the bot checks imports with


def test_export_holds_the_whole_map_and_follows_the_schema(uow):
    with uow() as session:
        found = whole_map(session, "fa")
        document = export_document(session, found.team_id, found, now=_now())
    validator().validate(document)
    assert document["schema"] == "touchpoint-map/2"
    assert (document["title"], document["language"], document["step"], document["votes_per_person"]) == (
        "سفر خرید",
        "fa",
        4,
        5,
    )
    assert document["facilitators"] == [ALICE, BOB]
    assert [s["name"] for s in document["stages"]] == ["آگاهی", "خرید", "پشتیبانی"]
    assert document["channels"][0]["name"] == "وب‌سایت"  # the ZWNJ kept
    titles = [t["title"] for t in document["touchpoints"]]
    assert titles == ["تبلیغ جست‌وجو", "صفحهٔ پرداخت", "تأیید سفارش SMS", "گفت‌وگوی پشتیبانی"]
    checkout = document["touchpoints"][1]
    assert (checkout["notes"], checkout["mean_score"], checkout["votes"], checkout["evidence"]) == (
        {"positive": 1, "negative": 2},
        -1.5,
        2,
        1,
    )
    assert [(n["author"], n["polarity"]) for n in document["notes"] if n["touchpoint"] == checkout["id"]] == [
        (ALICE, "positive"),
        (BOB, "negative"),
        (CAROL, "negative"),
    ]
    assert {(v["touchpoint"], v["user"]) for v in document["votes"]} >= {(checkout["id"], ALICE)}
    assert document["evidence"][0]["permalink"].endswith("p1700000000000200")
    assert [(i["owner"], i["status"]) for i in document["improvements"]] == [
        (CAROL, "in_progress"),
        (None, "open"),
    ]
    [snapshot] = document["snapshots"]
    assert (snapshot["version"], snapshot["taken_by"], snapshot["touchpoints"], snapshot["improvements"]) == (
        1,
        BOB,
        4,
        2,
    )


@pytest.mark.parametrize("language", ["en", "fa", "ar"])
def test_export_import_export_gives_the_same_map(uow, database_url, tmp_path, language):
    with uow() as session:
        found = whole_map(session, language)
        map_id = found.id
    exported = tmp_path / "map.json"
    result = _cli(
        "export",
        "--map",
        str(map_id),
        "--format",
        "json",
        "-o",
        str(exported),
        database_url=database_url,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"touchpoint-bot: wrote {exported}"
    first = json.loads(exported.read_text(encoding="utf-8"))
    validator().validate(first)
    if language != "en":
        assert "\\u" not in exported.read_text(encoding="utf-8")  # readable, not escaped

    result = _cli(
        "import",
        "--team",
        "T0OTHER01",
        "--channel",
        "C0ELSEWHERE",
        str(exported),
        database_url=database_url,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    with uow() as session:
        imported = session.query(Map).filter(Map.team_id == "T0OTHER01").one()
        assert (imported.channel_id, imported.created_by) == ("C0ELSEWHERE", ALICE)
        new_id = imported.id
    assert f"as map {new_id}, 4 touchpoints" in result.stdout

    again = tmp_path / "again.json"
    assert (
        _cli(
            "export", "--map", str(new_id), "-o", str(again), database_url=database_url, cwd=tmp_path
        ).returncode
        == 0
    )
    second = json.loads(again.read_text(encoding="utf-8"))
    assert second["snapshots"] == []  # an import starts the map's own history
    assert _comparable(second) == _comparable(first)
    assert {t["id"] for t in second["touchpoints"]}.isdisjoint({t["id"] for t in first["touchpoints"]})


def test_a_snapshot_of_schema_1_is_read_with_empty_lists(uow):
    with uow() as session:
        data = capture(session, "T0TEAM001", whole_map(session, "en"))
    old = {
        k: v
        for k, v in data.items()
        if k not in ("language", "votes_per_person", "notes", "scores", "votes", "evidence")
    }
    old["schema"] = "touchpoint-map/1"
    read = read_document(json.dumps({**old, "facilitators": [ALICE]}).encode())
    assert (read["schema"], read["language"], read["notes"], read["votes"]) == (
        "touchpoint-map/2",
        "en",
        [],
        [],
    )
    assert read["touchpoints"] == data["touchpoints"]


def _now():
    from datetime import UTC, datetime

    return datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def _broken(change) -> bytes:
    document = json.loads(json.dumps(_SAMPLE))
    change(document)
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


_SAMPLE = {
    "schema": "touchpoint-map/2",
    "title": "Checkout",
    "language": "en",
    "step": 2,
    "votes_per_person": 3,
    "facilitators": [ALICE],
    "stages": [{"name": "Awareness", "phase": "before", "position": 1}],
    "channels": [{"name": "Website", "position": 1}],
    "personas": [],
    "touchpoints": [
        {
            "id": 7,
            "stage": "Awareness",
            "channel": "Website",
            "title": "Ad",
            "description": "",
            "need": "",
            "owner": None,
            "personas": [],
            "notes": {"positive": 0, "negative": 0},
            "mean_score": None,
            "score_range": None,
            "votes": 0,
            "evidence": 0,
        }
    ],
    "notes": [{"touchpoint": 7, "polarity": "negative", "text": "Slow", "author": BOB}],
    "scores": [],
    "votes": [],
    "evidence": [],
    "improvements": [],
}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b'{"schema": "touchpoint-map/2",\n  "title": "x",\n  oops}',
            "Line 3, column 3: this is not valid JSON",
        ),
        ('{"title": "الوعي"}'.encode("cp1256"), "Line 1, column 12: the file is not UTF-8 text"),
        (b'{"title": "x"}', "This is not a touchpoint map export"),
        (
            _broken(lambda d: d["touchpoints"][0].pop("title")),
            "At touchpoints › 1: 'title' is a required property",
        ),
        (
            _broken(lambda d: d["stages"][0].update(phase="later")),
            "At stages › 1 › phase: 'later' is not one of",
        ),
        (
            _broken(lambda d: d["touchpoints"][0].update(stage="Purchase")),
            "At touchpoints › 1 › stage: there is no stage called “Purchase”",
        ),
        (
            _broken(lambda d: d["notes"][0].update(touchpoint=8)),
            "At notes › 1 › touchpoint: there is no touchpoint 8",
        ),
        (
            _broken(lambda d: d["channels"].append({"name": "Website", "position": 2})),
            "At channels › 1: “Website” appears more than once",
        ),
        (b" " * (5 * 1024 * 1024 + 1), "The file is 5.0 MB; an import takes at most 5 MB."),
    ],
)
def test_a_bad_file_is_refused_saying_where(raw, message):
    with pytest.raises(UserError) as refused:
        read_document(raw)
    assert refused.value.message.format(**refused.value.params).startswith(message)


def test_a_bad_file_imports_nothing(uow, database_url, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_bytes(_broken(lambda d: d["notes"][0].update(touchpoint=8)))
    result = _cli(
        "import",
        "--team",
        "T0OTHER01",
        "--channel",
        "C0X",
        str(broken),
        database_url=database_url,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "there is no touchpoint 8 in the file. Nothing was imported." in result.stderr
    assert "Traceback" not in result.stderr
    with uow() as session:
        assert session.query(Map).count() == 0
