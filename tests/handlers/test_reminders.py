"""Revisit reminders fire: in the channel, once, with what changed since the last snapshot; after downtime
within the grace period once, beyond it skipped to the next time. The clock is set by hand: nothing sleeps."""

import logging
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.app import build_runtime
from bot.scheduling.clock import as_utc
from bot.scheduling.engine import Dispatcher
from storage.models import (
    Improvement,
    ImprovementStatus,
    Map,
    Note,
    Polarity,
    Reminder,
    Score,
    Stage,
    Touchpoint,
)
from tests.conftest import settings_for
from tests.support.bidi import bare
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB, BOT_USER_ID, CAROL, Failure

EVERY_DAY = "remind every day 09:00 / UTC"  # the clock starts on Wednesday 26 March 2025, 12:00 UTC
THURSDAY_9 = datetime(2025, 3, 27, 9, 0, tzinfo=UTC)


def _scheduler(database_url, fake_slack, clock) -> Dispatcher:
    """The scheduler of a bot process (started afresh: a restart), on the test's clock, working inline."""
    workshop = build_runtime(settings_for(database_url, fake_slack), clock).workshop
    return Dispatcher(workshop.uow, workshop.jobs, clock)


@pytest.fixture
def scheduler(database_url, fake_slack, clock) -> Dispatcher:
    return _scheduler(database_url, fake_slack, clock)


def _at_iteration(channel: Channelful) -> int:
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


def _snapshot(channel: Channelful) -> None:
    posted = len(channel.fake.calls_to("chat.postMessage"))
    channel.driver.command("snapshot")
    channel.fake.wait_for("chat.postMessage", posted + 1)


def _reminder(uow) -> Reminder:
    with uow() as session:
        return session.scalars(select(Reminder)).one()


def _is_revisit(args: dict) -> bool:
    return "Time to revisit" in bare(args["text"])


def _revisits(fake_slack) -> list:
    """The reminders Slack took (not the calls it failed)."""
    posts = fake_slack.calls_to("chat.postMessage")
    return [c for c in posts if c.error is None and _is_revisit(c.args)]


def _sections(call) -> list[str]:
    return [bare(b["text"]["text"]) for b in call.json("blocks") if b["type"] == "section"]


def test_a_due_reminder_posts_the_map_and_what_is_open_once(bot, fake_slack, uow, clock, scheduler):
    channel = Channelful(bot, fake_slack, uow)
    map_id = _at_iteration(channel)
    channel.say(EVERY_DAY)
    assert scheduler.tick() == 0  # not due yet

    clock.now = THURSDAY_9 + timedelta(seconds=20)
    assert scheduler.tick() == 1
    assert scheduler.tick() == 0  # fired once: it moved on to Friday
    [upload] = fake_slack.calls_to("files.completeUploadExternal")
    assert upload.args["channel_id"] == "C0WORKSHOP"
    [post] = _revisits(fake_slack)
    assert post.args["channel"] == "C0WORKSHOP"
    assert _sections(post) == [
        "No snapshot yet: take one, and the next reminder shows what changed since.",
        "No open improvements.",
    ]
    buttons = next(b for b in post.json("blocks") if b["type"] == "actions")["elements"]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        ("tp_show_analysis", str(map_id)),
        ("tp_take_snapshot", f"{map_id}:1"),
    ]
    reminder = _reminder(uow)
    assert as_utc(reminder.last_fired_at) == THURSDAY_9
    assert as_utc(reminder.next_fire_at) == THURSDAY_9 + timedelta(days=1)
    assert (reminder.firing_at, reminder.attempts, reminder.last_error) == (None, 0, None)

    # Its buttons work from the reminder: *Take snapshot* takes v1, *Review now* lists the touchpoints.
    posted = len(fake_slack.calls_to("chat.postMessage"))
    bot.driver.click(post.json("blocks"), "tp_take_snapshot", user=BOB)
    snapshot = fake_slack.wait_for("chat.postMessage", posted + 1)[-1]
    assert bare(snapshot.args["text"]).startswith("📸 Snapshot v1 taken by <@U0BOB0001>")
    bot.driver.click(post.json("blocks"), "tp_show_analysis", user=BOB)
    fake_slack.wait_for("chat.postMessage", posted + 2)


