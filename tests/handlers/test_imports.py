"""`/touchpoint import` in Slack: a CSV file or pasted text, a preview, then all of it or nothing."""

from pathlib import Path

from sqlalchemy import func, select

from storage.models import Channel, ImportDraft, Persona, Stage, Touchpoint
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB, validate_view

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "csv"


def _open_import(channel: Channelful, user: str = ALICE) -> tuple[dict, str]:
    opened = len(channel.fake.calls_to("views.open"))
    assert channel.driver.command("import", user=user).status == 200
    call = channel.fake.wait_for("views.open", opened + 1)[-1]
    return call.json("view"), call.answer["view"]["id"]


def _texts(view: dict) -> str:
    return "\n".join(b["text"]["text"] for b in view["blocks"] if b["type"] == "section")


def _count(uow, model) -> int:
    with uow() as session:
        return session.scalar(select(func.count()).select_from(model))


def _stages(uow) -> list[str]:
    with uow() as session:
        return list(session.scalars(select(Stage.name).order_by(Stage.position)))


def test_a_csv_file_from_excel_is_previewed_then_imported(bot, fake_slack, uow):
    fake_slack.person(ALICE).locale = "fa-IR"  # the preview is in her language, the map's words in the map's
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map("سفر خرید --lang fa")
    channel.say("stage add آگاهی")
    view, view_id = _open_import(channel)
    assert [b.get("block_id") for b in view["blocks"] if b["type"] == "input"] == ["file", "pasted"]
    given = fake_slack.add_file("touchpoints.csv", (FIXTURES / "excel-semicolon-fa.csv").read_bytes())

    reply = channel.driver.submit(view, view_id, {"file": [given]}).json()
    assert reply["response_action"] == "update"
    preview = reply["view"]
    validate_view(preview)
    assert fake_slack.downloads == [given["id"]]
    shown = _texts(preview)
    assert "۴" in shown and "صفحهٔ پرداخت" in shown
    assert "بررسی" in shown and "خرید" in shown and "آگاهی (" not in shown  # only the stages the map lacks
    assert _count(uow, Touchpoint) == 0  # nothing yet

    posted = len(fake_slack.calls_to("chat.postMessage"))
    for _ in range(2):  # a retry of the submission applies it once
        assert channel.driver.submit(preview, view_id, {}).status == 200
    message = fake_slack.wait_for("chat.postMessage", posted + 1)[-1]
    assert "<@U0ALICE01>" in message.args["text"] and "۴" in message.args["text"]
    assert _stages(uow) == ["آگاهی", "بررسی", "خرید"]
    with uow() as session:
        assert session.scalars(select(Channel.name).order_by(Channel.position)).all() == [
            "اینستاگرام",
            "وب‌سایت",
            "اپلیکیشن موبایل",
        ]
        assert session.scalars(select(Persona.name).order_by(Persona.id)).all() == [
            "خریدار تازه‌کار",
            "مشتری وفادار",
        ]
        assert session.scalar(select(func.count()).select_from(Touchpoint)) == 4
        assert session.scalar(select(func.count()).select_from(ImportDraft)) == 0
    assert len(fake_slack.calls_to("chat.postMessage")) == posted + 1


def test_pasted_text_from_google_sheets(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map("رحلة الشراء --lang ar")
    view, view_id = _open_import(channel)
    pasted = (FIXTURES / "google-sheets-ar.csv").read_text(encoding="utf-8")
    preview = channel.driver.submit(view, view_id, {"pasted": pasted}).json()["view"]
    validate_view(preview)
    assert "ملاحظات الفريق" in _texts(preview)  # the column it doesn't read is named
    posted = len(fake_slack.calls_to("chat.postMessage"))
    channel.driver.submit(preview, view_id, {})
    fake_slack.wait_for("chat.postMessage", posted + 1)  # posted once the import is stored
    assert _stages(uow) == ["الوعي", "الشراء", "الدعم"]


def test_a_bad_csv_is_refused_on_the_form_naming_line_and_column(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    view, view_id = _open_import(channel)
    missing_title = fake_slack.add_file(
        "t.csv", b"Stage,Channel,Touchpoint\r\nAwareness,Web,Ad\r\nPurchase,Web,\r\n"
    )
    reply = channel.driver.submit(view, view_id, {"file": [missing_title]}).json()
    assert reply == {
        "response_action": "errors",
        "errors": {"file": "Line 3, column C: “Touchpoint” is empty; every touchpoint needs one."},
    }
    reply = channel.driver.submit(
        view, view_id, {"pasted": 'Stage,Channel,Touchpoint\n"Awareness,Web,Ad'}
    ).json()
    assert reply["errors"] == {"pasted": "Line 2: the CSV is malformed (unexpected end of data)."}
    ansi = fake_slack.add_file("ansi.csv", (FIXTURES / "excel-ansi-ar.csv").read_bytes())
    reply = channel.driver.submit(view, view_id, {"file": [ansi]}).json()
    assert reply["errors"]["file"].startswith("Line 2, column 1: the file is not UTF-8 text.")
    huge = fake_slack.add_file("huge.csv", b"Stage,Channel,Touchpoint\r\n", size=6 * 1024 * 1024)
    reply = channel.driver.submit(view, view_id, {"file": [huge]}).json()
    assert reply["errors"] == {"file": "The file is 6.0 MB; an import takes at most 5 MB."}
    assert huge["id"] not in fake_slack.downloads  # refused on what files.info said, unread
    reply = channel.driver.submit(view, view_id, {}).json()
    assert reply["errors"] == {"file": "Choose a CSV file, or paste the CSV's text."}
    assert (_count(uow, Touchpoint), _count(uow, Stage), _count(uow, ImportDraft)) == (0, 0, 0)


def test_only_facilitators_import(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    assert channel.say("import", user=BOB)["text"] == "Only the map's facilitators can do that."
    assert fake_slack.calls_to("views.open") == []
