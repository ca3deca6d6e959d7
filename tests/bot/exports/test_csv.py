"""CSV: the export Excel opens right, and the import of what Excel and Google Sheets save."""

import csv
import io
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.document.capture import capture, export_document
from bot.exports.csv_export import notes_csv, touchpoints_csv
from bot.exports.csv_import import as_document, read_table
from bot.method.errors import UserError
from storage.models import Map, Touchpoint
from storage.repositories import Maps
from tests.support.fake_slack import ALICE, BOB, CAROL, TEAM_ID
from tests.support.maps import whole_map
from tests.support.process import CLI, clean_env

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "csv"
BOM = b"\xef\xbb\xbf"


def _cells(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _message(error: pytest.ExceptionInfo) -> str:
    return error.value.message.format(**error.value.params)


@pytest.mark.parametrize("language", ["en", "fa", "ar"])
def test_export_writes_a_row_per_touchpoint_and_per_note_for_excel(uow, language):
    with uow() as session:
        document = export_document(session, TEAM_ID, whole_map(session, language), datetime.now(UTC))
    data = touchpoints_csv(document)
    assert data.count(b"\r\n") == len(_cells(data))  # CRLF rows
    header, *rows = _cells(data)
    assert len(header) == 13 and len(rows) == 4
    checkout = rows[1]
    assert checkout[0] == document["stages"][1]["name"]
    assert checkout[3] == document["touchpoints"][1]["title"]
    assert checkout[6:] == [
        CAROL,
        "; ".join(document["touchpoints"][1]["personas"]),
        "1",
        "2",
        "-1.5",
        "2",
        "1",
    ]
    if language == "en":
        assert header[:4] == ["Stage", "Purchase phase", "Channel", "Touchpoint"]
        assert rows[2][3] == "'=Order confirmation"  # a formula kept as text
    header, *notes = _cells(notes_csv(document))
    assert len(header) == 6
    assert [(n[2], n[5]) for n in notes][:2] == [
        (document["touchpoints"][0]["title"], CAROL),
        (document["touchpoints"][1]["title"], ALICE),
    ]


@pytest.mark.parametrize("language", ["en", "fa", "ar"])
def test_the_exported_csv_imports_as_the_same_touchpoints(uow, language):
    with uow() as session:
        source = capture(session, TEAM_ID, whole_map(session, language))
        table = read_table(touchpoints_csv({**source, "snapshots": []}))
        target = Maps(session, TEAM_ID).add(
            channel_id="C0NEW", title="Copy", language=language, created_by=BOB
        )
        from bot.document.merge import merge

        assert merge(session, target, as_document(table), BOB) == 4
        copied = capture(session, TEAM_ID, target)
    fields = ("stage", "channel", "title", "description", "need", "owner", "personas")
    assert [{k: t[k] for k in fields} for t in copied["touchpoints"]] == [
        {k: t[k] for k in fields} for t in source["touchpoints"]
    ]
    assert copied["stages"] == source["stages"]
    # A CSV has one row per touchpoint: channels come in the order the rows first name them.
    assert sorted(c["name"] for c in copied["channels"]) == sorted(c["name"] for c in source["channels"])
    assert [p["name"] for p in copied["personas"]] == [p["name"] for p in source["personas"]]


def test_excel_persian_with_semicolons_and_a_bom():
    table = read_table((FIXTURES / "excel-semicolon-fa.csv").read_bytes())
    assert [(r.line, r.stage, r.phase, r.channel, r.title) for r in table.rows] == [
        (2, "آگاهی", "before", "اینستاگرام", "تبلیغ ویدیویی"),
        (3, "بررسی", "before", "وب‌سایت", "مقایسهٔ قیمت‌ها"),
        (4, "خرید", "during", "وب‌سایت", "صفحهٔ پرداخت"),
        (5, "خرید", "during", "اپلیکیشن موبایل", "پرداخت درون‌برنامه‌ای"),
    ]
    compare = table.rows[1]
    assert (compare.description, compare.owner, compare.personas) == (
        "جدول قیمت; بدون هزینهٔ ارسال",
        CAROL,
        ("خریدار تازه‌کار", "مشتری وفادار"),
    )
    assert table.ignored == []


def test_excel_english_with_commas_crlf_and_a_cell_of_two_lines():
    table = read_table((FIXTURES / "excel-comma-en.csv").read_bytes())
    titles = [r.title for r in table.rows]
    assert titles == ["Search ad", "=Price match", "Checkout page", "Order confirmation", "Help chat"]
    price = table.rows[1]
    assert (price.line, price.phase, price.need, price.description, price.owner) == (
        3,
        None,
        "Compare, then decide",
        "Shows the lowest price\nwhen asked",
        CAROL,
    )
    assert table.rows[2].line == 5  # the cell of two lines took line 3 and 4
    assert table.rows[2].personas == ("First-time buyer", "Returning, loyal")
    document = as_document(table)
    # Stages in order of first appearance; one without a phase takes the phase of the stage before.
    assert [(s["name"], s["phase"]) for s in document["stages"]] == [
        ("Awareness", "before"),
        ("Consideration", "before"),
        ("Purchase", "during"),
        ("Support", "after"),
    ]
    assert [c["name"] for c in document["channels"]] == ["Google", "Website", "Email", "Mobile app"]


def test_google_sheets_arabic_without_a_bom_and_with_a_column_it_does_not_read():
    table = read_table((FIXTURES / "google-sheets-ar.csv").read_bytes())
    assert [(r.stage, r.channel, r.title, r.owner) for r in table.rows] == [
        ("الوعي", "الموقع الإلكتروني", "إعلان البحث", None),
        ("الشراء", "الموقع الإلكتروني", "صفحة الدفع", BOB),
        ("الشراء", "تطبيق الجوال", "الدفع داخل التطبيق", None),
        ("الدعم", "الهاتف", "مركز الاتصال", CAROL),
    ]
    assert table.rows[0].need == "يريد أن يعرف الأسعار"
    assert table.ignored == ["ملاحظات الفريق"]


def test_excel_unicode_text_is_utf16_with_tabs():
    table = read_table((FIXTURES / "excel-unicode-text.txt").read_bytes())
    assert [(r.stage, r.channel, r.title) for r in table.rows] == [
        ("Awareness", "Website", "Landing page"),
        ("Purchase", "Store", "Till"),
    ]


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ((FIXTURES / "excel-ansi-ar.csv").read_bytes(), "Line 2, column 1: the file is not UTF-8 text."),
        (
            _csv("Stage,Channel,Touchpoint", "Awareness,Web,Ad", "Purchase,Web,"),
            "Line 3, column C: “Touchpoint” is empty",
        ),
        (
            _csv("Stage,Channel,Touchpoint", 'Awareness,Web,"Ad', "Purchase,Web,Pay"),
            "Line 2: the CSV is malformed (unexpected end of data).",
        ),
        (_csv("Stage,Channel,Touchpoint", 'Awareness,Web,"Ad"x'), "Line 2: the CSV is malformed"),
        (_csv("Stage,Touchpoint", "Awareness,Ad"), "Line 1: there is no “Channel” column"),
        (_csv("Stage,Channel,Touchpoint,Stage", "A,B,C,D"), "Line 1, column D: “Stage” is there twice."),
        (
            _csv("Stage,Channel,Touchpoint,Purchase phase", "A,B,C,soon"),
            "Line 2, column D: “soon” is not a purchase phase",
        ),
        (
            _csv("Stage,Channel,Touchpoint,Owner", "A,B,C,Sara"),
            "Line 2, column D: “Sara” is not a Slack member ID",
        ),
        (
            _csv("Stage,Channel,Touchpoint", "A" * 61 + ",B,C"),
            "Line 2, column A: this can be at most 60 characters; it has 61.",
        ),
        (
            _csv("Stage,Channel,Touchpoint", *["A,B,C"] * 5001),
            "The file has 5001 rows; an import takes at most 5,000.",
        ),
        (_csv("Stage,Channel,Touchpoint"), "The file has headings but no touchpoints."),
        (b"", "The file is empty"),
    ],
)
def test_a_bad_csv_is_refused_naming_line_and_column(raw, message):
    with pytest.raises(UserError) as refused:
        read_table(raw)
    assert _message(refused).startswith(message)


