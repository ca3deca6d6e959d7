"""The step-2 modals, submitted: a touchpoint (maybe drafted from a message), a persona."""

import json

from slack_bolt import Ack, BoltContext

from bot.blocks.ids import Field, View
from bot.method.errors import UserError
from bot.method.vocabulary import Polarity
from bot.workshop.touchpoints import Draft, MessageRef
from handlers.context import actor, message_origin, modal_origin, workshop
from handlers.views import state
from handlers.views.submission import save_then_refresh


def save(ack: Ack, view: dict, context: BoltContext) -> None:
    save_then_refresh(ack, view, lambda: _save(view, context), context)


def _save(view: dict, context: BoltContext) -> None:
    map_id, channel = modal_origin(view)
    who, touchpoints, key = actor(context, channel), workshop(context).touchpoints, f"view:{view['id']}"
    if view["callback_id"] == View.ADD_PERSONA:
        touchpoints.add_persona(
            who, map_id, state.text(view, Field.NAME), state.text(view, Field.DESCRIPTION), key
        )
        return
    draft = Draft(
        stage_id=state.selected_id(view, Field.STAGE),
        channel_id=state.selected_id(view, Field.CHANNEL),
        title=state.text(view, Field.TITLE),
        description=state.text(view, Field.DESCRIPTION),
        need=state.text(view, Field.NEED),
        owner_id=state.user(view, Field.OWNER),
        persona_ids=state.checked_ids(view, Field.PERSONAS),
    )
    touchpoints.add(who, map_id, draft, key, _evidence(view))


def _evidence(view: dict) -> tuple[MessageRef, Polarity] | None:
    """The message a draft came from, to keep as evidence, with which way it speaks."""
    meta = json.loads(view.get("private_metadata") or "{}")
    if "message" not in meta:
        return None
    try:
        return message_origin(view), Polarity(meta.get("polarity"))
    except ValueError:
        raise UserError("That button or form is no longer valid.") from None
