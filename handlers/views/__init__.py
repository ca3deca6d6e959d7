"""Modal submissions."""

from collections.abc import Callable

from slack_bolt import Ack, App, BoltContext

from bot.blocks.ids import View
from handlers.views import (
    analysis_submitted,
    deadline_submitted,
    export_submitted,
    import_submitted,
    iteration_submitted,
    message_submitted,
    timeline_submitted,
    touchpoints_submitted,
)

Submit = Callable[[Ack, dict, BoltContext], None]

# The modals saved in the ack (errors shown on their fields): also what a form posted as a message submits
# (handlers/actions/inline_form.py).
SAVES: dict[View, Submit] = {
    View.ADD_STAGE: timeline_submitted.save,
    View.ADD_CHANNEL: timeline_submitted.save,
    View.STARTER_SET: timeline_submitted.save,
    View.RENAME: timeline_submitted.save,
    View.ADD_TOUCHPOINT: touchpoints_submitted.save,
    View.ADD_PERSONA: touchpoints_submitted.save,
    View.FROM_MESSAGE: message_submitted.save,
    View.ANALYSE: analysis_submitted.save,
    View.FIND_TO_ANALYSE: analysis_submitted.open_found,
    View.ADD_IMPROVEMENT: iteration_submitted.save_improvement,
    View.SET_REMINDER: iteration_submitted.save_reminder,
    View.SET_DEADLINE: deadline_submitted.save,
}


def register(app: App) -> None:
    for callback, save in SAVES.items():
        app.view(callback)(save)
    app.view(View.EXPORT)(ack=export_submitted.check, lazy=[export_submitted.send])
    app.view(View.IMPORT)(ack=import_submitted.preview, lazy=[import_submitted.read_file])
    app.view(View.IMPORT_PREVIEW)(ack=import_submitted.acknowledge, lazy=[import_submitted.apply])
