"""The Home tab over signed HTTP: opening it publishes the maps a person takes part in, and nothing else."""

import time

from sqlalchemy import select

from bot.playground.workspace import Person
from storage.models import Map
from storage.repositories import Maps
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB, BOT_USER_ID, CAROL, MALLORY, TEAM_ID, WORKSHOP_CHANNEL
from tests.support.rows import add_touchpoint

OTHER_TEAM, OLGA = "T0OTHER01", "U0OLGA001"
SECRET = "C0SECRET1"  # a private channel: Bob and Mallory are in it, Alice and Carol aren't


def _start(bot, fake_slack, uow, title: str, user: str, channel: str, team: str = TEAM_ID) -> int:
    """`/touchpoint new <title>` typed by `user` in `channel`; returns the map's id once its board is up."""
    posted = len(fake_slack.calls_to("chat.postMessage"))
    assert bot.driver.command(f"new {title}", user=user, channel=channel, team=team).status == 200
    fake_slack.wait_for("chat.postMessage", posted + 1)
    with uow() as session:
        return session.scalar(select(Map.id).where(Map.team_id == team, Map.title == title))


def _touchpoint(uow, map_id: int, owner: str | None, **done_by: str) -> None:
    with uow() as session:
        add_touchpoint(session, session.get(Map, map_id), owner=owner, **done_by)


def _opened(user: str, tab: str = "home") -> dict:
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": "D0HOME001",
        "tab": tab,
        "event_ts": f"{time.time():.6f}",
    }


def _home(bot, fake_slack, user: str, team: str = TEAM_ID, **delivery) -> dict:
    """Open `user`'s Home tab and return the view the bot published for them."""
    published = len(fake_slack.calls_to("views.publish"))
    assert bot.driver.event(_opened(user), team=team, **delivery).status == 200
    call = fake_slack.wait_for("views.publish", published + 1)[-1]
    assert call.args["user_id"] == user
    return call.json("view")


def _maps(view: dict) -> list[str]:
    """The map sections of a published Home view, in any order."""
    return sorted(
        b["text"]["text"] for b in view["blocks"] if b["type"] == "section" and "<#" in b["text"]["text"]
    )


def _members_calls(fake_slack, channel: str) -> int:
    return len([c for c in fake_slack.calls_to("conversations.members") if c.args["channel"] == channel])


def test_home_lists_the_maps_each_member_takes_part_in_and_what_waits_on_them(bot, fake_slack, uow):
    fake_slack.members[SECRET] = {BOB, MALLORY, BOT_USER_ID}
    channel = Channelful(bot, fake_slack, uow)
    checkout = channel.new_map("Checkout journey")
    channel.say("stage add Awareness", user=BOB)
    _start(bot, fake_slack, uow, "Onboarding", BOB, WORKSHOP_CHANNEL)
    pricing = _start(bot, fake_slack, uow, "Pricing <secret> & co", BOB, SECRET)
    renewals = _start(bot, fake_slack, uow, "Renewals", BOB, SECRET)
    _touchpoint(uow, checkout, CAROL)
    _touchpoint(uow, checkout, CAROL, noted_by=ALICE)
    _touchpoint(uow, checkout, CAROL, scored_by=BOB)
    _touchpoint(uow, checkout, BOB)
    _touchpoint(uow, pricing, CAROL, voted_by=ALICE)
    _touchpoint(uow, renewals, None, noted_by=CAROL)

    assert _maps(_home(bot, fake_slack, ALICE)) == [
        "*Checkout journey* · <#C0WORKSHOP>\nStep 1 of 4: Timeline\nYou facilitate this map."
    ]
    assert _maps(_home(bot, fake_slack, BOB)) == [
        "*Checkout journey* · <#C0WORKSHOP>\nStep 1 of 4: Timeline\n⏳ 1 touchpoint you own awaits analysis",
        "*Onboarding* · <#C0WORKSHOP>\nStep 1 of 4: Timeline\nYou facilitate this map.",
        "*Pricing &lt;secret&gt; &amp; co* · <#C0SECRET1>\nStep 1 of 4: Timeline\nYou facilitate this map.",
        "*Renewals* · <#C0SECRET1>\nStep 1 of 4: Timeline\nYou facilitate this map.",
    ]

    asked = _members_calls(fake_slack, SECRET)
    carol = _home(bot, fake_slack, CAROL)
    assert _maps(carol) == [
        "*Checkout journey* · <#C0WORKSHOP>\nStep 1 of 4: Timeline\n⏳ 1 touchpoint you own awaits analysis"
    ]
    assert carol["blocks"][1]["elements"][0]["text"] == "You take part in 1 touchpoint map."
    assert _members_calls(fake_slack, SECRET) == asked + 1  # one check for the channel's two maps

    welcome = _home(bot, fake_slack, MALLORY)
    assert _maps(welcome) == []
    assert "`/touchpoint new &lt;title&gt;`" in welcome["blocks"][1]["text"]["text"]


