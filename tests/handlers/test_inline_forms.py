"""When Slack won't open a modal in its trigger's life (its budget for views.open spent, as in an all-hands
where the whole room clicks at once), the form comes as a message only the person sees, in their
language: its *Save* saves as the modal would have (errors told and nothing changed, a double click
saved once), the *Analyse* chain goes on in it, and *Cancel* takes it away."""

import re

import pytest
from sqlalchemy import func, select

from bot.blocks.ids import Action
from storage.models import Note, Touchpoint
from tests.support.bidi import bare
from tests.support.channel import Channelful
from tests.support.fake_slack import BOB, Failure

BUSY = Failure(status=429, error="ratelimited", headers={"Retry-After": "20"})


def _at_step(channel: Channelful, step: int) -> None:
    channel.new_map()
    channel.say_each(
        "stage add Awareness",
        "channel add Website",
        "add Awareness / Website / Search ad",
        "add Awareness / Website / Landing page",
    )
    channel.go_to_step(step)


def _form_in_a_message(channel: Channelful, fake_slack, click) -> dict:
    """Slack refuses the next modal for lack of budget; `click` asks for it: the message the form came
    in, through the click's response_url."""
    fake_slack.fail("views.open", BUSY)
    replies = len(fake_slack.responses)
    click()
    posted = fake_slack.wait_for_response(replies + 1)[-1]
    [refused] = [c for c in fake_slack.calls_to("views.open") if c.error]
    assert refused.error == "ratelimited"
    return posted


def _save(channel: Channelful, fake_slack, message: dict, answers: dict, ts: str, user: str = BOB) -> dict:
    replies = len(fake_slack.responses)
    reply = channel.driver.click(
        message["blocks"], Action.INLINE_SAVE, user=user, message_ts=ts, answers=answers, ephemeral=True
    )
    assert reply.status == 200 and not reply.body
    return fake_slack.wait_for_response(replies + 1)[-1]


def _count(uow, model) -> int:
    with uow() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_touchpoint_form_slack_wont_open_comes_as_a_message_and_saves_as_the_modal_would(
    bot, fake_slack, uow
):
    channel = Channelful(bot, fake_slack, uow)
    _at_step(channel, 2)
    form = _form_in_a_message(channel, fake_slack, lambda: channel.click(Action.ADD_TOUCHPOINT, BOB))
    assert form["response_type"] == "ephemeral" and form.get("replace_original") is False
    said = bare(" ".join(str(b) for b in form["blocks"]))
    assert "Slack is too busy to open a window" in said and "Add a touchpoint" in bare(form["text"])
    labels = [bare(b["label"]["text"]) for b in form["blocks"] if b["type"] == "input"]
    assert labels[:3] == ["Stage", "Channel", "Touchpoint"]
    assert not [b for b in form["blocks"] if "focus_on_load" in b.get("element", {})]  # a view's only

    before = _count(uow, Touchpoint)
    refused = _save(channel, fake_slack, form, {"title": "Pricing page"}, ts="1700000001.000200")
    assert refused.get("replace_original") is False and "Choose" in bare(refused["text"])
    assert _count(uow, Touchpoint) == before  # nothing saved; the form stays as filled in

    stage = next(b for b in form["blocks"] if b.get("block_id") == "stage")["element"]["options"][0]["value"]
    lane = next(b for b in form["blocks"] if b.get("block_id") == "channel")["element"]["options"][0]["value"]
    answers = {"stage": stage, "channel": lane, "title": "Pricing page"}
    saved = _save(channel, fake_slack, form, answers, ts="1700000001.000200")
    assert saved.get("replace_original") is True and "Saved." in bare(saved["text"])
    again = _save(channel, fake_slack, form, answers, ts="1700000001.000200")  # a double click
    assert "Saved." in bare(again["text"])
    assert _count(uow, Touchpoint) == before + 1
    channel.wait_for_board("3 touchpoints")


@pytest.mark.parametrize("locale", ["fa-IR", "ar-SA"])
def test_the_analyse_chain_goes_on_in_the_message_in_the_persons_language(bot, fake_slack, uow, locale):
    channel = Channelful(bot, fake_slack, uow)
    _at_step(channel, 3)
    fake_slack.person(BOB).locale = locale
    posted = len(fake_slack.calls_to("chat.postMessage"))
    channel.click(Action.SHOW_ANALYSIS, BOB)
    listing = fake_slack.wait_for("chat.postMessage", posted + 2)[posted + 1].json("blocks")
    first = _form_in_a_message(
        channel, fake_slack, lambda: channel.driver.click(listing, Action.ANALYSE, user=BOB)
    )
    assert re.search(r"[\u0600-\u06ff]{4}", form_text := " ".join(str(b) for b in first["blocks"]))
    assert "Slack is too busy" not in form_text  # worded in Persian or Arabic

    following = _save(channel, fake_slack, first, {"positive": "Clear and quick"}, ts="1700000002.000300")
    assert following.get("replace_original") is True  # the next touchpoint's form in its place
    positive = next(b for b in following["blocks"] if b.get("element", {}).get("action_id") == "positive")
    assert "initial_value" not in positive["element"]
    assert _count(uow, Note) == 1

    done = _save(channel, fake_slack, following, {"negative": "Slow to load"}, ts="1700000002.000300")
    assert done.get("replace_original") is True and done.get("blocks") in (None, [])
    with uow() as session:
        assert sorted(session.scalars(select(Note.text))) == ["Clear and quick", "Slow to load"]


def test_cancel_takes_the_form_away_and_a_forged_save_is_refused(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _at_step(channel, 2)
    form = _form_in_a_message(channel, fake_slack, lambda: channel.click(Action.ADD_TOUCHPOINT, BOB))

    replies = len(fake_slack.responses)
    channel.driver.click(form["blocks"], Action.INLINE_CANCEL, user=BOB, ephemeral=True)
    assert fake_slack.wait_for_response(replies + 1)[-1].get("delete_original") is True

    before = _count(uow, Touchpoint)
    forged = [
        {"type": "actions", "elements": [{**e, "value": '{"form": "tp_export_modal", "meta": ""}'}]}
        for b in form["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == Action.INLINE_SAVE
    ]
    told = _save(channel, fake_slack, {"blocks": form["blocks"][:-1] + forged}, {"title": "x"}, ts="1.2")
    assert "no longer valid" in bare(told["text"]) and _count(uow, Touchpoint) == before
