"""*Next step* and *Back* on the board: facilitators move the map."""

from logging import Logger

from slack_bolt import Ack, BoltContext, Respond

from bot.blocks.ids import Action
from handlers.context import actor, untrusted_id, workshop
from handlers.errors import replying_on_failure
from handlers.saving import save_before_ack, saved


def acknowledge(ack: Ack, body: dict, context: BoltContext) -> None:
    action = body["actions"][0]

    def save() -> object:
        map_text, _, step_text = action["value"].partition(":")
        who = actor(context)
        delta = +1 if action["action_id"] == Action.NEXT_STEP else -1
        key = f"action:{action['action_ts']}:{who.user_id}"
        return workshop(context).flow.change_step(
            who, untrusted_id(map_text), delta, key, from_step=untrusted_id(step_text)
        )

    save_before_ack(context, save)
    ack()


def change_step(context: BoltContext, respond: Respond, logger: Logger) -> None:
    with replying_on_failure(respond, logger, context):
        map_id, announcement = saved(context)
        flow = workshop(context).flow
        flow.announce(actor(context).team_id, map_id, announcement)
