"""The touchpoints to analyse of a 2,000-touchpoint map, posted a page at a time: Slack takes about one
message a second in a channel (the stand-in's `limits`, here with no burst), so the list is never fired
at it in one go, and a page Slack won't take is said, with the way to ask for it again."""

import json

from sqlalchemy import select

from bot.playground.client import Client
from bot.playground.limits import RateLimits
from bot.workshop.analysis import LIST_PAGE
from storage.models import Touchpoint
from tests.support.big_map import BIG, Size, fill
from tests.support.channel import Channelful
from tests.support.fake_slack import BOB, TEAM_ID, WORKSHOP_CHANNEL, Failure, validate_view


def _map(channel: Channelful, size: Size) -> int:
    map_id = channel.new_map()
    with channel.uow() as session:
        fill(session, map_id, size)
    channel.fake.limits = RateLimits(post_burst=1)  # from here on, as Slack does
    return map_id


def _posts(fake, since: int) -> list:
    """The messages the bot posted (the calls Slack took), from the `since`-th on."""
    return [c for c in fake.calls_to("chat.postMessage") if c.error is None][since:]


def _wait_posts(fake, count: int) -> list:
    return fake.wait_for("chat.postMessage", count, where=lambda c: c.error is None, timeout=30)


def _analyse_buttons(blocks: list[dict]) -> list[str]:
    return [
        b["accessory"]["value"] for b in blocks if b.get("accessory", {}).get("action_id") == "tp_analyse"
    ]


def _more(fake, ts: str) -> dict | None:
    """The *More* (or *Post the touchpoints*) button of the message at `ts` as it is now."""
    message = fake.workspace.conversations[WORKSHOP_CHANNEL].find(ts)
    blocks = [b for b in message.blocks or [] if b.get("block_id") == "more"]
    return blocks[0]["elements"][0] if blocks else None


