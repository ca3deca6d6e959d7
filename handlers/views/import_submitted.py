"""The import modal, submitted: pasted text read and previewed in the ack; a file read after it (the
download and the parse may take longer than the ack's 3 seconds), the form showing "reading your file…"
until the preview or the problem replaces it; the preview, confirmed: applied."""

import json
import time
from logging import Logger

from slack_bolt import Ack, BoltContext

from bot.blocks.exports import import_modal, import_preview, import_reading, imported_message
from bot.blocks.ids import Field
from bot.i18n import N_, translator
from bot.method.errors import SlackRefused, UserError
from handlers.context import actor, gateway, modal_origin, reader_in_ack, team_of, untrusted_id, workshop
from handlers.errors import as_user_error, localized, tell_in_channel, telling_in_channel
from handlers.views import state
from handlers.views.submission import save_or_show_errors

# How long the result waits for Slack to show the "reading your file…" view (the ack and the work after
# it race), before taking the form for closed.
SHOWN_WAIT, SHOWN_TRIES = 0.25, 12
FORM_CLOSED = N_("The import form was closed before I finished reading your file, so nothing was imported.")


def preview(ack: Ack, view: dict, context: BoltContext) -> None:
    """Pasted text is read at once, so a problem shows on the form, naming line and column; a file is
    read after the ack (`read_file`), the form saying so meanwhile."""

    def _preview() -> dict:
        map_id, channel = modal_origin(view)
        imports, who = workshop(context).imports, actor(context, channel)
        if state.file_id(view, Field.FILE):
            origin = imports.form(who, map_id)
            reading = import_reading(reader_in_ack(context), origin, _reading_id(view))
            return {"response_action": "update", "view": reading}
        found = imports.preview(who, map_id, None, state.text(view, Field.PASTED))
        return {"response_action": "update", "view": import_preview(reader_in_ack(context), found)}

    save_or_show_errors(ack, view, _preview, context)


def read_file(view: dict, context: BoltContext, logger: Logger) -> None:
    """After the ack: download and read the file, then show the preview, or the form again with what is
    wrong with the file; if the form was closed meanwhile, the person hears of it in a DM."""
    file_id = state.file_id(view, Field.FILE)
    if not file_id:
        return  # pasted text: read in the ack
    try:
        map_id, channel = modal_origin(view)
        imports, who = workshop(context).imports, actor(context, channel)
        origin = imports.form(who, map_id)
    except UserError:
        return  # the ack refused the form, saying why on it
    try:
        found = imports.preview(who, map_id, file_id, "")
        shown, problem = import_preview(translator(found.origin.language), found), None
    except Exception as error:
        problem = as_user_error(error, logger, "Reading an import")
        t = translator(origin.language)
        shown = import_modal(t, origin, problem=localized(problem, t))
    if not _show(context, _reading_id(view), shown, logger):
        tell_in_channel(context, channel, problem or UserError(FORM_CLOSED))


def _reading_id(view: dict) -> str:
    """The external id of the "reading your file…" view that replaces the submitted `view` (the same in
    the ack and after it; a new submission has a new hash)."""
    return f"tp-import-{view['id']}-{view.get('hash', '')}"[:255]


def _show(context: BoltContext, external_id: str, shown: dict, logger: Logger) -> bool:
    """Put `shown` in place of the "reading your file…" view, once Slack shows it; False when it never
    does (the person closed the form)."""
    for _ in range(SHOWN_TRIES):
        try:
            gateway(context).update_view(team_of(context), external_id, shown)
            return True
        except SlackRefused as refused:
            if refused.code != "not_found":
                logger.warning("could not show the import's result: %s", refused.code)
                return False
        time.sleep(SHOWN_WAIT)
    return False


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
