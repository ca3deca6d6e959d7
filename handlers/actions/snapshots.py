"""The snapshots list's buttons: show a snapshot's picture, compare it with the map now, restore it."""

from dataclasses import asdict
from logging import Logger

from slack_bolt import Ack, BoltContext, Respond

from bot.blocks.ids import Action
from bot.blocks.snapshots import comparison_message
from bot.i18n import translator
from bot.workshop.images import PictureRequest
from handlers.context import actor, untrusted_id, value_parts, workshop
from handlers.errors import replying_on_failure

ACTIONS = (Action.VIEW_SNAPSHOT, Action.COMPARE_SNAPSHOT, Action.RESTORE_SNAPSHOT)


def acknowledge(ack: Ack) -> None:
    ack()


def act(body: dict, context: BoltContext, respond: Respond, logger: Logger) -> None:
    action = body["actions"][0]
    map_text, version_text = value_parts(action["value"], 2)
    with replying_on_failure(respond, logger, context):
        core, who = workshop(context), actor(context)
        map_id, version = untrusted_id(map_text), untrusted_id(version_text)
        match action["action_id"]:
            case Action.VIEW_SNAPSHOT:
                core.images.post(who, map_id, PictureRequest(version=version))
            case Action.COMPARE_SNAPSHOT:
                comparison = core.snapshots.compare(who, map_id, version, None)
                message = comparison_message(translator(comparison.origin.language), comparison)
                respond(response_type="ephemeral", replace_original=False, **asdict(message))
            case Action.RESTORE_SNAPSHOT:
                key = f"action:{action['action_ts']}:{who.user_id}"
                restored = core.snapshots.restore(who, map_id, version, key)
                if restored is not None:
                    core.snapshots.refresh_board(who.team_id, map_id)