def test_a_big_list_is_posted_a_page_at_a_time_within_slacks_pace(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    map_id = _map(channel, BIG)
    person = Client(fake_slack, channel.driver, TEAM_ID)
    posted = len(_posts(fake_slack, 0))

    assert channel.driver.command("analyse", user=BOB).status == 200
    prompt, page = _wait_posts(fake_slack, posted + 2)[posted:]
    assert "2000 touchpoints in the thread" in prompt.args["text"]
    assert page.args["thread_ts"] == prompt.answer["ts"]
    assert len(_analyse_buttons(page.json("blocks"))) == LIST_PAGE
    more = _more(fake_slack, page.answer["ts"])
    assert more["text"]["text"] == "More: 1976 touchpoints left" and more["value"] == f"{map_id}:2"
    assert fake_slack.calls_to("chat.postMessage")[-2].error == "ratelimited"  # Slack's pace, waited for

    # *More*, clicked twice in a row (a double click, or two people): the next page, once.
    for _ in range(2):
        person.act(BOB, WORKSHOP_CHANNEL, page.answer["ts"], "more", "tp_more_to_analyse")
    [second] = _wait_posts(fake_slack, posted + 3)[posted + 2 :]
    assert second.args["thread_ts"] == prompt.answer["ts"]
    firsts = _analyse_buttons(page.json("blocks")) + _analyse_buttons(second.json("blocks"))
    assert len(set(firsts)) == 2 * LIST_PAGE
    fake_slack.wait_for("chat.update", where=lambda c: c.args["ts"] == page.answer["ts"])
    assert _more(fake_slack, page.answer["ts"]) is None  # used: the page keeps its touchpoints only
    assert _more(fake_slack, second.answer["ts"])["text"]["text"] == "More: 1952 touchpoints left"
    assert len(_posts(fake_slack, posted)) == 3
    assert not fake_slack.rejected


def test_a_page_slack_refuses_is_said_and_can_be_asked_for_again(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _map(channel, Size(stages=3, channels=2, touchpoints=LIST_PAGE + 5, notes=0))
    person = Client(fake_slack, channel.driver, TEAM_ID)
    posted = len(_posts(fake_slack, 0))
    # Slack asks for a wait longer than the bot waits, for the page in the thread only.
    fake_slack.fail(
        "chat.postMessage",
        Failure(
            status=429,
            error="ratelimited",
            headers={"Retry-After": "60"},
            where=lambda a: bool(a.get("thread_ts")),
        ),
    )

    told = channel.say("analyse", user=BOB)
    assert told["text"] == (
        "The prompt is posted, but Slack limits how fast I post in a channel, so its touchpoints aren't in "
        "the thread yet: use *Post the touchpoints* on the prompt in a moment."
    )
    [prompt] = _posts(fake_slack, posted)
    fake_slack.wait_for("chat.update", where=lambda c: c.args["ts"] == prompt.answer["ts"])
    assert _more(fake_slack, prompt.answer["ts"])["text"]["text"] == "Post the touchpoints"

    person.act(BOB, WORKSHOP_CHANNEL, prompt.answer["ts"], "more", "tp_more_to_analyse")
    [first] = _wait_posts(fake_slack, posted + 2)[posted + 1 :]
    assert first.args["thread_ts"] == prompt.answer["ts"]
    assert len(_analyse_buttons(first.json("blocks"))) == LIST_PAGE
    fake_slack.wait_for("chat.update", 2, where=lambda c: c.args["ts"] == prompt.answer["ts"])
    assert _more(fake_slack, prompt.answer["ts"]) is None

    fake_slack.fail(
        "chat.postMessage", Failure(status=429, error="ratelimited", headers={"Retry-After": "60"})
    )
    replies = len(fake_slack.responses)
    person.act(BOB, WORKSHOP_CHANNEL, first.answer["ts"], "more", "tp_more_to_analyse")
    [said] = fake_slack.wait_for_response(replies + 1)[replies:]
    assert said["text"] == (
        "Slack limits how fast I post in a channel, so the next touchpoints aren't posted yet: use *More* "
        "again in a moment."
    )
    assert _more(fake_slack, first.answer["ts"]) is not None  # still there, to use again

    person.act(BOB, WORKSHOP_CHANNEL, first.answer["ts"], "more", "tp_more_to_analyse")
    [last] = _wait_posts(fake_slack, posted + 3)[posted + 2 :]
    assert len(_analyse_buttons(last.json("blocks"))) == 5
    assert _more(fake_slack, last.answer["ts"]) is None  # the last page


def test_any_touchpoint_of_a_big_list_is_found_by_typing_its_title(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    map_id = _map(channel, BIG)
    person = Client(fake_slack, channel.driver, TEAM_ID)
    posted = len(_posts(fake_slack, 0))
    assert channel.driver.command("analyse", user=BOB).status == 200
    prompt, _ = _wait_posts(fake_slack, posted + 2)[posted:]

    before = len(fake_slack.calls_to("views.open"))
    person.act(BOB, WORKSHOP_CHANNEL, prompt.answer["ts"], "find", "tp_find_to_analyse")
    opened = fake_slack.opened_form(before)
    view, view_id = opened.json("view"), opened.answer["view"]["id"]
    assert view["title"]["text"] == "Find a touchpoint"
    [found] = channel.driver.suggest(view, view_id, "touchpoint", "Touchpoint 1999", user=BOB).json()[
        "options"
    ]
    assert found["text"]["text"] == "Touchpoint 1999"

    reply = channel.driver.submit(view, view_id, {"touchpoint": found}, user=BOB).json()
    assert reply["response_action"] == "update"
    analyse = reply["view"]
    assert analyse["callback_id"] == "tp_analyse_modal" and "Touchpoint 1999" in json.dumps(analyse)
    assert json.loads(analyse["private_metadata"])["touchpoint"] == int(found["value"])
    assert json.loads(analyse["private_metadata"])["map"] == map_id
    validate_view(analyse)


def test_more_after_the_touchpoints_left_were_deleted_only_takes_its_button_off(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    map_id = _map(channel, Size(stages=2, channels=2, touchpoints=LIST_PAGE + 3, notes=0))
    person = Client(fake_slack, channel.driver, TEAM_ID)
    posted = len(_posts(fake_slack, 0))
    assert channel.driver.command("analyse", user=BOB).status == 200
    _, page = _wait_posts(fake_slack, posted + 2)[posted:]
    with uow() as session:  # the last three touchpoints go, while the page is on screen
        last = sorted(session.scalars(select(Touchpoint.id).where(Touchpoint.map_id == map_id)))[-3:]
        for touchpoint in session.scalars(select(Touchpoint).where(Touchpoint.id.in_(last))):
            session.delete(touchpoint)

    person.act(BOB, WORKSHOP_CHANNEL, page.answer["ts"], "more", "tp_more_to_analyse")
    fake_slack.wait_for("chat.update", where=lambda c: c.args["ts"] == page.answer["ts"])
    assert _more(fake_slack, page.answer["ts"]) is None
    assert len(_posts(fake_slack, posted)) == 2 and fake_slack.responses == []
