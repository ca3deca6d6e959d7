"""No Slack call waits inside a transaction (issue 17): while Slack is slow to say whether someone is in a
channel, the change they asked for holds no lock, and another person's change commits meanwhile."""

import threading
import time

import pytest
from sqlalchemy import select

from storage.models import Map, Stage
from tests.support.fake_slack import ALICE, BOB, BOT_USER_ID, CAROL, WORKSHOP_CHANNEL
from tests.support.slack_driver import Reply

OTHER_CHANNEL = "C0OTHERMAP"
HELD_BACK = 5.0  # seconds Slack takes to answer conversations.members


def _stages(uow, channel: str) -> list[str]:
    with uow() as session:
        query = select(Stage.name).join(Map, Stage.map_id == Map.id).where(Map.channel_id == channel)
        return list(session.scalars(query))


def _new_map(bot, fake_slack, channel: str) -> None:
    posted = len(fake_slack.calls_to("chat.postMessage"))
    assert bot.driver.command("new Onboarding", user=ALICE, channel=channel).status == 200
    fake_slack.wait_for("chat.postMessage", posted + 1)


@pytest.mark.parametrize("same_map", [False, True], ids=["another map", "the same map"])
def test_a_change_commits_while_slack_is_slow_to_confirm_someone_elses_membership(
    bot, fake_slack, uow, same_map
):
    bob_channel = WORKSHOP_CHANNEL if same_map else OTHER_CHANNEL
    fake_slack.members[WORKSHOP_CHANNEL].discard(CAROL)  # she joins later
    fake_slack.members[OTHER_CHANNEL] = {ALICE, BOB, BOT_USER_ID}
    for channel in dict.fromkeys((WORKSHOP_CHANNEL, bob_channel)):
        _new_map(bot, fake_slack, channel)
        # Bob's first change there: the bot now knows the channel's members
        assert bot.driver.command(f"stage add Early {channel}", user=BOB, channel=channel).status == 200

    # Carol joins the workshop's channel: her first change asks Slack, which takes 5 s to answer.
    fake_slack.members[WORKSHOP_CHANNEL].add(CAROL)
    asked = len(fake_slack.calls_to("conversations.members"))
    fake_slack.stall("conversations.members", HELD_BACK)
    carols: list[Reply] = []
    carol = threading.Thread(
        target=lambda: carols.append(
            bot.driver.command("stage add Late", user=CAROL, channel=WORKSHOP_CHANNEL)
        )
    )
    carol.start()
    fake_slack.wait_for_stall()

    started = time.monotonic()
    assert bot.driver.command("stage add Meanwhile", user=BOB, channel=bob_channel).status == 200
    took = time.monotonic() - started
    assert "Meanwhile" in _stages(uow, bob_channel)
    # Bob's change is committed and acknowledged before Slack has answered about Carol.
    assert len(fake_slack.calls_to("conversations.members")) == asked
    assert "Late" not in _stages(uow, WORKSHOP_CHANNEL)

    carol.join(HELD_BACK + 10)
    assert [reply.status for reply in carols] == [200]
    assert "Late" in _stages(uow, WORKSHOP_CHANNEL)
    print(f"Bob's change took {took * 1000:.0f} ms while Slack held Carol's membership back {HELD_BACK} s")
