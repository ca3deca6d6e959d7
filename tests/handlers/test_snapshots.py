"""Snapshots in Slack: listed, shown as a picture, compared, and restored as a new version."""

from collections.abc import Callable

from sqlalchemy import select, update

from bot.document.capture import capture
from storage.models import Map, Score, Snapshot, Touchpoint
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB, CAROL, TEAM_ID
from tests.support.maps import whole_map
from tests.support.slack_driver import Reply


def _snapshots(uow) -> list[Snapshot]:
    with uow() as session:
        return list(session.scalars(select(Snapshot).order_by(Snapshot.version)))


def _changed_map(channel: Channelful) -> int:
    """The English map (snapshot v1), then: a touchpoint added, one moved, a score fallen; v2 taken."""
    with channel.uow() as session:
        map_id = whole_map(session, "en").id
    posted = len(channel.fake.calls_to("chat.postMessage"))
    channel.say("add Support / Email / Survey")
    with channel.uow() as session:
        help_chat = session.scalar(select(Touchpoint).where(Touchpoint.title == "Help chat"))
        search = session.scalar(select(Touchpoint).where(Touchpoint.title == "Search ad"))
        help_chat.channel_id = search.channel_id  # Mobile app → Website
        session.execute(update(Score).where(Score.touchpoint_id == search.id).values(score=-2))
    channel.driver.command("snapshot", user=BOB)
    channel.fake.wait_for("chat.postMessage", posted + 1)
    return map_id


def _sections(message: dict) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]


def test_list_then_compare_two_versions_and_one_with_now(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _changed_map(channel)
    listing = channel.say("snapshots", user=CAROL)
    assert listing["response_type"] == "ephemeral"
    texts = _sections(listing)
    assert texts[0] == "*Snapshots: Checkout journey*"
    assert texts[1].startswith("*v2* · ") and texts[1].endswith(
        "<@U0BOB0001> · 5 touchpoints, 2 improvements"
    )
    assert texts[2].startswith("*v1* · ")
    buttons = [e["action_id"] for b in listing["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["tp_view_snapshot", "tp_compare_snapshot", "tp_restore_snapshot"] * 2

    compared = channel.say("compare v1 v2", user=CAROL)
    texts = _sections(compared)
    assert texts[0] == "*Checkout journey: what changed from v1 to v2*"
    assert "*Added* (1)\n• Survey (Support × Email)" in texts
    assert "*Moved* (1)\n• Help chat (Support × Mobile app) → Help chat (Support × Website)" in texts
    assert "*Feeling fell* (1)\n• Search ad (Awareness × Website): +0.0 → −2.0" in texts
    assert compared["blocks"][-1]["elements"][0]["text"].startswith("notes: 5 → 5 · votes: 3 → 3")

    assert _sections(channel.say("compare v2"))[0].endswith("*\nNothing changed.")
    assert channel.say("compare v1 v9")["text"] == "There is no snapshot v9 of this map."
    replies = len(fake_slack.responses)
    channel.driver.click(
        listing["blocks"], "tp_compare_snapshot", value=listing["blocks"][4]["elements"][1]["value"]
    )
    now = fake_slack.wait_for_response(replies + 1)[-1]
    assert _sections(now)[0] == "*Checkout journey: what changed from v1 to now*"


def test_show_a_snapshot_as_a_picture(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _changed_map(channel)
    assert channel.driver.command("map v1").status == 200
    [first] = fake_slack.wait_for("files.completeUploadExternal", 1, timeout=60)
    assert first.args["initial_comment"] == "The map “Checkout journey” as snapshot v1 froze it."
    listing = channel.say("snapshots")
    channel.driver.click(listing["blocks"], "tp_view_snapshot")  # the first: v2
    second = fake_slack.wait_for("files.completeUploadExternal", 2, timeout=60)[-1]
    assert "snapshot v2" in second.args["initial_comment"]
    assert len({data for _, data in fake_slack.uploads.values()}) == 2  # two different pictures


def test_restore_brings_a_version_back_as_a_new_one_and_keeps_the_present(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    map_id = _changed_map(channel)
    channel.say("add Awareness / Email / Newsletter")  # not in any snapshot yet
    first = _snapshots(uow)[0].data

    assert channel.say("restore v1", user=CAROL)["text"] == "Only the map's facilitators can do that."
    posted = len(fake_slack.calls_to("chat.postMessage"))
    channel.driver.command("restore v1", user=ALICE)
    message = fake_slack.wait_for("chat.postMessage", posted + 1)[-1]
    assert message.args["text"] == (
        "⏪ <@U0ALICE01> restored v1: the map now holds what it held then, as v4. "
        "The map as it was just before is kept as v3."
    )
    versions = _snapshots(uow)
    assert [s.version for s in versions] == [1, 2, 3, 4]
    assert "Newsletter" in [t["title"] for t in versions[2].data["touchpoints"]]  # the present, kept
    with uow() as session:
        now = capture(session, TEAM_ID, session.get(Map, map_id))
    kept = (
        "stages",
        "channels",
        "personas",
        "touchpoints",
        "notes",
        "scores",
        "votes",
        "evidence",
        "improvements",
    )
    assert {k: now[k] for k in kept} == {k: first[k] for k in kept}  # ids too: later comparisons know them
    assert versions[3].data == now
    assert _sections(channel.say("compare v1 v4"))[0].endswith("*\nNothing changed.")

    posted = len(fake_slack.calls_to("chat.postMessage"))
    listing = channel.say("snapshots", user=BOB)
    restore = next(b for b in listing["blocks"] if b["type"] == "actions")["elements"][2]
    assert restore["confirm"]["title"]["text"] == "Restore v4?"
    channel.driver.click(listing["blocks"], "tp_restore_snapshot", user=BOB, value=restore["value"])
    message = fake_slack.wait_for("chat.postMessage", posted + 1)[-1]
    # The map already was v4: nothing needed keeping first.
    assert message.args["text"] == "⏪ <@U0BOB0001> restored v4: the map now holds what it held then, as v5."
    assert [s.version for s in _snapshots(uow)] == [1, 2, 3, 4, 5]


def test_a_restore_is_stored_before_its_ack_and_announced_after(bot, fake_slack, uow):
    """By command and by button: once Slack has the ack the new version is stored (a `kill -9` can't lose
    it), and the channel's announcement, held back here by a slow Slack, comes after."""
    channel = Channelful(bot, fake_slack, uow)
    _changed_map(channel)

    def restored_while_slack_is_slow(restore: Callable[[], Reply], version: int) -> None:
        posted = len(fake_slack.calls_to("chat.postMessage"))
        fake_slack.stall("chat.postMessage", 5.0)
        assert restore().status == 200
        assert _snapshots(uow)[-1].version == version
        assert len(fake_slack.calls_to("chat.postMessage")) == posted  # still held back
        announced = fake_slack.wait_for("chat.postMessage", posted + 1, timeout=15)[-1]
        assert "restored" in announced.args["text"]

    restored_while_slack_is_slow(lambda: channel.driver.command("restore v1", user=ALICE), 3)
    listing = channel.say("snapshots")
    value = next(b for b in listing["blocks"] if b["type"] == "actions")["elements"][2]["value"]
    restored_while_slack_is_slow(
        lambda: channel.driver.click(listing["blocks"], "tp_restore_snapshot", value=value), 4
    )
