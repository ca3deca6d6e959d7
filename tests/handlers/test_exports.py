"""Exports from Slack: `/touchpoint export …` and the board's *Export* button, to a DM or the channel."""

import csv
import io
import json

from sqlalchemy import update

from bot.document.codec import validator
from storage.models import Map
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB, CAROL, MALLORY, WORKSHOP_CHANNEL
from tests.support.maps import whole_map


def _shared(fake_slack, count: int = 1):
    """The last upload: the files.completeUploadExternal call, and the files' (name, bytes)."""
    completed = fake_slack.wait_for("files.completeUploadExternal", count, timeout=60)[-1]
    files = json.loads(completed.args["files"])
    asked = {
        c.answer["file_id"]: c.args["filename"] for c in fake_slack.calls_to("files.getUploadURLExternal")
    }
    return completed, [(asked[f["id"]], fake_slack.uploads[f["id"]][1]) for f in files]


def test_export_csv_comes_to_the_person_in_a_dm(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    with uow() as session:
        whole_map(session, "fa")
    reply = channel.say("export csv", user=BOB)
    assert reply["response_type"] == "ephemeral"
    assert reply["text"] == "Sent: the file is in your direct messages with me."
    [opened] = fake_slack.calls_to("conversations.open")
    assert opened.args["users"] == BOB
    completed, files = _shared(fake_slack)
    assert completed.args["channel_id"] == opened.answer["channel"]["id"]
    assert "<#C0WORKSHOP>" in completed.args["initial_comment"] and "CSV" in completed.args["initial_comment"]
    assert [name for name, _ in files] == ["سفر-خرید.csv", "سفر-خرید-notes.csv"]
    touchpoints, notes = (data for _, data in files)
    assert touchpoints.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(touchpoints.decode("utf-8-sig"))))
    assert rows[0][:4] == ["مرحله", "مرحله خرید", "کانال", "نقطه تماس"]
    assert len(rows) == 5 and len(notes.decode("utf-8-sig").splitlines()) == 6


def test_export_json_here_is_shared_in_the_channel_and_follows_the_schema(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    with uow() as session:
        whole_map(session, "en")
    assert channel.driver.command("export json here", user=ALICE).status == 200
    completed, [(name, data)] = _shared(fake_slack)
    assert (completed.args["channel_id"], name) == (WORKSHOP_CHANNEL, "Checkout-journey.json")
    assert completed.args["initial_comment"] == "<@U0ALICE01> exported the map “Checkout journey” as JSON."
    document = json.loads(data)
    validator().validate(document)
    assert len(document["touchpoints"]) == 4 and document["snapshots"][0]["version"] == 1
    assert fake_slack.calls_to("conversations.open") == []


def test_the_board_button_opens_a_modal_and_the_report_names_people(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map("Checkout journey")
    channel.say_each("stage add Awareness", "channel add Website", "add Awareness / Website / Search ad")
    with uow() as session:
        from storage.models import Touchpoint

        session.execute(update(Touchpoint).values(owner_id=CAROL))
    view, view_id = channel.open_modal("tp_export", user=BOB)
    assert [b["block_id"] for b in view["blocks"]] == ["format", "destination"]
    reply = channel.driver.submit(view, view_id, {"format": "md", "destination": "channel"}, user=BOB)
    assert (reply.status, reply.body) == (200, "")
    completed, [(name, data)] = _shared(fake_slack)
    assert (completed.args["channel_id"], name) == (WORKSHOP_CHANNEL, "Checkout-journey.md")
    report = data.decode()
    assert report.startswith("# Checkout journey\n")
    assert "### Search ad · Website" in report and "- Owner: Carol" in report


def test_pictures_in_each_format(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    with uow() as session:
        whole_map(session, "ar")
    for count, (fmt, magic) in enumerate([("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")], start=1):
        assert channel.driver.command(f"export {fmt} here").status == 200
        _, [(name, data)] = _shared(fake_slack, count)
        assert name == f"رحلة-الشراء.{fmt}" and data.startswith(magic)


def test_a_blind_analysis_is_exported_only_by_facilitators_to_themselves(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    with uow() as session:
        map_id = whole_map(session, "en").id
        session.execute(update(Map).where(Map.id == map_id).values(blind=True))
    refusal = "While the analysis is blind, only facilitators can export the map, and only to themselves."
    assert channel.say("export json", user=CAROL)["text"] == refusal
    assert channel.say("export json here", user=ALICE)["text"] == refusal
    assert channel.say("export json", user=BOB)["text"].startswith("Sent")  # a facilitator, to a DM
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 1


def test_only_members_of_the_channel_export(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    with uow() as session:
        whole_map(session, "en")
    assert channel.say("export csv", user=MALLORY)["text"] == (
        "Only members of this channel can work on its touchpoint map."
    )
    assert channel.say("export xls")["text"].startswith("Use `/touchpoint export json|csv|md|png|svg|pdf`")
    assert fake_slack.calls_to("files.getUploadURLExternal") == []


def test_a_failure_after_the_modal_closed_is_told_to_the_person(bot, fake_slack, uow):
    from tests.support.fake_slack import Failure

    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    fake_slack.fail("files.completeUploadExternal", Failure(error="not_in_channel"))
    view, view_id = channel.open_modal("tp_export", user=BOB)
    channel.driver.submit(view, view_id, {"format": "json", "destination": "channel"}, user=BOB)
    [told] = fake_slack.wait_for("chat.postEphemeral", 1, timeout=30)
    assert (told.args["channel"], told.args["user"]) == (WORKSHOP_CHANNEL, BOB)
    assert (
        told.args["text"]
        == "I'm not in this channel yet: invite me with `/invite @Touchpoint`, then try again."
    )
