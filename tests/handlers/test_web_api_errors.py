"""Every Web API error the bot can get, injected where it bites: after a change is committed, the board's
update (chat.update) is answered with each error. The person is told, in their own language, what they
can do (invite the bot, the archived channel, the missing permission) or that the change is saved but not
shown yet; the change stays stored, once, even when Slack sends the command again. And the same errors
on a new map's first board: the map is removed again, and the person told why."""

import pytest
from sqlalchemy import select

from bot.gateway import MISSING_SCOPE
from bot.i18n import translator
from bot.method.errors import UserError
from bot.workshop.service import SAVED_NOT_SHOWN
from handlers.errors import NOTHING_SAVED, localized
from storage.models import Map, Stage
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, Failure

INVITE = "I'm not in this channel yet: invite me with `/invite @Touchpoint`, then try again."
CANT_SEE = "I can't see this channel: invite me with `/invite @Touchpoint`, then try again."
ARCHIVED = "This channel is archived, so I can't post in it."

# Each error Slack may answer, how it answers it, and what the person is told.
ERRORS = {
    "not_in_channel": (Failure(error="not_in_channel"), UserError(INVITE)),
    "channel_not_found": (Failure(error="channel_not_found"), UserError(CANT_SEE)),
    "is_archived": (Failure(error="is_archived"), UserError(ARCHIVED)),
    "token_revoked": (Failure(error="token_revoked"), UserError(SAVED_NOT_SHOWN)),
    "account_inactive": (Failure(error="account_inactive"), UserError(SAVED_NOT_SHOWN)),
    "invalid_auth": (Failure(error="invalid_auth"), UserError(SAVED_NOT_SHOWN)),
    "missing_scope": (
        Failure(error="missing_scope", extra={"needed": "chat:write.public", "provided": "chat:write"}),
        UserError(MISSING_SCOPE, scope="chat:write.public"),
    ),
    # A rate limit longer than the bot waits for (RETRY_AFTER_MAX) fails the call at once.
    "ratelimited": (
        Failure(status=429, error="ratelimited", headers={"Retry-After": "120"}),
        UserError(SAVED_NOT_SHOWN),
    ),
    "restricted_action": (Failure(error="restricted_action"), UserError(SAVED_NOT_SHOWN)),
    "msg_too_long": (Failure(error="msg_too_long"), UserError(SAVED_NOT_SHOWN)),
    "invalid_blocks": (Failure(error="invalid_blocks"), UserError(SAVED_NOT_SHOWN)),
}


def _stages(uow) -> list[str]:
    with uow() as session:
        return list(session.scalars(select(Stage.name)))


@pytest.mark.parametrize("locale", ["en-US", "fa-IR", "ar-SA"])
@pytest.mark.parametrize("code", list(ERRORS))
def test_each_web_api_error_after_a_saved_change_is_said_in_the_persons_language_and_the_change_kept(
    bot, fake_slack, uow, code, locale
):
    failure, told = ERRORS[code]
    fake_slack.person(ALICE).locale = locale
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map()  # the bot now knows Alice's language
    fake_slack.fail("chat.update", failure)
    replies = len(fake_slack.responses)
    command = bot.driver.command_body("stage add Awareness")

    assert bot.driver.form(command).status == 200

    t = translator(locale)
    said = fake_slack.wait_for_response(replies + 1)[-1]
    assert said["response_type"] == "ephemeral"
    assert said["text"] == localized(told, t)
    if locale != "en-US":
        assert t(told.message) != told.message  # really said in their language
    assert [c.error for c in fake_slack.calls_to("chat.update")][-1] == failure.error
    assert _stages(uow) == ["Awareness"]  # committed before the ack, and kept

    assert bot.driver.form(command).status == 200  # Slack sends the same command again
    assert _stages(uow) == ["Awareness"]  # applied once


def _nothing_saved(told: UserError) -> UserError:
    """What a person hears when a new map's board can't be posted: the map is removed again, so a
    "saved" would be wrong; what they can fix is said as it is."""
    return UserError(NOTHING_SAVED) if told.message == SAVED_NOT_SHOWN else told


@pytest.mark.parametrize("locale", ["fa-IR", "ar-SA"])
@pytest.mark.parametrize("code", list(ERRORS))
def test_each_web_api_error_on_a_new_maps_board_leaves_no_map_and_says_why(
    bot, fake_slack, uow, code, locale
):
    failure, told = ERRORS[code]
    fake_slack.person(ALICE).locale = locale
    fake_slack.fail("chat.postMessage", failure)

    assert bot.driver.command("new Checkout journey").status == 200

    said = fake_slack.wait_for_response()[-1]
    assert said["text"] == localized(_nothing_saved(told), translator(locale))
    assert [c.error for c in fake_slack.calls_to("chat.postMessage")] == [failure.error]
    with uow() as session:
        assert session.scalars(select(Map.id)).all() == []  # nothing half-made stays