def test_the_reminder_tells_what_changed_since_the_last_snapshot(bot, fake_slack, uow, clock, scheduler):
    channel = Channelful(bot, fake_slack, uow)
    map_id = _at_iteration(channel)
    with uow() as session:
        checkout, newsletter = session.scalars(select(Touchpoint).order_by(Touchpoint.id)).all()
        checkout.owner_id, newsletter.owner_id = CAROL, BOB
        team, checkout_id, newsletter_id = checkout.team_id, checkout.id, newsletter.id
        session.add(Score(team_id=team, touchpoint_id=checkout_id, user_id=BOB, score=-2))
        session.add(
            Improvement(
                team_id=team,
                map_id=map_id,
                touchpoint_id=checkout_id,
                action="Save the cart",
                owner_id=ALICE,
                created_by=ALICE,
            )
        )
    _snapshot(channel)
    channel.say(EVERY_DAY)
    clock.now = THURSDAY_9
    scheduler.tick()
    [quiet] = _revisits(fake_slack)
    assert _sections(quiet) == [
        "Nothing has changed since snapshot v1.",
        "<@U0BOB0001> <@U0CAROL01>: please look at your touchpoints, nothing has moved on them lately.",
        "*Open improvements (1):*",
    ]
    [grid] = [b for b in quiet.json("blocks") if b["type"] == "table"]
    user = {"type": "user", "user_id": ALICE}
    assert grid["rows"][1] == [
        {"type": "raw_text", "text": "▫️ Open"},
        {"type": "raw_text", "text": "Checkout page"},
        {"type": "raw_text", "text": "Save the cart"},
        {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": [user]}]},
    ]

    channel.say("add Awareness / Website / Landing page")
    with uow() as session:
        checkout = session.get(Touchpoint, checkout_id)
        awareness = session.scalars(select(Stage).where(Stage.name == "Awareness")).one()
        checkout.stage_id = awareness.id  # moved from Purchase to Awareness
        on_checkout = {"team_id": team, "touchpoint_id": checkout_id}
        session.add_all(
            [
                Note(**on_checkout, author_id=BOB, polarity=Polarity.NEGATIVE, text="Slow"),
                Note(**on_checkout, author_id=CAROL, polarity=Polarity.POSITIVE, text="Clear"),
            ]
        )
        session.scalars(select(Score)).one().score = 1
        session.scalars(select(Improvement)).one().status = ImprovementStatus.DONE
        session.delete(session.get(Touchpoint, newsletter_id))
    clock.now = THURSDAY_9 + timedelta(days=1)
    scheduler.tick()
    changed = _revisits(fake_slack)[-1]
    assert _sections(changed) == [
        "*Since snapshot v1:*\n"
        "➕ Added: Landing page\n"
        "➖ Removed: Newsletter\n"
        "↔️ Moved: Checkout page (Purchase × Website → Awareness × Website)\n"
        "📝 2 new notes on Checkout page\n"
        "📈 Feeling rose: Checkout page (−2.0 → +1.0)\n"
        "✅ Improvements done: Save the cart",
        "No open improvements.",
    ]


def test_after_downtime_a_reminder_fires_once_within_the_grace_period(
    bot, fake_slack, uow, clock, database_url
):
    channel = Channelful(bot, fake_slack, uow)
    _at_iteration(channel)
    channel.say(EVERY_DAY)
    clock.now = THURSDAY_9 + timedelta(hours=5, minutes=59)  # the bot was down all morning
    restarted = _scheduler(database_url, fake_slack, clock)
    assert restarted.tick() == 1
    assert restarted.tick() == 0
    assert len(_revisits(fake_slack)) == 1
    reminder = _reminder(uow)
    assert as_utc(reminder.last_fired_at) == THURSDAY_9
    assert as_utc(reminder.next_fire_at) == THURSDAY_9 + timedelta(days=1)


def test_after_longer_downtime_a_missed_reminder_is_skipped_and_logged(
    bot, fake_slack, uow, clock, database_url, caplog
):
    channel = Channelful(bot, fake_slack, uow)
    _at_iteration(channel)
    channel.say(EVERY_DAY)
    clock.now = THURSDAY_9 + timedelta(hours=6, minutes=1)
    restarted = _scheduler(database_url, fake_slack, clock)
    with caplog.at_level(logging.WARNING, logger="bot.scheduling.engine"):
        assert restarted.tick() == 0
    assert _revisits(fake_slack) == []
    assert any("Skipped reminder" in record.getMessage() for record in caplog.records)
    reminder = _reminder(uow)
    assert reminder.last_fired_at is None
    assert as_utc(reminder.next_fire_at) == THURSDAY_9 + timedelta(days=1)

    clock.now = THURSDAY_9 + timedelta(days=1)
    assert restarted.tick() == 1
    assert len(_revisits(fake_slack)) == 1


def test_a_failing_reminder_is_retried_with_backoff(bot, fake_slack, uow, clock, scheduler):
    channel = Channelful(bot, fake_slack, uow)
    _at_iteration(channel)
    channel.say(EVERY_DAY)
    # Only the reminder fails: the board's own posts may still be going out.
    fake_slack.fail("chat.postMessage", Failure(error="internal_error", times=2, where=_is_revisit))
    clock.now = THURSDAY_9
    assert scheduler.tick() == 1
    reminder = _reminder(uow)
    assert (reminder.attempts, reminder.last_error) == (1, "slack: internal_error")
    assert as_utc(reminder.next_fire_at) == THURSDAY_9 + timedelta(minutes=1)
    assert scheduler.tick() == 0  # not before the backoff
    clock.advance(timedelta(minutes=1))
    assert scheduler.tick() == 1
    assert as_utc(_reminder(uow).next_fire_at) == THURSDAY_9 + timedelta(minutes=6)
    clock.advance(timedelta(minutes=5))
    assert scheduler.tick() == 1  # the third try gets through
    assert len(_revisits(fake_slack)) == 1
    reminder = _reminder(uow)
    assert as_utc(reminder.last_fired_at) == THURSDAY_9  # the time it was due, not when it got through
    assert (reminder.attempts, reminder.last_error, reminder.firing_at) == (0, None, None)
    assert as_utc(reminder.next_fire_at) == THURSDAY_9 + timedelta(days=1)


def test_a_reminder_that_keeps_failing_is_recorded_and_reported_to_the_facilitator(
    bot, fake_slack, uow, clock, scheduler
):
    channel = Channelful(bot, fake_slack, uow)
    _at_iteration(channel)
    channel.say(EVERY_DAY)
    fake_slack.members["C0WORKSHOP"].discard(BOT_USER_ID)  # the bot was removed, and the event was missed
    clock.now = THURSDAY_9
    for wait in (0, 1, 5, 30):  # the first try, then three retries
        clock.advance(timedelta(minutes=wait))
        assert scheduler.tick() == 1
    assert scheduler.tick() == 0
    reminder = _reminder(uow)
    assert (
        reminder.last_error
        == "I'm not in this channel yet: invite me with `/invite @Touchpoint`, then try again."
    )
    assert as_utc(reminder.next_fire_at) == THURSDAY_9 + timedelta(days=1)  # it moved on
    assert reminder.last_fired_at is None
    [report] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == ALICE]
    assert report.args["text"] == (
        "⚠️ I couldn't post the revisit reminder of the map “Checkout journey” in <#C0WORKSHOP>, even after "
        "several tries: I'm not in this channel yet: invite me with `/invite @Touchpoint`, then try again."
    )


