"""Slack's errors by kind: a token Slack no longer takes stops the team's schedules at once rather than
retrying them; a missing scope is named, in the log and to the facilitator; a deleted channel stops its
maps' schedules; `/touchpoint` in a direct message says that maps live in channels."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.scheduling.clock import as_utc
from bot.scheduling.engine import Dispatcher
from storage.models import Map
from tests.handlers.test_reminders import (
    EVERY_DAY,
    THURSDAY_9,
    _at_iteration,
    _event,
    _is_revisit,
    _paused,
    _reminder,
    _revisits,
    _scheduler,
)
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, Failure


@pytest.fixture
def dispatcher(database_url, fake_slack, clock) -> Dispatcher:
    return _scheduler(database_url, fake_slack, clock)


@pytest.mark.parametrize("code", ["token_revoked", "account_inactive", "invalid_auth"])
def test_a_token_slack_no_longer_takes_stops_the_teams_schedules_instead_of_retrying(
    bot, fake_slack, uow, clock, dispatcher, code, caplog
):
    channel = Channelful(bot, fake_slack, uow)
    _at_iteration(channel)
    channel.say(EVERY_DAY)
    fake_slack.fail("chat.postMessage", Failure(error=code, where=_is_revisit))
    clock.now = THURSDAY_9

    with caplog.at_level(logging.ERROR, logger="bot.scheduling.engine"):
        assert dispatcher.tick() == 1

    reminder = _reminder(uow)
    assert (reminder.enabled, reminder.next_fire_at) == (False, None)  # stopped, not put off a minute
    for wait in (1, 5, 30, 24 * 60):
        clock.advance(timedelta(minutes=wait))
        assert dispatcher.tick() == 0
    assert _revisits(fake_slack) == []
    assert f"Slack answered {code}" in caplog.text and "schedules are stopped" in caplog.text
    with uow() as session:  # the team's data stays, as after an uninstall
        assert session.scalar(select(func.count()).select_from(Map)) == 1


def test_a_missing_scope_is_named_in_the_log_and_to_the_facilitator(
    bot, fake_slack, uow, clock, dispatcher, caplog
):
    channel = Channelful(bot, fake_slack, uow)
    _at_iteration(channel)
    channel.say(EVERY_DAY)
    needed = {"needed": "chat:write.public", "provided": "chat:write,commands"}
    fake_slack.fail(
        "chat.postMessage", Failure(error="missing_scope", times=4, where=_is_revisit, extra=needed)
    )
    clock.now = THURSDAY_9

    with caplog.at_level(logging.ERROR, logger="bot.gateway"):
        for wait in (0, 1, 5, 30):  # the first try, then three retries
            clock.advance(timedelta(minutes=wait))
            assert dispatcher.tick() == 1

    assert "missing_scope to chat_postMessage: the app needs chat:write.public" in caplog.text
    [report] = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == ALICE]
    assert report.args["text"].endswith(
        "I lack Slack's permission `chat:write.public` for this: ask a workspace admin to reinstall "
        "Touchpoint so it gets that permission."
    )
    assert as_utc(_reminder(uow).next_fire_at) == THURSDAY_9 + timedelta(days=1)


@pytest.mark.parametrize("kind", ["channel_deleted", "group_deleted"])
def test_a_deleted_channel_stops_its_maps_schedules(bot, fake_slack, uow, clock, dispatcher, kind):
    channel = Channelful(bot, fake_slack, uow)
    _at_iteration(channel)
    channel.say(EVERY_DAY)

    _event(bot, {"type": kind, "channel": "C0WORKSHOP"})

    _paused(uow, True)
    clock.now = THURSDAY_9
    assert dispatcher.tick() == 0


@pytest.mark.parametrize(
    ("channel_id", "channel_name"),
    [("D0ALICE01", "directmessage"), ("G0GROUPDM", "mpdm-alice--bob--carol-1"), ("C0MPIM001", "mpdm")],
)
@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("en-US", "Maps live in channels, not in direct messages"),
        ("fa-IR", "نقشه‌ها در کانال‌ها ساخته می‌شوند"),
        ("ar-SA", "تعيش الخرائط في القنوات"),
    ],
)
def test_touchpoint_in_a_direct_message_says_maps_live_in_channels(
    bot, fake_slack, uow, channel_id, channel_name, locale, said
):
    fake_slack.person(ALICE).locale = locale
    Channelful(bot, fake_slack, uow).new_map()  # in the team's channel: the bot learns Alice's locale
    posts = len(fake_slack.calls_to("chat.postMessage"))

    reply = bot.driver.form(
        bot.driver.command_body("new Onboarding", channel=channel_id, channel_name=channel_name)
    )

    assert reply.status == 200 and said in reply.json()["text"]
    assert "/invite @Touchpoint" in reply.json()["text"]
    with uow() as session:
        assert session.scalars(select(Map.channel_id)).all() == ["C0WORKSHOP"]
    assert len(fake_slack.calls_to("chat.postMessage")) == posts
    assert (
        bot.driver.form(bot.driver.command_body("help", channel=channel_id, channel_name=channel_name)).status
        == 200
    )
