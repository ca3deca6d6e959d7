"""Deleting a map, the audit log, and a workspace admin taking over a map its facilitators have left."""

import threading
import time
from urllib.parse import urlencode

from sqlalchemy import func, select

from storage.models import AuditEntry, Channel, Facilitator, Map, Note, Polarity, Stage, Touchpoint
from tests.support.bidi import bare
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB, CAROL, TEAM_ID, WORKSHOP_CHANNEL, Failure

DELETED = "🗑️ The touchpoint map “Onboarding” was deleted by <@U0ALICE01>."


def _count(uow, model) -> int:
    with uow() as session:
        return session.scalar(select(func.count()).select_from(model))


def _entries(uow) -> list[tuple[str, str, dict]]:
    with uow() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(row.action, row.actor_id, row.details) for row in rows]


def _with_a_noted_touchpoint(channel: Channelful, uow) -> None:
    channel.say_each("stage add Awareness", "channel add Website", "add Awareness / Website / Search ad")
    with uow() as session:
        touchpoint = session.scalars(select(Touchpoint)).one()
        for author in (ALICE, BOB):
            session.add(
                Note(
                    team_id=TEAM_ID,
                    touchpoint_id=touchpoint.id,
                    author_id=author,
                    polarity=Polarity.NEGATIVE,
                    text="Slow",
                )
            )