def _event(bot, event: dict) -> None:
    assert bot.driver.event({"event_ts": "1700000000.000100", **event}).status == 200


def _paused(uow, expected: bool) -> None:
    """Wait until the map's schedules are paused (or not): the event is handled after its ack."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with uow() as session:
            if session.scalars(select(Map.schedules_paused)).one() is expected:
                return
        time.sleep(0.01)
    raise AssertionError(f"the map's schedules never became {'paused' if expected else 'active'}")


def test_an_archived_channel_pauses_its_reminders_until_unarchived(bot, fake_slack, uow, clock, scheduler):
    channel = Channelful(bot, fake_slack, uow)
    _at_iteration(channel)
    channel.say(EVERY_DAY)
    _event(bot, {"type": "channel_archive", "channel": "C0WORKSHOP", "user": ALICE})
    _paused(uow, True)
    clock.now = THURSDAY_9
    assert scheduler.tick() == 0
    _event(bot, {"type": "channel_unarchive", "channel": "C0WORKSHOP", "user": ALICE})
    _paused(uow, False)
    clock.advance(timedelta(hours=1))  # within the grace period: the missed reminder fires now
    assert scheduler.tick() == 1
    assert len(_revisits(fake_slack)) == 1


def test_removing_the_bot_pauses_the_channels_reminders_and_adding_it_back_resumes(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _at_iteration(channel)
    _event(bot, {"type": "member_left_channel", "channel": "C0WORKSHOP", "user": ALICE, "channel_type": "C"})
    time.sleep(0.2)
    _paused(uow, False)  # someone else left: nothing changes
    _event(
        bot,
        {"type": "member_left_channel", "channel": "C0WORKSHOP", "user": BOT_USER_ID, "channel_type": "C"},
    )
    _paused(uow, True)
    _event(
        bot,
        {"type": "member_joined_channel", "channel": "C0WORKSHOP", "user": BOT_USER_ID, "channel_type": "C"},
    )
    _paused(uow, False)
    _event(bot, {"type": "group_left", "channel": "C0WORKSHOP"})
    _paused(uow, True)


# --- the zone after the time ------------------------------------------------------------------------------
def test_the_zone_comes_after_the_schedule_without_a_slash_in_any_case_or_in_persian(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _at_iteration(channel)
    reply = channel.say("remind every monday 09:00 Asia/Tehran")["text"]  # refused before issue 15
    assert reply.startswith("Revisit reminder: “every monday 09:00” (Asia/Tehran).\nNext: Mon, Mar 31, 2025")
    assert (_reminder(uow).timezone, as_utc(_reminder(uow).next_fire_at)) == (
        "Asia/Tehran",
        datetime(2025, 3, 31, 5, 30, tzinfo=UTC),
    )
    assert channel.say("remind")["text"].startswith("Revisit reminder: “every monday 09:00” (Asia/Tehran).")

    channel.say("remind every day 08:30 europe/berlin")
    assert (_reminder(uow).schedule, _reminder(uow).timezone) == ("every day 08:30", "Europe/Berlin")
    channel.say("remind every day 08:30 تهران")
    assert _reminder(uow).timezone == "Asia/Tehran"
    channel.say("remind every day 08:30 UTC+3:30")
    assert (_reminder(uow).timezone, as_utc(_reminder(uow).next_fire_at)) == (
        "UTC+03:30",
        datetime(2025, 3, 27, 5, 0, tzinfo=UTC),
    )


def test_an_unknown_zone_is_refused_in_persian_with_the_command_that_works_and_nothing_stored(
    bot, fake_slack, uow
):
    fake_slack.person(ALICE).locale = "fa-IR"
    channel = Channelful(bot, fake_slack, uow)
    _at_iteration(channel)  # Alice created the map: her language is known
    channel.say("remind every monday 09:00 Asia/Tehran")
    before = _reminder(uow)

    reply = channel.say("یادآوری every day 08:30 تهرن")
    assert reply["response_type"] == "ephemeral"
    assert reply["text"] == (
        "\u200f«\u2068تهرن\u2069» منطقه زمانی شناخته‌شده‌ای نیست. منظورتان \u2068Asia/Tehran\u2069 بود؟ "
        "این کار می‌کند: \u2068`/touchpoint یادآوری every day 08:30 Asia/Tehran`\u2069"
    )
    after = _reminder(uow)
    assert (after.schedule, after.timezone, after.next_fire_at) == (
        before.schedule,
        before.timezone,
        before.next_fire_at,
    )
    assert channel.say("remind every day Mars/Olympus")["text"].startswith(
        "\u200f«\u2068Mars/Olympus\u2069» منطقه زمانی شناخته‌شده‌ای نیست: نامی مانند Asia/Tehran"
    )
    assert _reminder(uow).schedule == "every monday 09:00"
