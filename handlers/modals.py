"""Opening a modal in the language of the person who asked for it, from their first request.

A modal is read by the person who opened it, so its labels, hints and buttons are in their Slack locale;
the map's own words (its stages, channels, personas, the starter set's names) stay in the map's language,
and the builders take those apart. The trigger that opens a modal lasts 3 seconds, so the locale of
someone the bot has not met yet is waited for within `LOOKUP_SECONDS`; when Slack is slower the modal
opens in the map's language and is put in the person's with views.update as soon as Slack answers.
"""

from collections.abc import Callable
from logging import getLogger
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.gateway import LOOKUP_SECONDS
from bot.i18n import Translator, translator
from handlers.context import GATEWAY, team_of

Build = Callable[[Translator], dict[str, Any]]
LATE_SECONDS = 10.0  # how long an opened modal waits for a slow users.info to put it in the person's words

logger = getLogger(__name__)


def open_for_reader(
    context: BoltContext, client: WebClient, trigger_id: str, build: Build, *, map_language: str | None
) -> None:
    """Open the modal `build` words with a translator, in the language of the person asking."""
    slack, user = context.get(GATEWAY), context.user_id
    if slack is None or not user:
        client.views_open(trigger_id=trigger_id, view=build(translator(None)))
        return
    known = slack.person_within(team_of(context), user, LOOKUP_SECONDS)
    if known is not None:
        client.views_open(trigger_id=trigger_id, view=build(translator(known.locale)))
        return
    guess = translator(map_language)
    opened = client.views_open(trigger_id=trigger_id, view=build(guess))["view"]
    late = slack.person_within(team_of(context), user, LATE_SECONDS)
    if late is None or late.locale is None:  # Slack never said: the guess stays
        return
    t = translator(late.locale)
    if t.language == guess.language:
        return
    try:  # the hash makes Slack refuse it if the person has changed the modal since
        client.views_update(view_id=opened["id"], hash=opened.get("hash"), view=build(t))
    except SlackApiError as error:
        logger.info("kept %s's modal in the map's language: %s", user, error.response.get("error"))
