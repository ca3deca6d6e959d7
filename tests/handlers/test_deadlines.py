"""Step deadlines: set by command or modal; nudges before them to those who haven't contributed, once each
and only in their waking hours; a summary at the deadline, and the next step if chosen. Nothing sleeps: the
clock is set by hand and the scheduler ticked."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.app import build_runtime
from bot.scheduling.clock import as_utc
from bot.scheduling.engine import Dispatcher
from storage.models import Deadline, Map, Nudge
from tests.conftest import settings_for
from tests.support.bidi import bare
from tests.support.channel import Channelful
from tests.support.fake_slack import BOB, CAROL, WORKSHOP_CHANNEL

DAVE = "U0DAVE001"
FRIDAY_17 = datetime(2025, 3, 28, 17, 0, tzinfo=UTC)  # the clock starts on Wednesday 26 March, 12:00 UTC


@pytest.fixture
def scheduler(database_url, fake_slack, clock) -> Dispatcher:
    workshop = build_runtime(settings_for(database_url, fake_slack), clock).workshop
    return Dispatcher(workshop.uow, workshop.jobs, clock)


@pytest.fixture
def channel(bot, fake_slack, uow) -> Channelful:
    """A map at step 1, whose stages Alice added; Bob and Dave are in Tehran (UTC+3:30), Carol in Los Angeles
    (UTC−7 in March)."""
    fake_slack.members[WORKSHOP_CHANNEL].add(DAVE)
    for person, zone in ((BOB, "Asia/Tehran"), (DAVE, "Asia/Tehran"), (CAROL, "America/Los_Angeles")):
        fake_slack.person(person).tz = zone
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    channel.say_each("stage add Awareness", "stage add Purchase / during")
    return channel


def _dms(fake_slack) -> list[tuple[str, str]]:
    """(person, text) of each direct message Slack took."""
    return [
        (c.args["channel"], bare(c.args["text"]))
        for c in fake_slack.calls_to("chat.postMessage")
        if c.args["channel"].startswith("U") and c.error is None
    ]


def _deadline(uow) -> Deadline | None:
    with uow() as session:
        return session.scalars(select(Deadline)).one_or_none()


def test_nudges_once_each_in_waking_hours_then_a_summary_and_the_next_step(
    channel, fake_slack, uow, clock, scheduler
):
    reply = channel.say("deadline friday 17:00 / UTC / next")["text"]
    assert reply == (
        "Step 1 closes on Fri, Mar 28, 2025, 17:00 (UTC). The day before and an hour before, I'll remind "
        "everyone who hasn't contributed to it yet. Then the map moves on to the next step."
    )
    deadline = _deadline(uow)
    assert (deadline.step, as_utc(deadline.due_at), deadline.advance) == (1, FRIDAY_17, True)
    assert as_utc(deadline.next_fire_at) == FRIDAY_17 - timedelta(hours=24)

    clock.now = FRIDAY_17 - timedelta(hours=24)  # 10:00 in Los Angeles, 20:30 in Tehran
    assert scheduler.tick() == 1  # the round of nudges is planned
    assert scheduler.tick() == 1  # Carol's goes now; Bob and Dave are asleep
    assert _dms(fake_slack) == [
        (
            CAROL,
            "👋 In <#C0WORKSHOP>, step 1 (Timeline) of the map “Checkout journey” closes on Fri, Mar 28, "
            "2025, 10:00 (your time), and you haven't added anything to it yet. Have a look when you can!",
        )
    ]
    with uow() as session:
        planned = {
            n.user_id: as_utc(n.next_fire_at) for n in session.scalars(select(Nudge)) if n.next_fire_at
        }
    tehran_morning = datetime(2025, 3, 28, 4, 30, tzinfo=UTC)  # 08:00 in Tehran
    assert planned == {BOB: tehran_morning, DAVE: tehran_morning}

    channel.say("channel add Email", user=DAVE)  # Dave contributes overnight
    clock.now = tehran_morning
    assert scheduler.tick() == 2
    assert [person for person, _ in _dms(fake_slack)] == [CAROL, BOB]

    clock.now = FRIDAY_17 - timedelta(hours=1)
    assert scheduler.tick() == 1  # the second round: everyone is nudged already or has contributed
    assert scheduler.tick() == 0
    assert [person for person, _ in _dms(fake_slack)] == [CAROL, BOB]

    posted = len(fake_slack.calls_to("chat.postMessage"))
    clock.now = FRIDAY_17
    assert scheduler.tick() == 1
    summary, prompt = (bare(c.args["text"]) for c in fake_slack.calls_to("chat.postMessage")[posted:])
    assert summary == (
        "⏰ *The deadline of step 1 (Timeline) of “Checkout journey” has come.*\n"
        "2 people contributed: <@U0ALICE01> <@U0DAVE001>\n"
        "Not yet: <@U0BOB0001> <@U0CAROL01>\n"
        "The map moves on to step 2."
    )
    assert prompt.startswith("*Step 2 of 4: Touchpoints*")
    channel.wait_for_board("Step 2 of 4: Touchpoints")
    with uow() as session:
        assert session.scalars(select(Map.step)).one() == 2
    assert scheduler.tick() == 0
    assert _deadline(uow).next_fire_at is None


def test_a_nudge_the_bot_was_down_for_waits_for_the_morning(channel, fake_slack, uow, clock, scheduler):
    channel.say("deadline friday 17:00 / UTC")
    clock.now = FRIDAY_17 - timedelta(hours=24)
    scheduler.tick()  # planned: Carol now, Bob and Dave at 08:00 in Tehran
    clock.now = datetime(2025, 3, 28, 5, 0, tzinfo=UTC)  # back up: 22:00 in Los Angeles, 08:30 in Tehran
    assert scheduler.tick() == 3
    assert sorted(person for person, _ in _dms(fake_slack)) == [BOB, DAVE]
    carol = datetime(2025, 3, 28, 15, 0, tzinfo=UTC)  # 08:00 in Los Angeles, before the deadline
    with uow() as session:
        waiting = session.scalars(select(Nudge).where(Nudge.user_id == CAROL)).one()
        assert (as_utc(waiting.next_fire_at), waiting.last_fired_at) == (carol, None)
    clock.now = carol
    assert scheduler.tick() == 1
    assert sorted(person for person, _ in _dms(fake_slack)) == [BOB, CAROL, DAVE]


def test_no_nudge_when_the_persons_morning_comes_after_the_deadline(
    channel, fake_slack, uow, clock, scheduler
):
    clock.now = datetime(2025, 3, 26, 18, 0, tzinfo=UTC)  # 21:30 in Tehran, 11:00 in Los Angeles
    channel.say("deadline today 23:00 / UTC")  # 02:30 in Tehran: they sleep through it
    assert scheduler.tick() == 0  # the 24-hour round is past already: the 1-hour one is next, at 22:00
    clock.now = datetime(2025, 3, 26, 22, 0, tzinfo=UTC)
    assert scheduler.tick() == 1
    assert scheduler.tick() == 1  # Carol's
    with uow() as session:
        assert session.scalars(select(Nudge.user_id)).all() == [CAROL]
    assert [person for person, _ in _dms(fake_slack)] == [CAROL]


def test_the_deadline_is_shown_and_set_in_a_modal(channel, bot, fake_slack, uow):
    shown = channel.say("deadline", user=BOB)
    assert shown["text"] == (
        "Step 1 has no deadline: a facilitator can set one with `/touchpoint deadline &lt;when&gt;`, "
        "e.g. `/touchpoint deadline friday 17:00 Europe/Paris / next`."
    )
    opened = len(fake_slack.calls_to("views.open"))
    assert bot.driver.click(shown["blocks"], "tp_set_deadline").status == 200
    call = fake_slack.opened_form(opened)
    view, view_id = call.json("view"), call.answer["view"]["id"]
    assert {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]} == {
        "when": None,
        "timezone": "UTC",
        "advance": None,
    }
    assert [b["element"]["type"] for b in view["blocks"]] == [
        "datetimepicker",
        "plain_text_input",
        "checkboxes",
    ]
    assert view["blocks"][0]["element"]["focus_on_load"] is True
    unpicked = bot.driver.submit(view, view_id, {"when": None, "timezone": "Asia/Tehran"})
    assert unpicked.json()["errors"] == {"when": "Pick the date and time the step closes."}
    past = int(datetime(2025, 3, 26, 11, 0, tzinfo=UTC).timestamp())  # an hour before the clock's now
    refused = bot.driver.submit(view, view_id, {"when": past, "timezone": "Asia/Tehran"})
    assert refused.json()["errors"] == {"when": "That time has passed already: pick one still to come."}
    assert _deadline(uow) is None
    friday = int(datetime(2025, 3, 28, 15, 0, tzinfo=UTC).timestamp())  # 18:30 in Tehran
    saved = bot.driver.submit(
        view, view_id, {"when": friday, "timezone": "Asia/Tehran", "advance": ["advance"]}
    )
    assert saved.body == ""
    deadline = _deadline(uow)
    assert (as_utc(deadline.due_at), deadline.timezone, deadline.advance) == (
        datetime(2025, 3, 28, 15, 0, tzinfo=UTC),
        "Asia/Tehran",
        True,
    )
    assert channel.say("deadline", user=BOB)["text"].startswith(
        "Step 1 closes on Fri, Mar 28, 2025, 18:30 (Asia/Tehran)."
    )
    bot.driver.click(channel.say("deadline")["blocks"], "tp_set_deadline")
    reopened = fake_slack.opened_form(opened + 1).json("view")
    assert reopened["blocks"][0]["element"]["initial_date_time"] == friday
    assert channel.say("deadline off")["text"].startswith("Step 1 has no deadline")
    assert _deadline(uow) is None


def test_bad_deadlines_store_nothing(channel, bot, fake_slack, uow):
    assert channel.say("deadline someday")["text"] == (
        "I can't read “someday” as a deadline. Try e.g. `friday 17:00`, `tomorrow 9am`, "
        "`2025-04-04 12:00`, `in 3 days`."
    )
    assert channel.say("deadline 2025-03-01 10:00")["text"].startswith(
        "“2025-03-01 10:00” has passed already: give a time still to come"
    )
    assert channel.say("deadline friday / Mars/Olympus")["text"].startswith(
        "“Mars/Olympus” is not a time zone I know"
    )
    assert channel.say("deadline friday", user=BOB)["text"] == "Only the map's facilitators can do that."
    assert _deadline(uow) is None


def test_the_zone_comes_after_the_deadline_without_a_slash_and_next_still_works(channel, uow):
    reply = channel.say("deadline friday 17:00 Europe/Berlin")["text"]  # refused before issue 15
    assert reply.startswith("Step 1 closes on Fri, Mar 28, 2025, 17:00 (Europe/Berlin).")
    deadline = _deadline(uow)
    assert (as_utc(deadline.due_at), deadline.timezone, deadline.advance) == (
        datetime(2025, 3, 28, 16, 0, tzinfo=UTC),
        "Europe/Berlin",
        False,
    )
    channel.say("deadline friday 17:00 الرياض / next")
    deadline = _deadline(uow)
    assert (as_utc(deadline.due_at), deadline.timezone, deadline.advance) == (
        datetime(2025, 3, 28, 14, 0, tzinfo=UTC),
        "Asia/Riyadh",
        True,
    )


def test_an_unknown_zone_in_a_deadline_changes_nothing_and_says_what_works(channel, bot, fake_slack, uow):
    channel.say("deadline friday 17:00 Europe/Berlin")
    assert channel.say("deadline tomorrow 9am Europe/Berln / next")["text"] == (
        "“Europe/Berln” is not a time zone I know. Did you mean Europe/Berlin? This works: "
        "`/touchpoint deadline tomorrow 9am Europe/Berlin / next`"
    )
    assert (_deadline(uow).timezone, _deadline(uow).advance) == ("Europe/Berlin", False)

    opened = len(fake_slack.calls_to("views.open"))
    bot.driver.click(channel.say("deadline")["blocks"], "tp_set_deadline")
    call = fake_slack.opened_form(opened)
    view, view_id = call.json("view"), call.answer["view"]["id"]
    friday = int(datetime(2025, 3, 28, 15, 0, tzinfo=UTC).timestamp())
    refused = bot.driver.submit(view, view_id, {"when": friday, "timezone": "tehrn"})
    assert refused.json()["errors"] == {
        "timezone": "“tehrn” is not a time zone I know. Did you mean Asia/Tehran?"
    }
    assert _deadline(uow).timezone == "Europe/Berlin"
    saved = bot.driver.submit(view, view_id, {"when": friday, "timezone": "تهران"})
    assert saved.body == ""
    assert (_deadline(uow).timezone, as_utc(_deadline(uow).due_at)) == (
        "Asia/Tehran",
        datetime(2025, 3, 28, 15, 0, tzinfo=UTC),
    )
