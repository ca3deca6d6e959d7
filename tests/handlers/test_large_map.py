"""A map at the largest size the workshop expects: every message and view the bot sends stays valid.

30 stages × 10 channels × 500 touchpoints, 50 personas, long Persian and Arabic names, notes at their
limit: the fake Slack refuses any block, message or view over Slack's limits, and the `fake_slack`
fixture fails the test if the bot sent one.
"""

import json

from sqlalchemy import select

from bot.workshop.analysis import LIST_PAGE
from storage.models import (
    Channel,
    Evidence,
    Map,
    Note,
    Persona,
    Phase,
    Polarity,
    Score,
    Stage,
    Touchpoint,
    Vote,
)
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB

STAGES, CHANNELS, TOUCHPOINTS, PERSONAS = 30, 10, 500, 50


def _fill(uow, map_id: int) -> tuple[int, int]:
    """Fill the map straight in the database (the tests of each step cover adding through Slack)."""
    with uow() as session:
        found = session.get(Map, map_id)
        team = found.team_id
        stages = [
            Stage(
                team_id=team,
                map_id=map_id,
                name=f"مرحله‌ی شماره {i:02d} " + "ا" * 40,
                position=i,
                phase=list(Phase)[i % 3],
                created_by=ALICE,
            )
            for i in range(1, STAGES + 1)
        ]
        channels = [
            Channel(
                team_id=team,
                map_id=map_id,
                name=f"قناة رقم {i:02d} " + "ب" * 45,
                position=i,
                created_by=ALICE,
            )
            for i in range(1, CHANNELS + 1)
        ]
        personas = [
            Persona(team_id=team, map_id=map_id, name=f"Persona {i:02d} " + "x" * 45, created_by=ALICE)
            for i in range(PERSONAS)
        ]
        session.add_all(stages + channels + personas)
        session.flush()
        touchpoints = [
            Touchpoint(
                team_id=team,
                map_id=map_id,
                stage_id=stages[i % STAGES].id,
                channel_id=channels[i % CHANNELS].id,
                title=f"نقطه تماس {i:03d} <@U0BOB0001> " + "ت" * 120,
                description="د" * 2000,
                need="ن" * 2000,
                owner_id=BOB,
                created_by=ALICE,
                personas=personas[:3],
            )
            for i in range(TOUCHPOINTS)
        ]
        session.add_all(touchpoints)
        session.flush()
        first = touchpoints[0]
        session.add_all(
            [
                Note(
                    team_id=team,
                    touchpoint_id=first.id,
                    author_id=ALICE,
                    polarity=list(Polarity)[i % 2],
                    text="ی" * 2000,
                )
                for i in range(30)
            ]
            + [
                Evidence(
                    team_id=team,
                    touchpoint_id=first.id,
                    polarity=Polarity.NEGATIVE,
                    message_channel="C0SUPPORT",
                    message_ts=f"1700000000.{i:06d}",
                    permalink=f"https://x.slack.com/archives/C0SUPPORT/p{i}",
                    quote="q",
                    added_by=ALICE,
                )
                for i in range(15)
            ]
            + [
                Score(team_id=team, touchpoint_id=t.id, user_id=ALICE, score=(t.id % 5) - 2)
                for t in touchpoints
            ]
            + [
                Vote(team_id=team, map_id=map_id, touchpoint_id=touchpoints[i].id, user_id=ALICE)
                for i in range(3)
            ]
        )
        return first.id, touchpoints[-1].id


def test_every_surface_stays_within_slacks_limits(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    map_id = channel.new_map("نقشه " + "ب" * 140)
    first, _ = _fill(uow, map_id)

    assert "500 touchpoints" in json.dumps(channel.say("status"), ensure_ascii=False)
    channel.go_to_step(2)
    view, _ = channel.open_modal("tp_add_touchpoint")
    [stage_menu] = [b["element"] for b in view["blocks"] if b.get("block_id") == "stage"]
    assert len(stage_menu["options"]) == STAGES
    message = {"ts": "1700000009.000100", "user": "U0CUSTOMR", "text": "ش" * 5000}
    bot.driver.shortcut("tp_add_to_map", message, channel="C0SUPPORT")
    call = fake_slack.opened_form(1)
    suggested = bot.driver.suggest(call.json("view"), call.answer["view"]["id"], "touchpoint", "")
    assert len(suggested.json()["options"]) == 100

    channel.go_to_step(3)
    posted = len(fake_slack.calls_to("chat.postMessage"))
    channel.click("tp_show_analysis")
    listing = fake_slack.wait_for("chat.postMessage", posted + 2)[posted + 1 :]  # the first page
    buttons = [
        b for b in listing[0].json("blocks") if b.get("accessory", {}).get("action_id") == "tp_analyse"
    ]
    assert len(buttons) == LIST_PAGE and listing[0].json("blocks")[-1]["block_id"] == "more"
    [block] = [
        b for b in listing[0].json("blocks") if b.get("accessory", {}).get("value") == f"{map_id}:{first}"
    ]
    opened = len(fake_slack.calls_to("views.open"))
    bot.driver.click([block], "tp_analyse")
    fake_slack.opened_form(opened)

    posted = len(fake_slack.calls_to("chat.postMessage"))
    channel.click("tp_post_summary")
    fake_slack.wait_for("chat.postMessage", posted + 2)

    with uow() as session:
        assert session.scalar(select(Map.step).where(Map.id == map_id)) == 3
    assert not fake_slack.rejected
