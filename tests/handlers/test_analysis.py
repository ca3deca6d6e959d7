"""Step 3 in a channel: the touchpoints posted to analyse, notes, feelings, dot votes, blind mode, summary."""

import json

import pytest
from sqlalchemy import select

from storage.models import Note, Score, Vote
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB, CAROL

RLM = "\u200f"


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
    """Analyse `title` from the list as `user`, with *Then analyse the next touchpoint* unticked unless
    `answers` says otherwise: the modal's answer, and the view submitted."""
    answers = {"next": [], **answers}
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
    [(field, error)] = over["errors"].items()  # under the vote, whose block id names the touchpoint
    assert field.startswith("vote.") and error == "You have used all 1 of your votes: take one back first."

    again = _analyse(channel, listing, "Checkout", {"score": "-1", "vote": []}, BOB)  # takes the vote back
    vote_block = next(b for b in again["view"]["blocks"] if b.get("element", {}).get("action_id") == "vote")
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


def _chain_start(channel: Channelful, listing: list[dict], title: str, user: str) -> tuple[dict, str]:
    """Open `title`'s *Analyse* form from the list as `user`: the view and its id."""
    blocks = listing[0].json("blocks")
    [block] = [b for b in blocks if b.get("accessory") and title in b["text"]["text"]]
    opened = len(channel.fake.calls_to("views.open"))
    channel.driver.click([block], "tp_analyse", user=user)
    call = channel.fake.opened_form(opened)
    return call.json("view"), call.answer["view"]["id"]


def _next_box(view: dict) -> str | None:
    """The *Then analyse the next touchpoint* option's words, ticked as the form opens; None without it."""
    block = next((b for b in view["blocks"] if b.get("element", {}).get("action_id") == "next"), None)
    if block is None:
        return None
    [ticked] = block["element"]["initial_options"]
    return ticked["text"]["text"]


def _title(view: dict) -> str:
    return view["blocks"][0]["text"]["text"].splitlines()[0]


def test_analysing_goes_on_to_the_next_touchpoint_in_the_same_modal(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_analysis(channel)
    _, listing = _list(channel)
    _analyse(channel, listing, "Order confirmation", {"score": "1"}, BOB)  # analysed already: skipped
    opened = len(fake_slack.calls_to("views.open"))

    view, view_id = _chain_start(channel, listing, "Newsletter", BOB)
    assert _title(view) == "*Newsletter*"
    assert _next_box(view) == "Then analyse the next touchpoint (1 left for you)"
    first = channel.driver.submit(view, view_id, {"negative": "Too many"}, user=BOB)
    again = channel.driver.submit(view, view_id, {"negative": "Too many"}, user=BOB)  # sent twice
    assert first.json()["response_action"] == "update"
    following = first.json()["view"]
    assert again.json()["view"] == following
    assert _title(following) == "*Checkout page*"
    assert _next_box(following) is None  # the last one Bob has left: the modal closes after it

    last = channel.driver.submit(following, view_id, {"positive": "Clear total"}, user=BOB)
    assert (last.status, last.body) == (200, "")
    assert len(fake_slack.calls_to("views.open")) == opened + 1
    with uow() as session:
        assert session.scalars(select(Note.text).order_by(Note.id)).all() == ["Too many", "Clear total"]
    channel.wait_for_board("3 of 3 analysed")


def test_unticked_the_modal_closes_after_saving(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_analysis(channel)
    _, listing = _list(channel)
    view, view_id = _chain_start(channel, listing, "Newsletter", CAROL)
    assert _next_box(view) == "Then analyse the next touchpoint (2 left for you)"
    reply = channel.driver.submit(view, view_id, {"score": "-1", "next": []}, user=CAROL)
    assert (reply.status, reply.body) == (200, "")
    with uow() as session:
        assert session.scalars(select(Score.score)).all() == [-1]


@pytest.mark.parametrize(
    "locale, box, title",
    [
        ("fa-IR", "سپس نقطهٔ تماس بعدی را تحلیل کنید (۱ نقطه برایتان مانده)", "تحلیل"),
        ("ar-SA", "ثم حلّل نقطة التواصل التالية (بقيت لك نقطة واحدة)", "تحليل"),
    ],
)
def test_the_next_form_is_in_the_readers_language(bot, fake_slack, uow, locale, box, title):
    channel = Channelful(bot, fake_slack, uow)
    _workshop_at_analysis(channel)
    _, listing = _list(channel)
    fake_slack.person(BOB).locale = locale
    view, view_id = _chain_start(channel, listing, "Checkout page", BOB)
    following = channel.driver.submit(view, view_id, {"score": "0"}, user=BOB).json()["view"]
    assert "Order confirmation" in _title(following)  # the map's words as the map has them
    assert following["title"]["text"].strip(RLM) == title
    assert (_next_box(view) or "").strip(RLM) == box
