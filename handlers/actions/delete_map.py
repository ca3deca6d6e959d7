"""*Delete the map* on the confirmation `/touchpoint delete` showed a facilitator."""

from logging import Logger

from slack_bolt import Ack, BoltContext, Respond

from bot.blocks.kit import directed
from bot.blocks.mrkdwn import escape
from handlers.context import actor, reader, untrusted_id, workshop
from handlers.errors import replying_on_failure
from handlers.saving import save_before_ack, saved


def acknowledge(ack: Ack, body: dict, context: BoltContext) -> None:
    action = body["actions"][0]

    def save() -> object:
        who = actor(context)
        key = f"action:{action['action_ts']}:{who.user_id}"
        return workshop(context).maps.delete(who, untrusted_id(action.get("value")), key)

    save_before_ack(context, save)
    ack()


def delete(context: BoltContext, respond: Respond, logger: Logger) -> None:
    """After the ack: tell the facilitator, and say in the channel, where the board was, who deleted it.
    A retry or a second click deleted nothing more, and says nothing more."""
    with replying_on_failure(respond, logger, context):
        deleted = saved(context)
        if deleted is None:
            return
        t = reader(context)
        text = t("Deleted the map “{title}”.", title=escape(deleted.deletion.title))
        respond(replace_original=True, text=directed(text, t))
        workshop(context).maps.show_deleted(deleted)
