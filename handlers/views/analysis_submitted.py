"""The *Analyse* modal, submitted: notes, a feeling score and a vote, saved together."""

import json
from typing import Any

from slack_bolt import Ack, BoltContext

from bot.blocks.analysis import analysis_modal
from bot.blocks.ids import Field
from bot.i18n import translator
from bot.method.errors import UserError
from handlers.context import actor, modal_origin, reader_in_ack, untrusted_id, workshop
from handlers.views import state
from handlers.views.submission import save_or_show_errors, save_then_refresh


def save(ack: Ack, view: dict, context: BoltContext) -> None:
    save_then_refresh(ack, view, lambda: _save(view, context), context)


def _save(view: dict, context: BoltContext) -> dict[str, Any] | None:
    """Save the analysis; with *Then analyse the next touchpoint* ticked, answer with the next one's form
    in this modal's place."""
    map_id, channel = modal_origin(view)
    try:
        touchpoint_id = untrusted_id(json.loads(view["private_metadata"])["touchpoint"])
    except (KeyError, ValueError):
        raise UserError("That button or form is no longer valid.") from None
    score = state.selected(view, Field.SCORE)
    if score is not None and score not in {"-2", "-1", "0", "1", "2"}:
        raise UserError("Choose one of the options.", field=Field.SCORE)
    analysis, who = workshop(context).analysis, actor(context, channel)
    analysis.analyse(
        who,
        map_id,
        touchpoint_id,
        positive=state.text(view, Field.POSITIVE),
        negative=state.text(view, Field.NEGATIVE),
        score=None if score is None else int(score),
        vote="vote" in state.checked(view, Field.VOTE),
        request_key=f"view:{view['id']}:{touchpoint_id}",  # the modal's id stays along a chain
    )
    if "next" not in state.checked(view, Field.NEXT):
        return None
    following = analysis.next_form(who, map_id, touchpoint_id)
    if following is None:
        return None
    t = reader_in_ack(context, following.language)
    return {"response_action": "update", "view": analysis_modal(t, following)}


def open_found(ack: Ack, view: dict, context: BoltContext) -> None:
    """*Find a touchpoint*, submitted: the touchpoint's *Analyse* form in its place."""

    def _form() -> dict:
        map_id, channel = modal_origin(view)
        picked = state.selected(view, Field.TOUCHPOINT)
        form = workshop(context).analysis.form(actor(context, channel), map_id, untrusted_id(picked))
        return {"response_action": "update", "view": analysis_modal(translator(form.language), form)}

    save_or_show_errors(ack, view, _form, context)
