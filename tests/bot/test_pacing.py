"""The bot's own pacing of its Slack calls (bot/pacing.py): nothing waits until Slack has rate limited a
method; then its calls keep within the method's budget, per workspace, and chat.postMessage per channel."""

import pytest

from bot.pacing import Pacer

TEAM = "T0PACING1"


def test_a_method_slack_never_limited_goes_at_once():
    pacer = Pacer()
    assert [pacer.delay(TEAM, "chat.postMessage", "C1") for _ in range(10)] == [0.0] * 10


def test_after_a_429_messages_go_one_a_second_per_channel_after_a_short_burst():
    pacer = Pacer()
    pacer.limited("chat.postMessage")
    waits = [pacer.delay(TEAM, "chat.postMessage", "C1") for _ in range(5)]
    assert waits == pytest.approx([0.0, 0.0, 0.0, 1.0, 2.0], abs=0.05)
    assert pacer.delay(TEAM, "chat.postMessage", "C2") == 0.0  # another channel's second
    assert pacer.delay(TEAM, "users.info") == 0.0  # another method, not limited


def test_after_a_429_a_tier_4_method_keeps_to_100_a_minute_after_a_burst_of_40():
    pacer = Pacer()
    pacer.limited("users.info")
    waits = [pacer.delay(TEAM, "users.info") for _ in range(42)]
    assert waits[:40] == [0.0] * 40
    assert waits[40:] == pytest.approx([0.6, 1.2], abs=0.05)
    assert pacer.delay("T0ANOTHER", "users.info") == 0.0  # each workspace has its own budget


def test_a_modal_is_never_held_back_its_trigger_lives_3_seconds():
    pacer = Pacer()
    pacer.limited("views.open")
    assert [pacer.delay(TEAM, "views.open") for _ in range(60)] == [0.0] * 60
