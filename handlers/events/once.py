"""Slack delivers an Events API event again when the bot's ack was slow or failed: the same `event_id`,
with an X-Slack-Retry-Num header. A listener that writes claims `event:<event_id>` (`event_key`) in its
write's transaction, so the event applies once whatever the instance; a redelivery of an event already
applied is acked here and goes no further."""

import logging
from collections.abc import Callable

from slack_bolt import BoltContext, BoltRequest, BoltResponse

from handlers.context import team_of, workshop

logger = logging.getLogger(__name__)
EVENT_KEY = "event_key"
RETRY_HEADER = "x-slack-retry-num"


def event_key(context: BoltContext) -> str | None:
    """The request key of the event being handled: `event:<event_id>`."""
    return context.get(EVENT_KEY)


def once_per_event(
    body: dict, request: BoltRequest, context: BoltContext, next: Callable[[], None]
) -> BoltResponse | None:
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if not isinstance(event_id, str) or not event_id:
        next()
        return None
    key = context[EVENT_KEY] = f"event:{event_id}"
    team_id = team_of(context)
    if request.headers.get(RETRY_HEADER) and team_id and workshop(context).lifecycle.applied(team_id, key):
        logger.info(
            "event %s was delivered again (retry %s): applied already",
            event_id,
            request.headers[RETRY_HEADER][0],
        )
        return BoltResponse(status=200, body="")
    next()
    return None
