"""Step 4's buttons and menus: *Take snapshot*, an improvement's status, the pages of the improvements."""

from dataclasses import asdict
from logging import Logger

from slack_bolt import Ack, BoltContext, Respond

from bot.blocks.ids import Action
from bot.blocks.iteration import improvement_list
from bot.i18n import translator
from bot.method.vocabulary import ImprovementStatus
from bot.workshop.iteration import ImprovementPage
from handlers.context import actor, untrusted_choice, untrusted_id, value_parts, workshop
from handlers.errors import replying_on_failure
from handlers.saving import save_before_ack, saved

PAGE_ACTIONS = (Action.PREVIOUS_IMPROVEMENTS, Action.NEXT_IMPROVEMENTS)


def acknowledge(ack: Ack) -> None:
    ack()


def save_snapshot(ack: Ack, body: dict, context: BoltContext) -> None:
    action = body["actions"][0]
    map_text, version_text = value_parts(action["value"], 2)

    def save() -> object:
        who = actor(context)
        key = f"action:{action['action_ts']}:{who.user_id}"
        return workshop(context).iteration.take_snapshot(
            who, untrusted_id(map_text), key, next_version=untrusted_id(version_text)
        )

    save_before_ack(context, save)
    ack()


def take_snapshot(context: BoltContext, respond: Respond, logger: Logger) -> None:
    with replying_on_failure(respond, logger, context):
        outcome = saved(context)
        if outcome is not None:
            taken, announcement = outcome
            iteration = workshop(context).iteration
            iteration.announce(actor(context).team_id, taken.map_id, announcement)


def save_status(ack: Ack, body: dict, context: BoltContext) -> None:
    """A status picked in an improvement's menu, stored before the ack."""
    map_text, improvement_text, status_text, page_text = value_parts(
        body["actions"][0]["selected_option"]["value"], 4
    )
    save_before_ack(
        context,
        lambda: workshop(context).iteration.set_status(
            actor(context),
            untrusted_id(map_text),
            untrusted_id(improvement_text),
            untrusted_choice(status_text, ImprovementStatus),
            untrusted_id(page_text),
        ),
    )
    ack()


def set_status(context: BoltContext, respond: Respond, logger: Logger) -> None:
    """The list shows the new status at once, on the same page."""
    with replying_on_failure(respond, logger, context):
        _show(respond, saved(context))


def turn_page(body: dict, context: BoltContext, respond: Respond, logger: Logger) -> None:
    map_text, page_text = value_parts(body["actions"][0]["value"], 2)
    with replying_on_failure(respond, logger, context):
        page = workshop(context).iteration.improvements(
            actor(context), untrusted_id(map_text), untrusted_id(page_text)
        )
        _show(respond, page)


def _show(respond: Respond, page: ImprovementPage) -> None:
    respond(replace_original=True, **asdict(improvement_list(translator(page.language), page)))
