"""*Edit timeline*: each stage and channel with a menu to rename, move or remove it."""

from dataclasses import asdict
from functools import partial
from logging import Logger

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.kit import directed
from bot.blocks.mrkdwn import escape
from bot.blocks.timeline import confirm_removal, rename_modal, timeline_editor
from bot.i18n import translator
from bot.method.errors import UserError
from bot.method.vocabulary import Lane
from handlers.context import LazyReader, actor, untrusted_choice, untrusted_id, workshop
from handlers.errors import replying_on_failure
from handlers.modals import Build, open_for_reader
from handlers.saving import save_before_ack, saved


def acknowledge(ack: Ack) -> None:
    ack()


def show(body: dict, context: BoltContext, respond: Respond, logger: Logger) -> None:
    with replying_on_failure(respond, logger, context):
        outline = workshop(context).timeline.outline(
            actor(context), untrusted_id(body["actions"][0]["value"])
        )
        for message in timeline_editor(translator(outline.language), outline):
            respond(response_type="ephemeral", replace_original=False, **asdict(message))


def _operation(body: dict) -> list[str]:
    """The menu option picked: operation, map id, lane and item id."""
    return (body["actions"][0]["selected_option"]["value"].split(":") + [""] * 4)[:4]


def save_edit(ack: Ack, body: dict, context: BoltContext) -> None:
    """Moving or removing a stage or channel is stored before the ack; renaming opens a modal after it."""
    operation, map_text, lane_text, item_text = _operation(body)

    def save() -> object:
        timeline, who = workshop(context).timeline, actor(context)
        lane, map_id, item_id = (
            untrusted_choice(lane_text, Lane),
            untrusted_id(map_text),
            untrusted_id(item_text),
        )
        if operation == "remove":
            return timeline.remove(who, lane, item_id, map_id=map_id)
        return timeline.move(who, lane, item_id, shift=-1 if operation == "earlier" else 1, map_id=map_id)

    if operation in ("earlier", "later", "remove"):
        save_before_ack(context, save)
    ack()


def edit(body: dict, context: BoltContext, client: WebClient, respond: Respond, logger: Logger) -> None:
    """One of the menu's operations on one stage or channel."""
    operation, map_text, lane_text, item_text = _operation(body)
    with replying_on_failure(respond, logger, context):
        timeline, who, t = workshop(context).timeline, actor(context), LazyReader(context)
        match operation:
            case "rename":
                lane, map_id, item_id = (
                    untrusted_choice(lane_text, Lane),
                    untrusted_id(map_text),
                    untrusted_id(item_text),
                )

                def prepare() -> tuple[str, Build]:
                    outline = timeline.outline(who, map_id)
                    items = outline.stages if lane is Lane.STAGE else outline.channels
                    name = next((each[1] for each in items if each[0] == item_id), None)
                    if name is None:
                        raise UserError("That button or form is no longer valid.")
                    return outline.language, partial(
                        rename_modal,
                        map_id=map_id,
                        channel_id=outline.channel_id,
                        lane=lane,
                        item_id=item_id,
                        name=name,
                    )

                open_for_reader(context, client, body["trigger_id"], prepare, logger, respond)
                return
            case "earlier" | "later":
                map_id = saved(context)
                respond(response_type="ephemeral", replace_original=False, text=directed(t("Moved."), t))
            case "remove":
                removal = saved(context)
                map_id = removal.map_id
                if removal.touchpoints:
                    respond(
                        response_type="ephemeral",
                        replace_original=False,
                        **asdict(confirm_removal(removal, t)),
                    )
                    return
                respond(
                    response_type="ephemeral",
                    replace_original=False,
                    text=directed(t("Removed “{name}”.", name=escape(removal.name)), t),
                )
            case _:
                raise UserError("That button or form is no longer valid.")
        timeline.refresh_board(who.team_id, map_id)
