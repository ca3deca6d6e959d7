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
    submission,
    timeline_submitted,
    touchpoints_submitted,
)


def register(app: App) -> None:
    for callback in (View.ADD_STAGE, View.ADD_CHANNEL, View.STARTER_SET, View.RENAME):
        app.view(callback)(ack=timeline_submitted.save, lazy=[submission.refresh_board])
    for callback in (View.ADD_TOUCHPOINT, View.ADD_PERSONA):
        app.view(callback)(ack=touchpoints_submitted.save, lazy=[submission.refresh_board])
    app.view(View.FROM_MESSAGE)(message_submitted.save)
    app.view(View.ANALYSE)(ack=analysis_submitted.save, lazy=[submission.refresh_board])
    app.view(View.ADD_IMPROVEMENT)(ack=iteration_submitted.save, lazy=[submission.refresh_board])
    app.view(View.SET_REMINDER)(iteration_submitted.save)
    app.view(View.EXPORT)(ack=export_submitted.check, lazy=[export_submitted.send])
    app.view(View.IMPORT)(import_submitted.preview)
    app.view(View.IMPORT_PREVIEW)(ack=import_submitted.acknowledge, lazy=[import_submitted.apply])
    app.view(View.SET_DEADLINE)(deadline_submitted.save)
