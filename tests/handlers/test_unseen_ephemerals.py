"""What the person never sees: Slack delivers `chat.postEphemeral` only to a person active in the channel
(and answers ok all the same), so a failure after a modal also reaches them in a direct message."""

from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB, WORKSHOP_CHANNEL, Failure


def _dm_to(fake_slack, user: str, count: int = 1) -> str:
    """The text of the last message the bot posted in its DM with `user`."""
    [opened, *_] = fake_slack.wait_for("conversations.open", 1, where=lambda c: c.args["users"] == user)
    dm = opened.answer["channel"]["id"]
    return fake_slack.wait_for("chat.postMessage", count, where=lambda c: c.args["channel"] == dm)[-1].args[
        "text"
    ]


def test_an_ephemeral_to_a_person_not_active_in_the_channel_is_answered_ok_and_never_seen(
    bot, fake_slack, uow
):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    fake_slack.inactive.add((WORKSHOP_CHANNEL, ALICE))
    view, view_id = channel.open_modal("tp_add_channel")
    fake_slack.fail("chat.update", Failure(status=500, error="internal_error", times=3))

    assert channel.driver.submit(view, view_id, {"name": "Email"}).status == 200
    told = fake_slack.wait_for("chat.postEphemeral")[-1]
    assert told.error is None  # Slack said ok…
    conversation = fake_slack.workspace.conversations[WORKSHOP_CHANNEL]
    assert told.answer["message_ts"] not in [m.ts for m in conversation.messages]  # …and showed nothing
    assert [m.only_for for m in fake_slack.undelivered] == [ALICE]
    assert _dm_to(fake_slack, ALICE) == (
        f"In <#{WORKSHOP_CHANNEL}>: Saved, but I couldn't update the channel just now: "
        "it will catch up with the next change."
    )


def test_an_export_that_fails_after_its_modal_reaches_the_person_in_a_dm_in_their_language(
    bot, fake_slack, uow
):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    fake_slack.workspace.people[BOB].locale = "fa-IR"
    fake_slack.inactive.add((WORKSHOP_CHANNEL, BOB))
    fake_slack.fail("files.completeUploadExternal", Failure(error="not_in_channel"))
    view, view_id = channel.open_modal("tp_export", user=BOB)
    channel.driver.submit(view, view_id, {"format": "json", "destination": "channel"}, user=BOB)

    text = _dm_to(fake_slack, BOB)
    assert f"<#{WORKSHOP_CHANNEL}>" in text and "/invite @Touchpoint" in text
    assert text.startswith("\u200fدر ")  # Persian, read right to left


def test_a_person_removed_from_the_channel_still_hears_of_the_failure(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()
    view, view_id = channel.open_modal("tp_add_channel")
    fake_slack.fail("chat.update", Failure(status=500, error="internal_error", times=3))
    fake_slack.fail("chat.postEphemeral", Failure(error="user_not_in_channel"))

    assert channel.driver.submit(view, view_id, {"name": "Email"}).status == 200
    assert "Saved, but I couldn't update the channel" in _dm_to(fake_slack, ALICE)
