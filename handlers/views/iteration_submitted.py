"""The step-4 modals, submitted: an improvement, the revisit reminder."""

from slack_bolt import Ack, BoltContext

from bot.blocks.ids import Field, View
from bot.workshop.iteration import ImprovementDraft
from handlers.context import actor, modal_origin, workshop
from handlers.views import state
from handlers.views.submission import save_or_show_errors
from storage.models import ImprovementStatus


def save(ack: Ack, view: dict, context: BoltContext) -> None:
    save_or_show_errors(ack, view, lambda: _save(view, context), context)


def _save(view: dict, context: BoltContext) -> None:
    map_id, channel = modal_origin(view)
    who, iteration = actor(context, channel), workshop(context).iteration
    if view["callback_id"] == View.SET_REMINDER:
        iteration.set_reminder(
            who, map_id, state.text(view, Field.SCHEDULE), state.text(view, Field.TIMEZONE)
        )
        return
    draft = ImprovementDraft(
        touchpoint_id=state.selected_id(view, Field.TOUCHPOINT),
        action=state.text(view, Field.ACTION),
        owner_id=state.user(view, Field.OWNER),
        status=state.choice(view, Field.STATUS, ImprovementStatus),
    )
    iteration.add_improvement(who, map_id, draft, f"view:{view['id']}")
