"""Modal submissions."""

from slack_bolt import App

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


def register(app: App) -> None:
    for callback in (View.ADD_STAGE, View.ADD_CHANNEL, View.STARTER_SET, View.RENAME):
        app.view(callback)(timeline_submitted.save)
    for callback in (View.ADD_TOUCHPOINT, View.ADD_PERSONA):
        app.view(callback)(touchpoints_submitted.save)
    app.view(View.FROM_MESSAGE)(message_submitted.save)
    app.view(View.ANALYSE)(analysis_submitted.save)
    app.view(View.FIND_TO_ANALYSE)(analysis_submitted.open_found)
    app.view(View.ADD_IMPROVEMENT)(iteration_submitted.save_improvement)
    app.view(View.SET_REMINDER)(iteration_submitted.save_reminder)
    app.view(View.EXPORT)(ack=export_submitted.check, lazy=[export_submitted.send])
    app.view(View.IMPORT)(ack=import_submitted.preview, lazy=[import_submitted.read_file])
    app.view(View.IMPORT_PREVIEW)(ack=import_submitted.acknowledge, lazy=[import_submitted.apply])
    app.view(View.SET_DEADLINE)(deadline_submitted.save)
