"""The *Add to touchpoint map* modal, submitted: evidence on a touchpoint, or a new touchpoint's form."""

from slack_bolt import Ack, BoltContext

from bot.blocks.ids import Field
from bot.blocks.touchpoints import evidence_added_modal, touchpoint_modal
from bot.method.errors import UserError
from bot.method.vocabulary import Polarity
from handlers.context import actor, message_origin, modal_origin, reader_in_ack, untrusted_id, workshop
from handlers.views import state
from handlers.views.submission import save_or_show_errors


def save(ack: Ack, view: dict, context: BoltContext) -> None:
    save_or_show_errors(ack, view, lambda: _save(view, context), context)


def _save(view: dict, context: BoltContext) -> dict:
    map_id, channel = chosen_map(view)
    who, touchpoints = actor(context, channel), workshop(context).touchpoints
    message, polarity = message_origin(view), state.choice(view, Field.POLARITY, Polarity)
    if state.selected(view, Field.MODE) == "new":
        form = touchpoints.form(who, map_id)
        title = message.text.strip().splitlines()[0] if message.text.strip() else ""
        view = touchpoint_modal(
            reader_in_ack(context),
            form,
            title=title,
            description=message.text,
            evidence=(message, polarity),
        )
        return {"response_action": "update", "view": view}
    touchpoint_id = state.selected_id(view, Field.TOUCHPOINT)
    if touchpoint_id is None:
        raise UserError("Choose the touchpoint this message backs.", field=Field.TOUCHPOINT)
    backed = touchpoints.add_evidence(who, map_id, touchpoint_id, message, polarity, f"view:{view['id']}")
    return {
        "response_action": "update",
        "view": evidence_added_modal(reader_in_ack(context), backed, polarity),
    }


def chosen_map(view: dict) -> tuple[int, str]:
    """The map picked in the modal (when there was a choice), else the one its metadata names."""
    picked = state.selected(view, Field.MAP)
    if picked is None:
        return modal_origin(view)
    map_text, _, channel = picked.partition(":")
    return untrusted_id(map_text), channel