def _wait(condition, what: str) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def test_a_facilitator_deletes_a_map_once_whatever_the_retries_and_double_clicks(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    kept = channel.new_map("Checkout journey")
    doomed = channel.new_map("Onboarding")
    _with_a_noted_touchpoint(channel, uow)
    assert _count(uow, Touchpoint) == 1

    refused = channel.say("delete", user=BOB)
    assert refused["text"] == "Only the map's facilitators can do that."

    asked = channel.say("delete")
    assert asked["response_type"] == "ephemeral"
    assert asked["text"] == (
        "Delete the map “Onboarding” and everything on it: 1 touchpoint and 2 notes, its stages, channels, "
        "votes, improvements and snapshots? This can't be undone."
    )
    [button] = [e for b in asked["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert (button["style"], button["value"]) == ("danger", str(doomed))
    assert _count(uow, Map) == 2  # asking deleted nothing

    # Someone who isn't a facilitator can't use the button (nor a forged one).
    replies = len(fake_slack.responses)
    assert bot.driver.click(asked["blocks"], "tp_delete_map", user=BOB).status == 200
    assert fake_slack.wait_for_response(replies + 1)[-1]["text"] == "Only the map's facilitators can do that."
    assert _count(uow, Map) == 2

    # A double click, both at once, then Slack retrying the first click: one deletion.
    replies = len(fake_slack.responses)
    clicks = [
        threading.Thread(target=bot.driver.click, args=(asked["blocks"], "tp_delete_map"), kwargs=kwargs)
        for kwargs in ({"action_ts": "1700000001.000001"}, {"action_ts": "1700000001.000002"})
    ]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()
    assert bot.driver.click(asked["blocks"], "tp_delete_map", action_ts="1700000001.000001").status == 200
    [answer] = fake_slack.wait_for_response(replies + 1)[replies:]
    assert answer["text"] == "Deleted the map “Onboarding”." and answer["replace_original"] is True

    updates = fake_slack.wait_for("chat.update", where=lambda c: "deleted by" in c.args.get("text", ""))
    time.sleep(0.3)  # nothing more comes
    assert len(fake_slack.responses) == replies + 1
    [update] = [c for c in fake_slack.calls_to("chat.update") if "deleted by" in c.args.get("text", "")]
    assert update is updates[0] and update.args["text"] == DELETED
    assert update.args["channel"] == WORKSHOP_CHANNEL

    with uow() as session:
        assert list(session.scalars(select(Map.id))) == [kept]
    assert [_count(uow, model) for model in (Stage, Channel, Touchpoint, Note)] == [0, 0, 0, 0]
    assert _entries(uow) == [
        ("map_deleted", ALICE, {"title": "Onboarding", "touchpoints": 1, "notes": 2}),
    ]
    assert "Checkout journey" in channel.say("list")["text"]  # the channel works on the map that is left


def test_a_map_whose_board_cant_be_changed_is_said_deleted_in_the_channel(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map("Onboarding")
    fake_slack.fail("chat.update", Failure(error="message_not_found", times=5))
    asked = channel.say("delete")
    assert bot.driver.click(asked["blocks"], "tp_delete_map").status == 200
    posted = fake_slack.wait_for("chat.postMessage", where=lambda c: "deleted by" in c.args.get("text", ""))
    assert posted[0].args["text"] == DELETED
    assert _count(uow, Map) == 0


def test_the_audit_log_shows_facilitators_and_admins_what_happened_in_the_channel(bot, fake_slack, uow):
    fake_slack.person(BOB).locale = "fa-IR"
    fake_slack.person(CAROL).admin = True
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map("Checkout journey")
    _with_a_noted_touchpoint(channel, uow)
    channel.say("stage add Empty")
    channel.say("stage remove Empty")  # held nothing: not worth an entry

    asked = channel.say("stage remove Awareness")
    replies = len(fake_slack.responses)
    assert bot.driver.click(asked["blocks"], "tp_remove_confirmed").status == 200
    fake_slack.wait_for_response(replies + 1)  # its answer, before the next command's
    _wait(lambda: _count(uow, Stage) == 0, "the stage was never removed")
    channel.say(f"facilitator add <@{BOB}>")

    assert "made <@U0BOB0001> a facilitator" in channel.say("audit", user=CAROL)["text"]
    log = channel.say("audit")
    lines = [bare(b["text"]["text"]) for b in log["blocks"]]
    assert lines[0] == "*Audit log of this channel*, newest first"
    assert [line.split(" · ", 1)[1] for line in lines[1:]] == [
        "<@U0ALICE01> made <@U0BOB0001> a facilitator of “Checkout journey”.",
        "<@U0ALICE01> removed the stage “Awareness” of “Checkout journey”, with its 1 touchpoint.",
    ]

    persian = channel.say("audit", user=BOB)["text"]
    assert "ممیزی" in persian or "گزارش" in persian
    assert "<@U0ALICE01>" in persian and "Checkout journey" in persian

    # Members who facilitate nothing here, and aren't admins, can't read it.
    fake_slack.person(CAROL).admin = False
    assert channel.say("audit", user=CAROL)["text"] == (
        "Only the facilitators of this channel's maps and workspace admins can read its audit log."
    )


def test_an_admin_takes_over_a_map_only_once_its_facilitators_have_all_left(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    map_id = channel.new_map("Checkout journey")

    refused = channel.say("takeover", user=CAROL)["text"]
    assert refused == "Only a workspace admin or owner can take over a map."
    fake_slack.person(CAROL).owner = True
    assert channel.say("takeover", user=CAROL)["text"] == (
        "This map still has a facilitator in this channel: ask them to add you with "
        "`/touchpoint facilitator add @you`."
    )
    assert channel.say("takeover")["text"] == "You already facilitate this map."

    fake_slack.members[WORKSHOP_CHANNEL].discard(ALICE)
    body = urlencode(bot.driver.command_body("takeover", user=CAROL)).encode()
    replies = len(fake_slack.responses)
    for _ in range(2):  # Slack delivering the command twice
        assert bot.driver.post(body, "application/x-www-form-urlencoded").status == 200
    [reply] = fake_slack.wait_for_response(replies + 1)[replies:]
    assert reply["text"] == "You now facilitate this map."
    [notice] = fake_slack.wait_for("chat.postMessage", where=lambda c: "workspace admin" in c.args["text"])
    assert notice.args["text"] == (
        "<@U0CAROL01>, a workspace admin, now facilitates the map “Checkout journey”: none of its "
        "facilitators is in this channel any more."
    )
    channel.wait_for_board("<@U0CAROL01>")
    time.sleep(0.3)
    assert len(fake_slack.responses) == replies + 1
    with uow() as session:
        facilitators = session.scalars(select(Facilitator.user_id).where(Facilitator.map_id == map_id))
        assert sorted(facilitators) == [ALICE, CAROL]
    assert _entries(uow) == [
        ("facilitator_takeover", CAROL, {"title": "Checkout journey", "previous": [ALICE]}),
    ]
    assert channel.say("audit", user=CAROL)["text"].count("took over") == 1
