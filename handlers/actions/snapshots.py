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
from handlers.saving import save_before_ack, saved

ACTIONS = (Action.VIEW_SNAPSHOT, Action.COMPARE_SNAPSHOT)


def _ids(body: dict) -> tuple[int, int]:
    """The map and snapshot version a button names (untrusted: the core checks both)."""
    map_text, version_text = value_parts(body["actions"][0]["value"], 2)
    return untrusted_id(map_text), untrusted_id(version_text)


def acknowledge(ack: Ack) -> None:
    ack()


def act(body: dict, context: BoltContext, respond: Respond, logger: Logger) -> None:
    with replying_on_failure(respond, logger, context):
        core, who = workshop(context), actor(context)
        map_id, version = _ids(body)
        if body["actions"][0]["action_id"] == Action.VIEW_SNAPSHOT:
            core.images.post(who, map_id, PictureRequest(version=version))
            return
        comparison = core.snapshots.compare(who, map_id, version, None)
        message = comparison_message(translator(comparison.origin.language), comparison)
        respond(response_type="ephemeral", replace_original=False, **asdict(message))


def save_restore(ack: Ack, body: dict, context: BoltContext) -> None:
    """*Restore*: the snapshot is brought back before the ack (an acknowledged click is never lost)."""

    def save() -> object:
        who = actor(context)
        key = f"action:{body['actions'][0]['action_ts']}:{who.user_id}"
        return workshop(context).snapshots.restore(who, *_ids(body), key)

    save_before_ack(context, save)
    ack()


def restored(context: BoltContext, respond: Respond, logger: Logger) -> None:
    with replying_on_failure(respond, logger, context):
        if (outcome := saved(context)) is not None:  # None: a double click already restored it
            workshop(context).snapshots.announce_restored(actor(context).team_id, outcome)
