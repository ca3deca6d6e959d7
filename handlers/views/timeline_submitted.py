"""The step-1 modals, submitted."""

import json

from slack_bolt import Ack, BoltContext

from bot.blocks.ids import Field, View
from bot.method.vocabulary import Lane, Phase
from handlers.commands.grammar import position
from handlers.context import actor, modal_origin, untrusted_choice, untrusted_id, workshop
from handlers.views import state
from handlers.views.submission import save_then_refresh


def save(ack: Ack, view: dict, context: BoltContext) -> None:
    save_then_refresh(ack, view, lambda: _save(view, context), context)


def _save(view: dict, context: BoltContext) -> None:
    map_id, channel = modal_origin(view)
    who, timeline, key = actor(context, channel), workshop(context).timeline, f"view:{view['id']}"
    typed_position = state.text(view, Field.POSITION)
    at = position(typed_position) if typed_position.strip() else None
    match view["callback_id"]:
        case View.ADD_STAGE:
            phase = state.choice(view, Field.PHASE, Phase)
            timeline.add(
                who,
                map_id,
                Lane.STAGE,
                state.text(view, Field.NAME),
                phase=phase,
                position=at,
                request_key=key,
            )
        case View.ADD_CHANNEL:
            timeline.add(
                who, map_id, Lane.CHANNEL, state.text(view, Field.NAME), position=at, request_key=key
            )
        case View.RENAME:
            meta = json.loads(view["private_metadata"])
            lane, item = untrusted_choice(str(meta.get("lane")), Lane), untrusted_id(meta.get("item"))
            timeline.rename(who, lane, item, state.text(view, Field.NAME), map_id=map_id)
        case View.STARTER_SET:
            stages, channels = state.checked(view, Field.STAGES), state.checked(view, Field.CHANNELS)
            timeline.add_starter_set(who, map_id, stages, channels, key)
