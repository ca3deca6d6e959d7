"""What every modal submission shares: save in the ack, so errors show inline; refresh the board after."""

import logging
from collections.abc import Callable
from logging import Logger
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.i18n import translator
from bot.workshop.errors import UserError
from handlers.context import actor, modal_origin, reader, workshop
from handlers.errors import NOTHING_SAVED, localized

logger = logging.getLogger(__name__)


def save_or_show_errors(
    ack: Ack, view: dict, save: Callable[[], dict[str, Any] | None], context: BoltContext | None = None
) -> None:
    """Run `save`; ack with what it returns (e.g. a view to show next), or with the error on its field."""
    try:
        response = save()
    except Exception as error:
        if not isinstance(error, UserError):  # the database went away, a bug: nothing was saved
            logger.exception("Saving a modal failed")
            error = UserError(NOTHING_SAVED)
        fields = [block["block_id"] for block in view.get("blocks", []) if block.get("type") == "input"]
        field = error.field if error.field in fields else fields[0]
        # In the ack, so no users.info call: the person's language if known, else English.
        t = reader(context, cached_only=True) if context is not None else translator(None)
        ack(response_action="errors", errors={field: localized(error, t)})
        return
    ack(**(response or {}))


def refresh_board(view: dict, context: BoltContext, logger: Logger) -> None:
    """After the ack: bring the board of the modal's map up to date."""
    try:
        map_id, channel = modal_origin(view)
        workshop(context).flow.refresh_board(actor(context, channel).team_id, map_id)
    except Exception:
        logger.exception("Could not refresh the board after a modal")
