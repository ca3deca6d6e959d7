"""The stand-in's rate limits (bot/playground/limits.py), called over HTTP with slack_sdk's own client (no
retries): each tier's budget per workspace, chat.postMessage's per channel, the 429 with Retry-After, and
an outage of a method."""

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.playground.limits import Outages, RateLimits
from bot.playground.standin import SlackStandIn
from bot.playground.workspace import Person, Team, Workspace
from tests.support.fake_slack import Loopback

TEAM, OTHER_TEAM = "T0LIMITS1", "T0LIMITS2"
BOT, OTHER_BOT = "U0BOTLIM1", "U0BOTLIM2"
TOKEN, OTHER_TOKEN = "xoxb-limits-1", "xoxb-limits-2"
ANNA = "U0ANNA001"
FIRST, SECOND, ELSEWHERE = "C0FIRST01", "C0SECOND1", "C0ELSEWHR"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def slack(clock: Clock) -> Iterator[SlackStandIn]:
    space = Workspace()
    space.add_team(Team(TEAM, "Limits", "limits", BOT), TOKEN)
    space.add_team(Team(OTHER_TEAM, "Other", "other", OTHER_BOT), OTHER_TOKEN)
    space.people[ANNA] = Person(ANNA, TEAM, "Anna", "Anna Berg")
    space.add_channel(FIRST, TEAM, "first", {ANNA, BOT})
    space.add_channel(SECOND, TEAM, "second", {ANNA, BOT})
    space.add_channel(ELSEWHERE, OTHER_TEAM, "elsewhere", {OTHER_BOT})
    stand_in = SlackStandIn(space)
    stand_in.limits = RateLimits(clock=clock)
    stand_in.outages = Outages(clock=clock)
    server = Loopback(stand_in)
    server.start()
    yield stand_in
    server.stop()


@pytest.fixture
def client(slack: SlackStandIn) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.url, retry_handlers=[])


def _refused(call, **args) -> tuple[int, str, str | None]:
    with pytest.raises(SlackApiError) as raised:
        call(**args)
    response = raised.value.response
    retry_after = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), None)
    if isinstance(retry_after, list):
        retry_after = retry_after[0]
    return response.status_code, response["error"], retry_after


def test_chat_update_is_tier_3_per_workspace_a_burst_of_20_then_one_each_1_2_seconds(slack, client, clock):
    ts = client.chat_postMessage(channel=FIRST, text="The board")["ts"]
    for n in range(20):
        client.chat_update(channel=FIRST, ts=ts, text=f"Board {n}")
    assert _refused(client.chat_update, channel=FIRST, ts=ts, text="One too many") == (
        429,
        "ratelimited",
        "2",
    )
    assert (
        slack.workspace.conversations[FIRST].find(ts).text == "Board 19"
    )  # the refused call changed nothing
    other_ts = client.chat_postMessage(channel=SECOND, text="Another board")["ts"]
    assert _refused(client.chat_update, channel=SECOND, ts=other_ts, text="x")[0] == 429  # per workspace

    elsewhere = WebClient(token=OTHER_TOKEN, base_url=slack.url, retry_handlers=[])
    their_ts = elsewhere.chat_postMessage(channel=ELSEWHERE, text="Theirs")["ts"]
    elsewhere.chat_update(channel=ELSEWHERE, ts=their_ts, text="Still theirs")  # another workspace's budget

    clock.now += 1.2
    client.chat_update(channel=FIRST, ts=ts, text="Board 20")
    assert _refused(client.chat_update, channel=FIRST, ts=ts, text="x")[0] == 429
    assert slack.limits.refused["chat.update"] == 3


@pytest.mark.parametrize(
    "method, args",
    [
        ("users_info", {"user": ANNA}),
        ("conversations_members", {"channel": FIRST}),
    ],
)
def test_people_lookups_are_tier_4_a_burst_of_40_then_one_each_0_6_seconds(client, clock, method, args):
    call = getattr(client, method)
    for _ in range(40):
        call(**args)
    assert _refused(call, **args) == (429, "ratelimited", "1")
    clock.now += 0.6
    call(**args)


def test_chat_post_message_is_one_a_second_per_channel_after_a_short_burst(slack, client, clock):
    for n in range(3):
        client.chat_postMessage(channel=FIRST, text=f"Message {n}")
    assert _refused(client.chat_postMessage, channel=FIRST, text="Too soon") == (429, "ratelimited", "1")
    client.chat_postMessage(channel=SECOND, text="Another channel has its own second")
    clock.now += 1.0
    client.chat_postMessage(channel=FIRST, text="A second later")
    assert [m.text for m in slack.workspace.conversations[FIRST].messages][-1] == "A second later"
    assert len(slack.workspace.conversations[FIRST].messages) == 4


def test_without_limits_the_stand_in_answers_every_call(slack, client):
    slack.limits = None
    ts = client.chat_postMessage(channel=FIRST, text="The board")["ts"]
    for n in range(60):
        client.chat_update(channel=FIRST, ts=ts, text=f"Board {n}")


def test_an_outage_answers_503_for_its_seconds_then_the_method_works_again(slack, client, clock):
    ts = client.chat_postMessage(channel=FIRST, text="The board")["ts"]
    slack.outages.start("chat.update", 10)
    assert _refused(client.chat_update, channel=FIRST, ts=ts, text="x")[:2] == (503, "service_unavailable")
    client.chat_postMessage(channel=FIRST, text="Other methods answer")
    clock.now += 10
    client.chat_update(channel=FIRST, ts=ts, text="Back")
    assert slack.workspace.conversations[FIRST].find(ts).text == "Back"
