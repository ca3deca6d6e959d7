"""*Remove* on the confirmation for a stage or channel that holds touchpoints."""

from logging import Logger

from slack_bolt import Ack, BoltContext, Respond

from bot.blocks.kit import directed
from bot.blocks.mrkdwn import escape
from bot.method.vocabulary import Lane
from handlers.context import actor, reader, untrusted_choice, untrusted_id, value_parts, workshop
from handlers.errors import replying_on_failure
from handlers.saving import save_before_ack, saved


def acknowledge(ack: Ack, body: dict, context: BoltContext) -> None:
    map_text, lane_text, item = value_parts(body["actions"][0]["value"], 3)
    save_before_ack(
        context,
        lambda: workshop(context).timeline.remove(
            actor(context),
            untrusted_choice(lane_text, Lane),
            untrusted_id(item),
            confirmed=True,
            map_id=untrusted_id(map_text),
        ),
    )
    ack()


def remove(context: BoltContext, respond: Respond, logger: Logger) -> None:
    with replying_on_failure(respond, logger, context):
        removal = saved(context)
        t = reader(context)
        respond(replace_original=True, text=directed(t("Removed “{name}”.", name=escape(removal.name)), t))
        workshop(context).timeline.refresh_board(actor(context).team_id, removal.map_id)