def test_5000_rows_are_taken():
    assert len(read_table(_csv("Stage,Channel,Touchpoint", *[f"A,B,T{n}" for n in range(5000)])).rows) == 5000


def _cli(*args: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess:
    env = clean_env(DATABASE_URL=database_url)
    return subprocess.run([CLI, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_cli_exports_two_csv_files_and_imports_one_into_a_map(uow, database_url, tmp_path):
    with uow() as session:
        source = whole_map(session, "fa").id
        target = (
            Maps(session, TEAM_ID).add(channel_id="C0NEW", title="Copy", language="fa", created_by=BOB).id
        )
    result = _cli(
        "export",
        "--map",
        str(source),
        "-o",
        str(tmp_path / "map.csv"),
        database_url=database_url,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip() == f"touchpoint-bot: wrote {tmp_path / 'map.csv'}, {tmp_path / 'map-notes.csv'}"
    )

    result = _cli(
        "import",
        "--map",
        str(target),
        str(FIXTURES / "excel-semicolon-fa.csv"),
        database_url=database_url,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"touchpoint-bot: added 4 touchpoints to map {target}"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv("Stage,Channel,Touchpoint", "A,B,C", "A,B,"))
    result = _cli("import", "--map", str(target), str(bad), database_url=database_url, cwd=tmp_path)
    assert result.returncode == 2
    assert (
        "Line 3, column C: “Touchpoint” is empty; every touchpoint needs one. Nothing was imported."
        in result.stderr
    )
    with uow() as session:
        found = session.get(Map, target)
        titles = session.scalars(select(Touchpoint.title).where(Touchpoint.map_id == target)).all()
        assert len(titles) == 4 and found.step == 1


def test_markdown_report_in_the_maps_language(uow):
    from bot.exports.markdown import report

    with uow() as session:
        document = export_document(session, TEAM_ID, whole_map(session, "ar"), datetime.now(UTC))
    page = report(document, date(2026, 3, 1), {CAROL: "Carol"})
    assert page.startswith("# رحلة الشراء\n")
    lines = page.splitlines()
    assert [line for line in lines if line.startswith("## ")][:3] == [
        "## 1. الوعي · قبل الشراء",
        "## 2. الشراء · أثناء الشراء",
        "## 3. الدعم · بعد الشراء",
    ]
    assert "- \\<@U0MALLORY\\> \\*bold\\* \\| \\#1 (Carol)" in lines  # markup in notes stays text
    assert "| صفحة الدفع | الاحتفاظ ببيانات نموذج البطاقة | Carol | قيد التنفيذ |" in lines
