"""What every modal submission shares: save in the ack, so errors show inline; refresh the board after."""

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.i18n import translator
from handlers.context import actor, modal_origin, reader_in_ack, workshop
from handlers.errors import as_user_error, localized, tell_in_channel
from handlers.views import state

logger = logging.getLogger(__name__)


def save_or_show_errors(
    ack: Ack, view: dict, save: Callable[[], dict[str, Any] | None], context: BoltContext | None = None
) -> bool:
    """Run `save`; ack with what it returns (e.g. a view to show next), or with the error on its field.
    Whether it saved."""
    try:
        response = save()
    except Exception as error:
        error = as_user_error(error, logger, "Saving a modal")
        fields = [block["block_id"] for block in view.get("blocks", []) if block.get("type") == "input"]
        field = (state.block_of(view, error.field) if error.field is not None else None) or fields[0]
        t = reader_in_ack(context) if context is not None else translator(None)
        ack(response_action="errors", errors={field: localized(error, t)})
        return False
    ack(**(response or {}))
    return True


def save_then_refresh(
    ack: Ack, view: dict, save: Callable[[], dict[str, Any] | None], context: BoltContext
) -> None:
    """For a modal that changes its map: save in the ack, errors inline; once saved, the board is
    brought up to date in the background (no lazy listener: nothing else to do after the ack), and the
    person told in the channel if it can't be."""
    if save_or_show_errors(ack, view, save, context):
        map_id, channel = modal_origin(view)
        workshop(context).flow.refresh_board_soon(
            actor(context, channel).team_id, map_id, failed=partial(tell_in_channel, context, channel)
        )
