"""Step 3 in a channel: the touchpoints posted to analyse, notes, feelings, dot votes, blind mode, summary."""

import json

from sqlalchemy import select

from storage.models import Note, Score, Vote
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB, CAROL


def _workshop_at_analysis(channel: Channelful) -> None:
    channel.new_map()
    channel.say_each(
        "stage add Awareness",
        "stage add Purchase / during",
        "channel add Website",
        "channel add Email",
        "add Awareness / Email / Newsletter",
        "add Purchase / Website / Checkout page",
        "add Purchase / Email / Order confirmation",
    )
    channel.go_to_step(3)


def _list(channel: Channelful) -> tuple[dict, list[dict]]:
    """Post the touchpoints to analyse with the board's button; the prompt and the messages in its thread."""
    posted = len(channel.fake.calls_to("chat.postMessage"))
    channel.click("tp_show_analysis", user=BOB)
    calls = channel.fake.wait_for("chat.postMessage", posted + 2)[posted:]
    return calls[0], calls[1:]


def _analyse(channel: Channelful, listing: list[dict], title: str, answers: dict, user: str) -> dict:
    blocks = listing[0].json("blocks")
    [block] = [b for b in blocks if b.get("accessory") and title in b["text"]["text"]]
    opened = len(channel.fake.calls_to("views.open"))
    channel.driver.click([block], "tp_analyse", user=user)
    call = channel.fake.opened_form(opened)
    reply = channel.driver.submit(call.json("view"), call.answer["view"]["id"], answers, user=user)
    return (reply.json() if reply.body else {}) | {"view": call.json("view")}


def test_the_touchpoints_are_posted_by_stage_in_a_thread(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_analysis(channel)
    prompt, listing = _list(channel)
    assert "3 touchpoints in the thread" in prompt.args["text"]
    assert [m.args["thread_ts"] for m in listing] == [prompt.answer["ts"]]
    texts = [b["text"]["text"] for b in listing[0].json("blocks")]
    assert texts == [
        "*Awareness*",
        "Newsletter · _Email_",
        "*Purchase*",
        "Checkout page · _Website_",
        "Order confirmation · _Email_",
    ]


def test_notes_scores_and_votes_with_a_limit(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_analysis(channel)
    _, listing = _list(channel)
    answers = {
        "positive": "Clear total",
        "negative": "Card form fails on mobile",
        "score": "-2",
        "vote": ["vote"],
    }
    assert _analyse(channel, listing, "Checkout", answers, BOB).get("response_action") is None
    channel.wait_for_board("1 of 3 analysed, 1 vote")

    assert channel.say("votes 1")["text"] == "Each person now has 1 vote."
    over = _analyse(channel, listing, "Newsletter", {"negative": "Too many", "vote": ["vote"]}, BOB)
    assert over["errors"] == {"vote": "You have used all 1 of your votes: take one back first."}

    again = _analyse(channel, listing, "Checkout", {"score": "-1"}, BOB)  # takes the vote back
    vote_block = next(b for b in again["view"]["blocks"] if b.get("block_id") == "vote")
    assert vote_block["element"]["initial_options"][0]["value"] == "vote"
    with uow() as session:
        notes = session.scalars(select(Note.text).order_by(Note.id)).all()
        assert notes == ["Clear total", "Card form fails on mobile"]  # nothing from the refused submission
        assert session.scalars(select(Score.score)).all() == [-1]
        assert session.scalars(select(Vote)).all() == []


def test_blind_analysis_hides_others_notes_until_revealed(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_analysis(channel)
    channel.click("tp_go_blind")
    channel.wait_for_board("Reveal the analysis")
    _, listing = _list(channel)
    _analyse(channel, listing, "Checkout", {"negative": "Carol's secret worry"}, CAROL)

    bobs_view = _analyse(channel, listing, "Checkout", {"positive": "Fast"}, BOB)["view"]
    assert "secret worry" not in json.dumps(bobs_view)
    assert "1 note by others hidden" in json.dumps(bobs_view)

    refusal = channel.click_for_reply("tp_reveal", user=BOB)
    assert refusal["text"] == "Only the map's facilitators can do that."
    assert channel.say("summary")["text"].startswith("Reveal the analysis first")
    posted = len(fake_slack.calls_to("chat.postMessage"))
    channel.click("tp_reveal")
    revealed = fake_slack.wait_for("chat.postMessage", posted + 1)[-1]
    assert revealed.args["text"].startswith("*The analysis is revealed*")
    carols_view = _analyse(channel, listing, "Checkout", {}, CAROL)["view"]
    assert "Fast" in json.dumps(carols_view)


def test_the_summary_names_pains_dips_and_disagreements_each_in_its_own_message(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_analysis(channel)
    _, listing = _list(channel)
    _analyse(channel, listing, "Checkout", {"negative": "Fails", "score": "-2", "vote": ["vote"]}, BOB)
    _analyse(channel, listing, "Checkout", {"negative": "Slow", "score": "1", "vote": ["vote"]}, CAROL)
    _analyse(channel, listing, "Order", {"score": "-1"}, ALICE)
    _analyse(channel, listing, "Newsletter", {"positive": "Nice", "score": "2"}, ALICE)

    posted = len(fake_slack.calls_to("chat.postMessage"))
    channel.click("tp_post_summary")
    messages = [c.args["text"] for c in fake_slack.wait_for("chat.postMessage", posted + 4)[posted:]]
    assert messages[1:] == [
        "🔥 *Checkout page*: 2 votes, 2 notes on what falls short",
        "📉 The feeling dips at *Purchase*: mean score -0.7",
        "↔️ People disagree about *Checkout page*: scores from -2 to 1",
    ]
    assert all(
        "thread_ts" not in c.args or c.args["thread_ts"] is None
        for c in fake_slack.calls_to("chat.postMessage")[posted:]
    )
