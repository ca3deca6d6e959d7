"""People and channels' members asked of Slack once (bot/lookups.py, bot/gateway.py): concurrent askers in a
process share one call, instances share the answers through the database, and a failed lookup is not kept."""

import itertools
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import select

from bot.gateway import SlackGateway, build_client
from bot.lookups import SharedAnswers
from storage.db import UnitOfWork
from storage.models import SlackAnswer
from tests.support.fake_slack import (
    ALICE,
    BOB,
    BOT_TOKEN,
    CAROL,
    MALLORY,
    TEAM_ID,
    WORKSHOP_CHANNEL,
    Failure,
    FakeSlack,
)

ASKERS = 40


def _instance(fake: FakeSlack, uow: UnitOfWork) -> SlackGateway:
    """One instance of the bot's gateway: its own memory, the database it shares."""
    client = build_client(BOT_TOKEN, fake.url)
    return SlackGateway(client, lambda _team: BOT_TOKEN, answers=SharedAnswers(uow))


def _at_once(asks: Callable[[], object], count: int = ASKERS) -> list[object]:
    """`asks()` in `count` threads released together; their answers."""
    start, answers = threading.Barrier(count), []

    def ask() -> None:
        start.wait()
        answers.append(asks())

    threads = [threading.Thread(target=ask) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers


def _calls(fake: FakeSlack, method: str, **args: str) -> int:
    return len([c for c in fake.calls_to(method) if all(c.args.get(k) == v for k, v in args.items())])


def test_concurrent_first_askers_share_one_call(fake_slack, uow):
    gateway = _instance(fake_slack, uow)
    fake_slack.stall("conversations.members", 1.0)  # the first call is slow: everyone else asks meanwhile
    fake_slack.stall("users.info", 1.0)

    members = _at_once(lambda: gateway.is_member(TEAM_ID, WORKSHOP_CHANNEL, ALICE))
    locales = _at_once(lambda: gateway.locale(TEAM_ID, BOB))

    assert members == [True] * ASKERS and locales == ["en-US"] * ASKERS
    assert _calls(fake_slack, "conversations.members") == 1
    assert _calls(fake_slack, "users.info", user=BOB) == 1


def test_instances_asking_at_once_share_one_call(fake_slack, uow):
    instances = itertools.cycle([_instance(fake_slack, uow), _instance(fake_slack, uow)])
    fake_slack.stall(
        "conversations.members", 1.0
    )  # the first call is slow: the other instance asks meanwhile
    fake_slack.stall("users.info", 1.0)

    members = _at_once(lambda: next(instances).is_member(TEAM_ID, WORKSHOP_CHANNEL, ALICE))
    names = _at_once(lambda: next(instances).display_name(TEAM_ID, CAROL))

    assert members == [True] * ASKERS and names == ["Carol"] * ASKERS
    assert _calls(fake_slack, "conversations.members") == 1
    assert _calls(fake_slack, "users.info", user=CAROL) == 1


def test_instances_share_answers_through_the_database(fake_slack, uow):
    first, second = _instance(fake_slack, uow), _instance(fake_slack, uow)
    fake_slack.person(CAROL).tz = "Asia/Tehran"
    assert first.people_in(TEAM_ID, WORKSHOP_CHANNEL) == {ALICE, BOB, CAROL}

    assert second.people_in(TEAM_ID, WORKSHOP_CHANNEL) == {ALICE, BOB, CAROL}
    assert second.is_member(TEAM_ID, WORKSHOP_CHANNEL, CAROL)
    assert second.timezone(TEAM_ID, CAROL) == "Asia/Tehran"
    assert _calls(fake_slack, "conversations.members") == 1
    assert {c.args["user"] for c in fake_slack.calls_to("users.info")} == {ALICE, BOB, CAROL}
    assert _calls(fake_slack, "users.info") == 3


def test_a_failed_lookup_is_asked_again_not_kept(fake_slack, uow):
    first, second = _instance(fake_slack, uow), _instance(fake_slack, uow)
    fake_slack.fail("users.info", Failure(error="internal_error"))
    assert first.locale(TEAM_ID, MALLORY) is None
    assert first.locale(TEAM_ID, MALLORY) is None  # not asked again at once: a short negative cache
    assert _calls(fake_slack, "users.info") == 1
    with uow() as session:
        assert session.scalars(select(SlackAnswer.key)).all() == []  # nothing kept for everyone

    assert second.locale(TEAM_ID, MALLORY) == "en-US"  # Slack answers again: the real answer is kept
    assert _calls(fake_slack, "users.info") == 2
    assert first.locale(TEAM_ID, MALLORY) is None  # until its short negative cache runs out
    with uow() as session:
        assert session.scalars(select(SlackAnswer.key)).all() == [f"user:{MALLORY}"]


@pytest.mark.parametrize("who", ["the bot", "a bot user", "a deactivated account"])
def test_people_in_a_channel_leave_out_bots_and_deactivated_accounts(fake_slack, uow, who):
    if who != "the bot":  # the bot is in the channel already
        fake_slack.members[WORKSHOP_CHANNEL].add("U0OTHER01")
        fake_slack.person("U0OTHER01").bot = who == "a bot user"
        fake_slack.person("U0OTHER01").deleted = who == "a deactivated account"
    assert _instance(fake_slack, uow).people_in(TEAM_ID, WORKSHOP_CHANNEL) == {ALICE, BOB, CAROL}


def test_a_big_channels_people_are_listed_in_pages_else_asked_one_by_one(fake_slack, uow):
    crowd = {f"U0P{n:06d}" for n in range(30)}
    fake_slack.members[WORKSHOP_CHANNEL] |= crowd
    fake_slack.fail("users.list", Failure(error="internal_error"))  # Slack can't list them: each is asked
    gateway = _instance(fake_slack, uow)
    assert gateway.people_in(TEAM_ID, WORKSHOP_CHANNEL) == crowd | {ALICE, BOB, CAROL}
    assert _calls(fake_slack, "users.info") == 33

    for newcomer in (f"U0Q{n:06d}" for n in range(30)):
        fake_slack.members[WORKSHOP_CHANNEL].add(newcomer)
        gateway.member_joined(TEAM_ID, WORKSHOP_CHANNEL, newcomer)  # as Slack's event says
    assert len(gateway.people_in(TEAM_ID, WORKSHOP_CHANNEL)) == 63
    assert _calls(fake_slack, "users.info") == 33  # the newcomers were on users.list's page
    assert len(fake_slack.calls_to("users.list")) == 2  # the refused one, and one page of 200
