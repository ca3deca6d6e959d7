"""The import modal, submitted: the CSV read and previewed in the ack; the preview, confirmed: applied."""

import json
from logging import Logger

from slack_bolt import Ack, BoltContext

from bot.blocks.exports import import_preview, imported_message
from bot.blocks.ids import Field
from bot.i18n import translator
from bot.method.errors import UserError
from handlers.context import actor, gateway, modal_origin, reader_in_ack, untrusted_id, workshop
from handlers.errors import telling_in_channel
from handlers.views import state
from handlers.views.submission import save_or_show_errors


def preview(ack: Ack, view: dict, context: BoltContext) -> None:
    """Read the file (or the pasted text) at once, so a problem shows on the form, naming line and column."""

    def _preview() -> dict:
        map_id, channel = modal_origin(view)
        found = workshop(context).imports.preview(
            actor(context, channel), map_id, state.file_id(view, Field.FILE), state.text(view, Field.PASTED)
        )
        return {"response_action": "update", "view": import_preview(reader_in_ack(context), found)}

    save_or_show_errors(ack, view, _preview, context)


def acknowledge(ack: Ack) -> None:
    ack()


def apply(view: dict, context: BoltContext, logger: Logger) -> None:
    """After the ack: add the previewed touchpoints, say so in the channel, refresh the board."""
    map_id, channel = modal_origin(view)
    with telling_in_channel(context, channel, logger):
        core, who = workshop(context), actor(context, channel)
        imported = core.imports.apply(who, map_id, _draft(view))
        if imported is None:
            return
        gateway(context).post(
            who.team_id,
            channel,
            imported_message(translator(imported.origin.language), imported, who.user_id),
        )
        core.imports.refresh_board(who.team_id, map_id)


def _draft(view: dict) -> int:
    try:
        return untrusted_id(json.loads(view.get("private_metadata") or "{}")["draft"])
    except (ValueError, KeyError, TypeError):
        raise UserError("That button or form is no longer valid.") from None
