"""Step 2 in a channel: touchpoints by modal, by command and from any message; personas; evidence."""

import json

from sqlalchemy import select

from storage.models import Evidence, Persona, Polarity, Touchpoint
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB, CAROL, MALLORY
from tests.support.slack_driver import option_value

SUPPORT = "C0SUPPORT"


def _timeline(channel: Channelful) -> None:
    channel.new_map()
    channel.say_each(
        "stage add Awareness",
        "stage add Purchase / during",
        "channel add Website",
        "channel add Email",
    )


def _touchpoints(uow) -> list[Touchpoint]:
    with uow() as session:
        return list(session.scalars(select(Touchpoint).order_by(Touchpoint.id)))


def test_add_a_touchpoint_with_the_modal(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _timeline(channel)
    channel.say("persona add First-time buyer / Never ordered before")
    channel.say("persona add Returning customer")
    channel.go_to_step(2)

    view, view_id = channel.open_modal("tp_add_touchpoint", user=BOB)
    answers = {
        "stage": option_value(view, "stage", "Purchase"),
        "channel": option_value(view, "channel", "Email"),
        "title": "Order confirmation",
        "description": "Sent right after payment",
        "need": "Know the order went through",
        "owner": CAROL,
        "personas": [option_value(view, "personas", "First-time")],
    }
    updates = len(fake_slack.calls_to("chat.update"))
    assert bot.driver.submit(view, view_id, answers, user=BOB).body == ""
    fake_slack.wait_for("chat.update", updates + 1)

    [added] = _touchpoints(uow)
    assert (added.title, added.need, added.owner_id, added.created_by) == (
        "Order confirmation",
        "Know the order went through",
        CAROL,
        BOB,
    )
    with uow() as session:
        names = [p.name for p in session.get(Touchpoint, added.id).personas]
    assert names == ["First-time buyer"]
    assert "1 touchpoint" in json.dumps(channel.board())


def test_the_modal_refuses_a_stage_of_another_map(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _timeline(channel)
    channel.go_to_step(2)
    view, view_id = channel.open_modal("tp_add_touchpoint")
    view["blocks"][0]["element"]["options"].append(
        {"text": {"type": "plain_text", "text": "x"}, "value": "999"}
    )
    reply = bot.driver.submit(
        view, view_id, {"stage": "999", "channel": option_value(view, "channel", "Web"), "title": "Forged"}
    )
    assert reply.json() == {"response_action": "errors", "errors": {"stage": "Choose a stage of this map."}}
    assert _touchpoints(uow) == []


def test_quick_add_from_the_message_box(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _timeline(channel)
    assert channel.say("add purch / web / Checkout page", user=CAROL)["text"] == (
        "Added “Checkout page” at Purchase × Website."
    )
    assert channel.say("add a / e / Newsletter")["text"] == "Added “Newsletter” at Awareness × Email."
    channel.say("stage add Advocacy / after")
    assert (
        channel.say("add a / e / Ambiguous")["text"]
        == "“a” could be more than one stage: Awareness, Advocacy."
    )
    assert channel.say("add Awareness / Phone / Call")["text"].startswith(
        "There is no channel called “Phone”."
    )
    assert channel.say("add Awareness / Website")["text"].startswith(
        "Use `/touchpoint add &lt;stage&gt; / &lt;channel&gt;"
    )
    assert [t.title for t in _touchpoints(uow)] == ["Checkout page", "Newsletter"]


def test_personas_are_unique_per_map(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    assert channel.say("persona add Power user")["text"] == "Added the persona “Power user”."
    assert channel.say("persona add power USER")["text"] == "This map already has “power USER”."
    with uow() as session:
        assert session.scalars(select(Persona.name)).all() == ["Power user"]


def _shortcut_modal(channel: Channelful, message: dict, user: str = ALICE) -> tuple[dict, str]:
    """The shortcut's form (opened at once, or replacing a waiting modal)."""
    opened = len(channel.fake.calls_to("views.open"))
    assert channel.driver.shortcut("tp_add_to_map", message, channel=SUPPORT, user=user).status == 200
    call = channel.fake.opened_form(opened)
    return call.json("view"), call.answer["view"]["id"]


def test_a_message_becomes_evidence_on_a_touchpoint(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _timeline(channel)
    channel.say("add Purchase / Website / Checkout page")
    channel.say("add Awareness / Email / Newsletter")
    quote = {"ts": "1700000001.000200", "user": "U0CUSTOMR", "text": "Checkout <@U0BOB0001> keeps failing!"}

    view, view_id = _shortcut_modal(channel, quote)
    assert "keeps failing" in json.dumps(view)
    suggested = bot.driver.suggest(view, view_id, "touchpoint", "check").json()["options"]
    assert [o["text"]["text"] for o in suggested] == ["Checkout page"]

    answers = {"mode": "evidence", "touchpoint": suggested[0], "polarity": "negative"}
    bot.driver.submit(view, view_id, answers)
    reply = bot.driver.submit(view, view_id, answers)  # a double submit keeps one
    done = reply.json()
    assert done["response_action"] == "update"
    assert "It is now backed by 0 for and 1 against." in json.dumps(done["view"])
    with uow() as session:
        [kept] = session.scalars(select(Evidence)).all()
        assert (kept.polarity, kept.quote, kept.message_channel) == (
            Polarity.NEGATIVE,
            quote["text"],
            SUPPORT,
        )
        assert kept.permalink.endswith("/archives/C0SUPPORT/p1700000001000200")


def test_a_message_drafts_a_new_touchpoint(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _timeline(channel)
    note = {
        "ts": "1700000002.000300",
        "user": BOB,
        "text": "Sales call: wants invoices by email\nBig account.",
    }

    view, view_id = _shortcut_modal(channel, note, user=BOB)
    draft = bot.driver.submit(view, view_id, {"mode": "new", "polarity": "positive"}, user=BOB).json()
    assert draft["response_action"] == "update"
    form = draft["view"]
    title = next(b for b in form["blocks"] if b.get("block_id") == "title")
    assert title["element"]["initial_value"] == "Sales call: wants invoices by email"

    answers = {
        "stage": option_value(form, "stage", "Purchase"),
        "channel": option_value(form, "channel", "Email"),
        "title": "Invoice by email",
    }
    assert bot.driver.submit(form, view_id, answers, user=BOB).body == ""
    [added] = _touchpoints(uow)
    with uow() as session:
        [kept] = session.scalars(select(Evidence)).all()
    assert (added.title, kept.touchpoint_id, kept.polarity, kept.added_by) == (
        "Invoice by email",
        added.id,
        Polarity.POSITIVE,
        BOB,
    )


def test_the_shortcut_offers_only_maps_the_person_can_see(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _timeline(channel)
    message = {"ts": "1700000003.000100", "user": "U0CUSTOMR", "text": "Where is my parcel?"}
    replies = len(fake_slack.responses)
    assert bot.driver.shortcut("tp_add_to_map", message, channel=SUPPORT, user=MALLORY).status == 200
    refusal = fake_slack.wait_for_response(replies + 1)[-1]
    assert refusal["text"].startswith("You take part in no touchpoint map yet")
    assert fake_slack.calls_to("views.open") == []


def test_the_touchpoint_menu_reads_right_to_left_in_a_persian_map(bot, fake_slack, uow):
    fake_slack.person(ALICE).locale = "fa-IR"  # the menu is directed as her modal, in her language
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map("سفر خرید --lang fa")
    channel.say_each(*("stage add آگاهی", "channel add وب‌سایت", "add آگاهی / وب / Checkout در ۳ مرحله"))
    message = {"ts": "1700000004.000100", "user": "U0CUSTOMR", "text": "خرابه"}
    view, view_id = _shortcut_modal(channel, message)
    [suggested] = bot.driver.suggest(view, view_id, "touchpoint", "").json()["options"]
    assert suggested["text"]["text"] == "\u200fCheckout در ۳ مرحله"
