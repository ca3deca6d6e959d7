"""Slack asked once about a person or a channel's members, however many requests and instances ask (issue
17, 18): many first requests at once, two instances of the bot on one database, and a 300-member channel
nudged before a deadline."""

import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.app import build_runtime, create_app, stop_app
from bot.scheduling.engine import Dispatcher
from bot.server import EVENTS_PATH
from storage.models import Nudge, Stage
from tests.conftest import RunningBot, served, settings_for
from tests.support.channel import Channelful
from tests.support.fake_slack import BOB, CAROL, WORKSHOP_CHANNEL, FakeSlack
from tests.support.slack_driver import SlackDriver

REQUESTS = 20
FRIDAY_17 = datetime(2025, 3, 28, 17, 0, tzinfo=UTC)  # the clock starts on Wednesday 26 March, 12:00 UTC


def _lookups(fake_slack: FakeSlack) -> Counter:
    """Slack's people lookups so far: (method, the person or channel asked about) -> calls."""
    return Counter(
        (c.method, c.args.get("user") or c.args.get("channel"))
        for c in fake_slack.calls
        if c.method in ("users.info", "conversations.members")
    )


def _stages(uow) -> list[str]:
    with uow() as session:
        return list(session.scalars(select(Stage.name)))


def test_many_first_requests_at_once_ask_slack_once(bot, fake_slack, uow):
    Channelful(bot, fake_slack, uow).new_map()
    before = _lookups(fake_slack)
    fake_slack.stall("conversations.members", 2.0)  # the first answer is slow: the others ask meanwhile
    fake_slack.stall("users.info", 2.0)

    def first_request(n: int) -> None:
        assert bot.driver.command(f"stage add Stage {n}", user=BOB).status == 200

    threads = [threading.Thread(target=first_request, args=(n,)) for n in range(REQUESTS)]
    for thread in threads:  # paced a little: the test's HTTP servers queue 5 connections at most
        thread.start()
        time.sleep(0.02)
    for thread in threads:
        thread.join(30)

    assert len(_stages(uow)) == REQUESTS
    asked = _lookups(fake_slack) - before
    assert asked[("conversations.members", WORKSHOP_CHANNEL)] == 1
    assert asked[("users.info", BOB)] <= 1  # the reply's language (the ack answers in English meanwhile)


@pytest.fixture
def second_bot(database_url, fake_slack, clock) -> Iterator[RunningBot]:
    """Another instance of the bot on the same database: its own process memory, its own gateway."""
    settings = settings_for(database_url, fake_slack)
    runtime = build_runtime(settings, clock)
    app = create_app(settings, clock, runtime)
    try:
        with served(app) as url:
            driver = SlackDriver(url + EVENTS_PATH, fake_slack.response_url("command"), slack=fake_slack)
            yield RunningBot(url, driver)
    finally:
        stop_app(app, runtime.workshop)


def test_two_instances_share_what_slack_said(bot, second_bot, fake_slack, uow):
    first, second = Channelful(bot, fake_slack, uow), Channelful(second_bot, fake_slack, uow)
    first.new_map()
    for person in (BOB, CAROL):
        first.say(f"stage add First of {person}", user=person)
        first.say("deadline", user=person)  # a reply after the ack, in the person's language
    asked = _lookups(fake_slack)
    assert asked[("conversations.members", WORKSHOP_CHANNEL)] == 1

    for person in (BOB, CAROL):
        second.say(f"stage add Second of {person}", user=person)
        second.say("deadline", user=person)
    assert len(_stages(uow)) == 4
    assert _lookups(fake_slack) == asked  # the second instance found every answer in the database


@pytest.fixture
def scheduler(database_url, fake_slack, clock) -> Dispatcher:
    workshop = build_runtime(settings_for(database_url, fake_slack), clock).workshop
    return Dispatcher(workshop.uow, workshop.jobs, clock)


def test_a_300_member_channel_is_nudged_its_people_listed_in_pages(bot, fake_slack, uow, clock, scheduler):
    people = {f"U0P{n:06d}" for n in range(297)} | {BOB, CAROL}
    bots, gone = {f"U0B{n:06d}" for n in range(3)}, {f"U0G{n:06d}" for n in range(2)}
    fake_slack.members[WORKSHOP_CHANNEL] |= people | bots | gone
    for user in bots:
        fake_slack.person(user).bot = True
    for user in gone:
        fake_slack.person(user).deleted = True
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    channel.say("stage add Awareness")  # Alice contributes
    channel.say("deadline friday 17:00 / UTC")
    before = _lookups(fake_slack)

    clock.now = FRIDAY_17 - timedelta(hours=24)
    assert scheduler.tick() == 1  # the round of nudges is planned
    with uow() as session:
        assert set(session.scalars(select(Nudge.user_id))) == people  # no bot, deactivated account or Alice
    while scheduler.tick():
        pass
    nudged = {
        c.args["channel"] for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"][0] == "U"
    }
    assert nudged == people

    asked = _lookups(fake_slack) - before
    assert asked[("conversations.members", WORKSHOP_CHANNEL)] <= 1  # none if still kept from the deadline
    # The 300-odd people Slack had to be asked about, in two pages of users.list (200 a page), not one
    # users.info each.
    assert len(fake_slack.calls_to("users.list")) == 2
    assert not [who for method, who in asked if method == "users.info"]

    clock.now = FRIDAY_17 - timedelta(hours=1)  # the second round: everyone has been nudged once
    asked = _lookups(fake_slack)
    assert scheduler.tick() == 1
    assert not [who for method, who in _lookups(fake_slack) - asked if method == "users.info"]


def test_who_joins_or_leaves_is_counted_from_slacks_events_without_asking(bot, second_bot, fake_slack, uow):
    dave = "U0DAVE001"
    first, second = Channelful(bot, fake_slack, uow), Channelful(second_bot, fake_slack, uow)
    first.new_map()
    first.say("stage add First")  # the channel's members are known, and kept for both instances
    asked = _lookups(fake_slack)

    fake_slack.members[WORKSHOP_CHANNEL].add(dave)
    joined = {"type": "member_joined_channel", "channel": WORKSHOP_CHANNEL, "user": dave, "event_ts": "1.2"}
    assert bot.driver.event(joined, event_id="Ev0DAVEJOIN").status == 200
    first.say("stage add Dave's", user=dave)
    second.say("stage add Dave's again", user=dave)
    assert set(_stages(uow)) == {"First", "Dave's", "Dave's again"}
    assert (_lookups(fake_slack) - asked)[("conversations.members", WORKSHOP_CHANNEL)] == 0

    fake_slack.members[WORKSHOP_CHANNEL].discard(dave)
    left = {**joined, "type": "member_left_channel"}
    assert bot.driver.event(left, event_id="Ev0DAVELEFT").status == 200
    assert "Only members of this channel" in first.say("stage add Gone", user=dave)["text"]
    assert "Gone" not in _stages(uow)