def test_maps_of_another_team_never_show(bot, fake_slack, uow):
    Channelful(bot, fake_slack, uow).new_map("Checkout journey")
    with fake_slack.lock:  # Olga, of the other workspace (users.info says so), in its channel of that id
        fake_slack.workspace.people[OLGA] = Person(OLGA, OTHER_TEAM, "Olga")
        fake_slack.members[WORKSHOP_CHANNEL].add(OLGA)
    _start(bot, fake_slack, uow, "Their journey", OLGA, WORKSHOP_CHANNEL, team=OTHER_TEAM)

    assert _maps(_home(bot, fake_slack, ALICE)) == [
        "*Checkout journey* · <#C0WORKSHOP>\nStep 1 of 4: Timeline\nYou facilitate this map."
    ]
    assert _maps(_home(bot, fake_slack, OLGA, team=OTHER_TEAM)) == [
        "*Their journey* · <#C0WORKSHOP>\nStep 1 of 4: Timeline\nYou facilitate this map."
    ]
    assert _maps(_home(bot, fake_slack, BOB, team=OTHER_TEAM)) == []
    assert _maps(_home(bot, fake_slack, OLGA)) == []


def test_a_retried_delivery_publishes_again_and_other_tabs_publish_nothing(bot, fake_slack, uow):
    Channelful(bot, fake_slack, uow).new_map("Checkout journey")
    assert bot.driver.event(_opened(ALICE, tab="messages")).status == 200

    first = _home(bot, fake_slack, ALICE, event_id="Ev0HOME0001")
    retried = _home(bot, fake_slack, ALICE, event_id="Ev0HOME0001", retry_num=1, retry_reason="http_timeout")
    assert retried == first
    assert len(fake_slack.calls_to("views.publish")) == 2


def test_many_maps_fit_within_slacks_limits(bot, fake_slack, uow):
    with uow() as session:
        maps = Maps(session, TEAM_ID)
        for number in range(45):
            maps.add(channel_id=WORKSHOP_CHANNEL, title=f"Journey {number}", language="en", created_by=ALICE)

    view = _home(bot, fake_slack, ALICE)  # the fake Slack refuses a view over its limits
    assert len(_maps(view)) == 30
    assert view["blocks"][-1]["elements"][0]["text"] == "and 15 more"
    assert view["blocks"][1]["elements"][0]["text"] == "You take part in 45 touchpoint maps."


def test_each_map_on_home_opens_its_channel_and_its_next_form_for_members_only(bot, fake_slack, uow):
    fake_slack.members[SECRET] = {BOB, MALLORY, BOT_USER_ID}
    Channelful(bot, fake_slack, uow).new_map("Checkout journey")
    secret = _start(bot, fake_slack, uow, "Pricing", BOB, SECRET)
    view = _home(bot, fake_slack, ALICE)
    [row] = [b for b in view["blocks"] if b["type"] == "actions"]
    add_stage, open_channel = row["elements"]
    assert (add_stage["action_id"], add_stage["style"]) == ("tp_add_stage", "primary")
    assert open_channel["url"] == f"slack://channel?team={TEAM_ID}&id={WORKSHOP_CHANNEL}"

    # The link is acknowledged (Slack's client opens the channel); the form opens from the Home tab.
    assert bot.driver.click_in_view(view, "V0HOME0001", "tp_open_channel").status == 200
    opened = len(fake_slack.calls_to("views.open"))
    assert bot.driver.click_in_view(view, "V0HOME0001", "tp_add_stage").status == 200
    modal = fake_slack.opened_form(opened).json("view")
    assert modal["callback_id"] == "tp_add_stage_modal"
    assert '"channel": "C0WORKSHOP"' in modal["private_metadata"]

    # A button forged for a map in a channel Alice isn't in opens nothing.
    forged = {**view, "blocks": [{**row, "elements": [{**add_stage, "value": str(secret)}]}]}
    assert bot.driver.click_in_view(forged, "V0HOME0001", "tp_add_stage").status == 200
    time.sleep(0.3)  # the lazy listener has run (or would have opened a modal by now)
    assert len(fake_slack.calls_to("views.open")) == opened + 1
