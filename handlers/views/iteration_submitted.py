"""The step-4 modals, submitted: an improvement, the revisit reminder."""

from slack_bolt import Ack, BoltContext

from bot.blocks.ids import Field
from bot.method.errors import UserError
from bot.method.vocabulary import ImprovementStatus
from bot.workshop.iteration import ImprovementDraft
from handlers.context import actor, modal_origin, workshop
from handlers.views import state
from handlers.views.submission import save_or_show_errors, save_then_refresh


def save_improvement(ack: Ack, view: dict, context: BoltContext) -> None:
    save_then_refresh(ack, view, lambda: _improvement(view, context), context)


def save_reminder(ack: Ack, view: dict, context: BoltContext) -> None:
    save_or_show_errors(ack, view, lambda: _reminder(view, context), context)


def _reminder(view: dict, context: BoltContext) -> None:
    map_id, channel = modal_origin(view)
    repeat = state.selected(view, Field.SCHEDULE)
    if not repeat:
        raise UserError("Choose one of the options.", field=Field.SCHEDULE)
    at, picker_zone = state.time_of_day(view, Field.AT)
    schedule = repeat if repeat == "off" or not at else f"{repeat} {at}"
    zone = state.text(view, Field.TIMEZONE) or picker_zone or ""
    workshop(context).iteration.set_reminder(actor(context, channel), map_id, schedule, zone)


def _improvement(view: dict, context: BoltContext) -> None:
    map_id, channel = modal_origin(view)
    draft = ImprovementDraft(
        touchpoint_id=state.selected_id(view, Field.TOUCHPOINT),
        action=state.text(view, Field.ACTION),
        owner_id=state.user(view, Field.OWNER),
        status=state.choice(view, Field.STATUS, ImprovementStatus),
    )
    workshop(context).iteration.add_improvement(actor(context, channel), map_id, draft, f"view:{view['id']}")
