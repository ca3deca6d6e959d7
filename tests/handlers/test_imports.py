"""`/touchpoint import` in Slack: a CSV file or pasted text, a preview, then all of it or nothing."""

from pathlib import Path

from sqlalchemy import func, select

from bot.playground.client import Client
from storage.models import Channel, ImportDraft, Persona, Stage, Touchpoint
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB, TEAM_ID, WORKSHOP_CHANNEL, Failure, validate_view

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "csv"


def _open_import(channel: Channelful, user: str = ALICE) -> tuple[dict, str]:
    opened = len(channel.fake.calls_to("views.open"))
    assert channel.driver.command("import", user=user).status == 200
    call = channel.fake.opened_form(opened)
    return call.json("view"), call.answer["view"]["id"]


def _read(channel: Channelful, view_id: str, name: str, data: bytes, size: int | None = None) -> dict:
    """Give the form the file `name` as Slack's client does (its ack shown: "reading your file…"), and
    the view that replaces it once the bot has read the file."""
    fake = channel.fake
    given = fake.add_file(name, data, size)
    updates = len(fake.calls_to("views.update"))
    reply = Client(fake, channel.driver, TEAM_ID).submit(
        ALICE, view_id, {"file": {"file": {"type": "file_input", "files": [given]}}}
    )
    assert reply.status == 200
    assert reply.json()["view"]["callback_id"] == "tp_import_reading_modal"
    shown = fake.wait_for("views.update", updates + 1, where=lambda c: c.error is None, timeout=30)[-1]
    assert fake.workspace.find_view(view_id).view["callback_id"] == shown.json("view")["callback_id"]
    return shown.json("view")


def _problem(view: dict) -> str:
    """The problem the import form shows on top when it comes back after reading a file."""
    assert view["callback_id"] == "tp_import_modal"
    return view["blocks"][0]["text"]["text"].removeprefix("⚠️ ")


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
    data = (FIXTURES / "excel-semicolon-fa.csv").read_bytes()

    preview = _read(channel, view_id, "touchpoints.csv", data)  # after the ack
    validate_view(preview)
    assert len(fake_slack.downloads) == 1
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
    missing_title = b"Stage,Channel,Touchpoint\r\nAwareness,Web,Ad\r\nPurchase,Web,\r\n"
    assert _problem(_read(channel, view_id, "t.csv", missing_title)) == (
        "Line 3, column C: “Touchpoint” is empty; every touchpoint needs one."
    )
    reply = channel.driver.submit(
        view, view_id, {"pasted": 'Stage,Channel,Touchpoint\n"Awareness,Web,Ad'}
    ).json()
    assert reply["errors"] == {"pasted": "Line 2: the CSV is malformed (unexpected end of data)."}
    ansi = (FIXTURES / "excel-ansi-ar.csv").read_bytes()
    assert _problem(_read(channel, view_id, "ansi.csv", ansi)).startswith(
        "Line 2, column 1: the file is not UTF-8 text."
    )
    huge = _read(channel, view_id, "huge.csv", b"Stage,Channel,Touchpoint\r\n", size=6 * 1024 * 1024)
    assert _problem(huge) == "The file is 6.0 MB; an import takes at most 5 MB."
    assert len(fake_slack.downloads) == 2  # the huge one refused on what files.info said, unread
    validate_view(huge)
    reply = channel.driver.submit(view, view_id, {}).json()
    assert reply["errors"] == {"file": "Choose a CSV file, or paste the CSV's text."}
    assert (_count(uow, Touchpoint), _count(uow, Stage), _count(uow, ImportDraft)) == (0, 0, 0)


def test_only_facilitators_import(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    assert channel.say("import", user=BOB)["text"] == "Only the map's facilitators can do that."
    assert fake_slack.calls_to("views.open") == []


def test_a_sign_in_page_slack_sends_instead_of_the_file_is_refused_as_such(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    _, view_id = _open_import(channel)
    fake_slack.fail("url_private_download", Failure())  # Slack answers 200 with its sign-in page

    shown = _read(channel, view_id, "t.csv", b"Stage,Channel,Touchpoint\r\nAwareness,Web,Ad\r\n")
    assert _problem(shown).startswith("Slack sent a sign-in page instead of your file:")
    validate_view(shown)
    assert fake_slack.downloads == [] and _count(uow, ImportDraft) == 0


def test_a_file_read_after_its_form_was_closed_is_told_in_a_dm(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    view, view_id = _open_import(channel)
    given = fake_slack.add_file("t.csv", b"Stage,Channel,Touchpoint\r\nAwareness,Web,Purchase,Web,\r\n")
    fake_slack.stall("files.info", 1.0)
    # The bot's ack shows "reading your file…"; the person closes the form before the result comes.
    reply = channel.driver.submit(view, view_id, {"file": [given]}).json()
    assert reply["response_action"] == "update" and reply["view"]["external_id"]
    fake_slack.workspace.modals.pop(ALICE)

    opened = fake_slack.wait_for("conversations.open", timeout=30)[-1]
    dm = opened.answer["channel"]["id"]
    told = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == dm)[-1].args
    assert told["text"] == (
        f"In <#{WORKSHOP_CHANNEL}>: The import form was closed before I finished reading your file, "
        "so nothing was imported."
    )
    assert _count(uow, Touchpoint) == 0


def test_a_file_refused_in_the_ack_is_not_read_after_it(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    view, view_id = _open_import(channel)
    given = fake_slack.add_file("t.csv", b"Stage,Channel,Touchpoint\r\nAwareness,Web,Ad\r\n")

    reply = channel.driver.submit(view, view_id, {"file": [given]}, user=BOB).json()  # not a facilitator
    assert reply == {
        "response_action": "errors",
        "errors": {"file": "Only the map's facilitators can do that."},
    }
    channel.say("status")  # the bot has long finished with the submission
    assert fake_slack.calls_to("files.info") == [] and fake_slack.calls_to("conversations.open") == []
