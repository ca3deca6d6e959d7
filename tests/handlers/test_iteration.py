"""Step 4 in a channel: improvements by modal, their list and status, snapshots, the revisit reminder."""

import copy
import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from storage.models import Improvement, ImprovementStatus, Map, Reminder, Snapshot, Touchpoint
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB, CAROL, MALLORY
from tests.support.rows import add_touchpoint

OTHER_TEAM = "T0OTHER01"


def _workshop_at_iteration(channel: Channelful) -> int:
    map_id = channel.new_map()
    channel.say_each(
        "stage add Awareness",
        "stage add Purchase / during",
        "channel add Website",
        "channel add Email",
        "add Purchase / Website / Checkout page",
        "add Awareness / Email / Newsletter",
    )
    channel.go_to_step(4)
    return map_id


def _add_improvement(channel: Channelful, typed: str, answers: dict, user: str = ALICE) -> dict:
    """Open *Add improvement*, pick the touchpoint suggested for `typed`, and submit."""
    view, view_id = channel.open_modal("tp_add_improvement", user=user)
    [suggested] = channel.driver.suggest(view, view_id, "touchpoint", typed, user=user).json()["options"]
    reply = channel.driver.submit(view, view_id, {"touchpoint": suggested, **answers}, user=user)
    return reply.json() if reply.body else {}


def _improvements(uow) -> list[Improvement]:
    with uow() as session:
        return list(session.scalars(select(Improvement).order_by(Improvement.id)))


def _pick(channel: Channelful, blocks: list[dict], label: str, user: str = ALICE, **where) -> dict:
    """Choose `label` in the first status menu of `blocks`; what the bot answers through the response_url."""
    replies = len(channel.fake.responses)
    assert channel.driver.click(blocks, "tp_set_status", user=user, choose=label, **where).status == 200
    return channel.fake.wait_for_response(replies + 1)[-1]


def _texts(message: dict) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]


