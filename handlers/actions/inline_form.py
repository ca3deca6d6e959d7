"""A form posted as a message because Slack was too busy to open its modal (bot/blocks/inline_form.py):
*Save* submits what was entered as the modal would have been, saved before the ack; after it, the
message says it is saved, or is the next form (the *Analyse* chain), or the person is told what to fix
and the form stays as they filled it. *Cancel* takes the message away."""

import json
from logging import Logger
from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.blocks.inline_form import inline_form, submitted
from bot.blocks.kit import directed
from bot.method.errors import UserError
from handlers.context import reader
from handlers.errors import replying_on_failure
from handlers.saving import save_before_ack, saved
from handlers.views import SAVES


def save(ack: Ack, body: dict, context: BoltContext) -> None:
    def submit() -> dict[str, Any]:
        form, metadata = submitted(body["actions"][0]["value"])
        values = (body.get("state") or {}).get("values") or {}
        inputs = [
            {"type": "input", "block_id": block_id, "element": {"action_id": action_id}}
            for block_id, elements in values.items()
            for action_id in elements
        ]
        if not inputs:
            raise UserError("That button or form is no longer valid.")
        view = {
            # one form, one message: a second click on its Save is the same submission
            "id": f"message-{body['container']['message_ts']}",
            "callback_id": form,
            "private_metadata": metadata,
            "state": {"values": values},
            "blocks": inputs,
        }
        answered = Ack()  # Bolt's own: what the modal's submission would have acked with
        SAVES[form](answered, view, context)
        return json.loads(answered.response.body or "{}") if answered.response else {}

    save_before_ack(context, submit)
    ack()


def answer(context: BoltContext, respond: Respond, logger: Logger) -> None:
    with replying_on_failure(respond, logger, context):
        given, t = saved(context), reader(context)
        match given.get("response_action"):
            case "errors":  # worded in the person's language already; the form stays as filled in
                said = "\n".join(str(error) for error in given["errors"].values())
                respond(response_type="ephemeral", replace_original=False, text=said)
            case "update":
                following = inline_form(t, given["view"])
                assert following is not None, "a form that came as a message goes on as one"
                respond(replace_original=True, text=following.text, blocks=following.blocks)
            case _:
                respond(replace_original=True, text=directed("✅ " + t("Saved."), t))


def acknowledge(ack: Ack) -> None:
    ack()


def cancel(respond: Respond) -> None:
    respond(delete_original=True)