def test_improvements_by_modal_listed_with_their_status(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_iteration(channel)

    answers = {"action": "Keep the <card> form & its entries", "owner": CAROL, "status": "in_progress"}
    assert _add_improvement(channel, "check", answers, user=BOB) == {}
    channel.wait_for_board("1 improvement, 0 snapshots")
    assert _add_improvement(channel, "news", {"action": "Fewer emails", "status": "open"}) == {}
    checkout, newsletter = _improvements(uow)
    with uow() as session:
        titles = {t.id: t.title for t in session.scalars(select(Touchpoint))}
    assert (titles[checkout.touchpoint_id], checkout.owner_id, checkout.status, checkout.created_by) == (
        "Checkout page",
        CAROL,
        ImprovementStatus.IN_PROGRESS,
        BOB,
    )
    assert (titles[newsletter.touchpoint_id], newsletter.owner_id) == ("Newsletter", None)

    listing = channel.say("improvements", user=CAROL)
    assert listing["response_type"] == "ephemeral"
    assert _texts(listing) == [
        "*Improvements: Checkout journey*",
        "⏳ *Checkout page* · In progress\nKeep the &lt;card&gt; form &amp; its entries\nOwner: <@U0CAROL01>",
        "▫️ *Newsletter* · Open\nFewer emails\nNo owner yet",
    ]

    done = _pick(channel, listing["blocks"], "Mark done", user=CAROL)
    assert done["replace_original"] is True
    assert _texts(done)[1].startswith("✅ *Checkout page* · Done")
    again = _pick(channel, listing["blocks"], "Mark done", user=BOB)  # the list as it was: no change
    assert _texts(again) == _texts(done)
    assert [i.status for i in _improvements(uow)] == [ImprovementStatus.DONE, ImprovementStatus.OPEN]


def test_the_modal_asks_for_an_action_and_a_touchpoint_of_the_map(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_iteration(channel)
    empty = _add_improvement(channel, "check", {"action": "   ", "status": "open"})
    assert empty == {"response_action": "errors", "errors": {"action": "This can't be empty."}}

    view, view_id = channel.open_modal("tp_add_improvement")
    forged = {"text": {"type": "plain_text", "text": "Theirs"}, "value": "999"}
    reply = bot.driver.submit(view, view_id, {"touchpoint": forged, "action": "Fix", "status": "open"})
    assert reply.json()["errors"] == {"touchpoint": "Choose one of the map's touchpoints."}
    assert _improvements(uow) == []


def test_improvements_need_touchpoints_first(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    channel.go_to_step(4)
    assert channel.click_for_reply("tp_add_improvement", user=BOB)["text"] == (
        "Add touchpoints first (step 2), then the improvements to make to them."
    )
    assert fake_slack.calls_to("views.open") == []
    assert "None yet" in channel.say("improvements", user=BOB)["blocks"][1]["text"]["text"]


def test_a_status_menu_forged_with_another_maps_or_teams_ids_is_refused(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    ours = _workshop_at_iteration(channel)
    _add_improvement(channel, "check", {"action": "Ours", "status": "open"})
    listing = channel.say("improvements")
    second_id = channel.new_map("Second map")
    with uow() as session:
        second = session.get(Map, second_id)
        theirs = Map(team_id=OTHER_TEAM, channel_id=second.channel_id, title="Theirs", created_by=MALLORY)
        session.add(theirs)
        session.flush()
        foreign = []
        for found in (second, theirs):
            touchpoint = add_touchpoint(session, found)
            improvement = Improvement(
                team_id=found.team_id,
                map_id=found.id,
                touchpoint_id=touchpoint.id,
                action="Not yours",
                created_by=found.created_by,
            )
            session.add(improvement)
            session.flush()
            foreign.append((found.id, improvement.id))

    refusals = []
    for map_id, improvement_id in [(ours, foreign[0][1]), (ours, foreign[1][1]), foreign[1]]:
        forged = copy.deepcopy(listing["blocks"])
        for option in forged[1]["accessory"]["options"]:
            option["value"] = f"{map_id}:{improvement_id}:done:1"
        refusals.append(_pick(channel, forged, "Mark done")["text"])
    assert refusals == [
        "That improvement is no longer on the map.",
        "That improvement is no longer on the map.",
        "That map isn't in this channel.",
    ]
    refused = _pick(channel, listing["blocks"], "Mark done", user=BOB, team=OTHER_TEAM)
    assert refused["text"] == "That map isn't in this channel."
    assert _pick(channel, listing["blocks"], "Mark done", user=MALLORY)["text"] == (
        "Only members of this channel can work on its touchpoint map."
    )
    assert {i.status for i in _improvements(uow)} == {ImprovementStatus.OPEN}


def test_the_list_of_300_improvements_comes_in_pages(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    map_id = _workshop_at_iteration(channel)
    with uow() as session:
        touchpoint = session.scalars(select(Touchpoint)).first()
        session.add_all(
            Improvement(
                team_id=touchpoint.team_id,
                map_id=map_id,
                touchpoint_id=touchpoint.id,
                action=f"Step {n:03d} " + "<&>" * 660,
                owner_id=BOB,
                created_by=ALICE,
            )
            for n in range(300)
        )

    first = channel.say("improvements")
    assert len(first["blocks"]) == 23
    assert first["blocks"][-2]["elements"][0]["text"] == "Page 1 of 15, 300 improvements"
    assert [e["text"]["text"] for e in first["blocks"][-1]["elements"]] == ["Next ▶"]

    replies = len(fake_slack.responses)
    bot.driver.click(first["blocks"], "tp_next_improvements")
    second = fake_slack.wait_for_response(replies + 1)[-1]
    assert second["replace_original"] is True
    assert _texts(second)[1].split("\n")[1].startswith("Step 020 ")
    assert [e["text"]["text"] for e in second["blocks"][-1]["elements"]] == ["◀ Previous", "Next ▶"]

    page = _pick(channel, second["blocks"], "Mark done")  # on the list, at page 2
    assert page["blocks"][-2]["elements"][0]["text"] == "Page 2 of 15, 300 improvements"
    assert [i.status for i in _improvements(uow)][19:22] == [
        ImprovementStatus.OPEN,
        ImprovementStatus.DONE,
        ImprovementStatus.OPEN,
    ]


def _snapshots(uow) -> list[Snapshot]:
    with uow() as session:
        return list(session.scalars(select(Snapshot).order_by(Snapshot.version)))


def test_snapshots_v1_then_v2_and_a_double_click_takes_one(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_iteration(channel)
    _add_improvement(channel, "check", {"action": "Save the cart", "owner": BOB, "status": "open"})
    board = channel.wait_for_board("1 improvement, 0 snapshots")

    posted = len(fake_slack.calls_to("chat.postMessage"))
    for _ in range(2):  # two clicks on the same board
        bot.driver.click(board, "tp_take_snapshot", user=CAROL)
    message = fake_slack.wait_for("chat.postMessage", posted + 1)[-1]
    assert message.args["text"] == "📸 Snapshot v1 taken by <@U0CAROL01>: 2 touchpoints, 1 improvement"
    channel.wait_for_board("1 improvement, 1 snapshot")
    bot.driver.click(board, "tp_take_snapshot", user=CAROL)  # a stale board offers v1 again: nothing

    _add_improvement(channel, "news", {"action": "Fewer emails", "status": "done"})
    channel.say("stage rename Purchase / Buy")
    bot.driver.command("snapshot", user=BOB)
    channel.wait_for_board("2 improvements, 2 snapshots")
    snapshots = _snapshots(uow)
    assert [(s.version, s.created_by) for s in snapshots] == [(1, CAROL), (2, BOB)]

    first, second = (s.data for s in snapshots)
    assert {k: first[k] for k in ("schema", "title", "step", "stages", "channels", "personas")} == {
        "schema": "touchpoint-map/2",
        "title": "Checkout journey",
        "step": 4,
        "stages": [
            {"name": "Awareness", "phase": "before", "position": 1},
            {"name": "Purchase", "phase": "during", "position": 2},
        ],
        "channels": [{"name": "Website", "position": 1}, {"name": "Email", "position": 2}],
        "personas": [],
    }
    newsletter, checkout = first["touchpoints"]
    assert (newsletter["title"], newsletter["stage"], newsletter["channel"]) == (
        "Newsletter",
        "Awareness",
        "Email",
    )
    assert first["improvements"] == [
        {"touchpoint": checkout["id"], "action": "Save the cart", "owner": BOB, "status": "open"}
    ]
    assert [s["name"] for s in second["stages"]] == ["Awareness", "Buy"]
    assert [(i["action"], i["status"]) for i in second["improvements"]] == [
        ("Save the cart", "open"),
        ("Fewer emails", "done"),
    ]
    texts = [c.args["text"] for c in fake_slack.calls_to("chat.postMessage") if "Snapshot" in c.args["text"]]
    assert texts[1:] == ["📸 Snapshot v2 taken by <@U0BOB0001>: 2 touchpoints, 2 improvements"]
    assert len(_snapshots(uow)) == 2


def test_snapshots_are_for_members_of_the_channel(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_iteration(channel)
    assert channel.say("snapshot", user=MALLORY)["text"] == (
        "Only members of this channel can work on its touchpoint map."
    )
    assert _snapshots(uow) == []


def _utc(moment: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite gives it back naive)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _reminders(uow) -> list[tuple[str, str, datetime | None, str]]:
    with uow() as session:
        return [
            (r.schedule, r.timezone, _utc(r.next_fire_at), r.created_by)
            for r in session.scalars(select(Reminder).order_by(Reminder.id))
        ]


def test_a_facilitator_sets_the_revisit_reminder_and_anyone_sees_it(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_iteration(channel)
    assert channel.say("remind", user=BOB)["text"] == (
        "No revisit reminder yet: a facilitator can set one with `/touchpoint remind &lt;schedule&gt;`, "
        "e.g. `/touchpoint remind every monday 09:00 Asia/Tehran`."
    )

    view, view_id = channel.open_modal("tp_set_reminder")
    assert [b["element"]["type"] for b in view["blocks"]] == [
        "static_select",
        "timepicker",
        "plain_text_input",
    ]
    assert view["blocks"][1]["element"]["timezone"] == "UTC"  # no zone yet: the facilitator's, else UTC
    monday_9 = {"schedule": "every monday", "at": "09:00"}
    unknown = bot.driver.submit(view, view_id, monday_9 | {"timezone": "Mars/Olympus"})
    assert unknown.json() == {
        "response_action": "errors",
        "errors": {
            "timezone": "“Mars/Olympus” is not a time zone I know: use a name such as Asia/Tehran, an "
            "offset such as +03:30, or UTC."
        },
    }
    saved = bot.driver.submit(view, view_id, monday_9 | {"timezone": "Asia/Tehran"})
    assert saved.body == ""
    # The clock reads Wednesday 26 March 2025, 12:00 UTC; Tehran is UTC+3:30.
    assert _reminders(uow) == [
        ("every monday 09:00", "Asia/Tehran", datetime(2025, 3, 31, 5, 30, tzinfo=UTC), ALICE)
    ]
    assert channel.say("remind", user=BOB)["text"] == (
        "Revisit reminder: “every monday 09:00” (Asia/Tehran).\n"
        "Next: Mon, Mar 31, 2025, 09:00; Mon, Apr 7, 2025, 09:00; Mon, Apr 14, 2025, 09:00."
    )

    assert channel.say("remind every friday 16:00")["text"].startswith(
        "Revisit reminder: “every friday 16:00” (Asia/Tehran).\nNext: Fri, Mar 28, 2025, 16:00;"
    )
    assert channel.say("remind every day 08:30 / Europe/Paris")["text"].startswith(
        "Revisit reminder: “every day 08:30” (Europe/Paris).\nNext: Thu, Mar 27, 2025, 08:30;"
    )
    assert channel.say("remind daily / Asia")["text"].startswith("“Asia” is not a time zone I know")
    paris = datetime(2025, 3, 27, 7, 30, tzinfo=UTC)  # 08:30 CET
    assert _reminders(uow) == [("every day 08:30", "Europe/Paris", paris, ALICE)]

    view, view_id = channel.open_modal("tp_set_reminder")
    how_often, at, zone = (b["element"] for b in view["blocks"])
    assert how_often["initial_option"]["value"] == "every day"
    assert (at["initial_time"], at["timezone"], zone["initial_value"]) == (
        "08:30",
        "Europe/Paris",
        "Europe/Paris",
    )
    # The time is read in the zone the picker was given; the zone typed, if any, wins.
    saved = bot.driver.submit(view, view_id, {"schedule": "every friday", "at": "16:15", "timezone": ""})
    assert saved.body == ""
    friday = datetime(2025, 3, 28, 15, 15, tzinfo=UTC)  # 16:15 CET
    assert _reminders(uow) == [("every friday 16:15", "Europe/Paris", friday, ALICE)]
    off = bot.driver.submit(view, view_id, {"schedule": "off", "at": "16:15", "timezone": ""})
    assert off.body == ""
    assert channel.say("remind", user=BOB)["text"] == "The revisit reminder is off."


def test_only_facilitators_set_the_reminder(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_iteration(channel)
    refusal = "Only the map's facilitators can do that."
    assert channel.click_for_reply("tp_set_reminder", user=BOB)["text"] == refusal
    assert fake_slack.calls_to("views.open") == []
    assert channel.say("remind every monday 09:00", user=BOB)["text"] == refusal

    view, view_id = channel.open_modal("tp_set_reminder")
    forged = bot.driver.submit(view, view_id, {"schedule": "every day", "at": "09:00"}, user=BOB)
    assert forged.json() == {"response_action": "errors", "errors": {"schedule": refusal}}
    assert _reminders(uow) == []


def test_the_board_at_step_four_offers_its_buttons(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    map_id = _workshop_at_iteration(channel)
    [buttons] = [b for b in channel.board() if b["type"] == "actions"]
    assert [(e["action_id"], e["value"]) for e in buttons["elements"]] == [
        ("tp_add_improvement", str(map_id)),
        ("tp_take_snapshot", f"{map_id}:1"),
        ("tp_set_reminder", str(map_id)),
        ("tp_previous_step", f"{map_id}:4"),
        ("tp_show_map", str(map_id)),
        ("tp_export", str(map_id)),
    ]
    assert "/touchpoint remind" in json.dumps(channel.say("help"))


def test_a_reminder_in_tehran_stores_its_next_fire_time_in_utc(bot, fake_slack, uow, clock):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_iteration(channel)
    reply = channel.say("remind every monday 09:00 / Asia/Tehran")["text"]
    assert reply.endswith(
        "Next: Mon, Mar 31, 2025, 09:00; Mon, Apr 7, 2025, 09:00; Mon, Apr 14, 2025, 09:00."
    )
    assert _reminders(uow) == [
        ("every monday 09:00", "Asia/Tehran", datetime(2025, 3, 31, 5, 30, tzinfo=UTC), ALICE)
    ]

    clock.advance(timedelta(days=6))  # Tuesday 1 April
    assert channel.say("remind")["text"].endswith(
        "Next: Mon, Apr 7, 2025, 09:00; Mon, Apr 14, 2025, 09:00; Mon, Apr 21, 2025, 09:00."
    )
    # Persian digits in the time; the zone is kept when none is typed.
    channel.say("remind every 2 weeks on friday ۱۶:۳۰")
    assert _reminders(uow)[0][1:3] == ("Asia/Tehran", datetime(2025, 4, 4, 13, 0, tzinfo=UTC))


def test_bad_schedules_store_nothing(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_iteration(channel)
    assert channel.say("remind every blue moon")["text"] == (
        "I can't read “every blue moon” as a schedule. Try e.g. `every monday 09:00`, "
        "`every 2 weeks on friday 16:00`, `every month on the 1st 10:00`, `every 3 days`, or `off`."
    )
    assert channel.say("remind every 2 hours")["text"].startswith(
        "That's too often: a map's reminder comes at most 1× a day."
    )
    assert channel.say("remind every day 25:00")["text"].startswith("“25:00” is not a time of day")
    assert channel.say("remind every monday 09:00 / Mars/Olympus")["text"].startswith(
        "“Mars/Olympus” is not a time zone I know"
    )
    view, view_id = channel.open_modal("tp_set_reminder")
    refused = bot.driver.submit(view, view_id, {"schedule": None, "at": "09:00", "timezone": "UTC"})
    assert refused.json()["errors"] == {"schedule": "Choose one of the options."}
    late = bot.driver.submit(view, view_id, {"schedule": "every day", "at": "25:00", "timezone": "UTC"})
    assert list(late.json()["errors"]) == ["schedule"]  # a forged time: the grammar refuses it
    assert _reminders(uow) == []


def test_remind_off_turns_the_reminder_off(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_iteration(channel)
    channel.say("remind every day 08:30 / UTC")
    assert channel.say("remind OFF")["text"] == "The revisit reminder is off."
    assert channel.say("remind", user=BOB)["text"] == "The revisit reminder is off."
    with uow() as session:
        reminder = session.scalars(select(Reminder)).one()
        assert (reminder.enabled, reminder.next_fire_at, reminder.timezone) == (False, None, "UTC")


def test_with_no_zone_typed_a_new_reminder_takes_the_facilitators_slack_time_zone(bot, fake_slack, uow):
    fake_slack.person(ALICE).tz = "Asia/Riyadh"
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_iteration(channel)
    view, _ = channel.open_modal("tp_set_reminder")
    assert {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]}[
        "timezone"
    ] == "Asia/Riyadh"
    channel.say("remind every day 08:30")  # 15:00 in Riyadh now: tomorrow, 05:30 UTC
    assert _reminders(uow) == [
        ("every day 08:30", "Asia/Riyadh", datetime(2025, 3, 27, 5, 30, tzinfo=UTC), ALICE)
    ]


def test_fire_times_are_shown_in_the_maps_language(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_iteration(channel)
    channel.say("language fa")
    channel.say("remind every month on the 1st 10:00 / Asia/Tehran")
    assert "سه‌شنبه ۱ آوریل ۲۰۲۵،\u200f ۱۰:۰۰" in channel.say("remind")["text"]
