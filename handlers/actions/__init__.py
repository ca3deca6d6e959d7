"""Buttons and menus on the board and the bot's messages."""

from slack_bolt import App

from bot.blocks.ids import Action
from handlers.actions import (
    analysis,
    change_step,
    delete_map,
    edit_timeline,
    inline_form,
    iteration,
    open_modal,
    remove_confirmed,
    show_map,
    snapshots,
)


def register(app: App) -> None:
    for action in open_modal.ACTIONS:
        app.action(action)(ack=open_modal.acknowledge, lazy=[open_modal.open_modal])
    for action in (Action.NEXT_STEP, Action.PREVIOUS_STEP):
        app.action(action)(ack=change_step.acknowledge, lazy=[change_step.change_step])
    app.action(Action.OPEN_CHANNEL)(open_modal.acknowledge)  # a link: Slack's client opens the channel
    app.action(Action.DELETE_MAP)(ack=delete_map.acknowledge, lazy=[delete_map.delete])
    app.action(Action.REMOVE_CONFIRMED)(ack=remove_confirmed.acknowledge, lazy=[remove_confirmed.remove])
    app.action(Action.SHOW_MAP)(ack=show_map.acknowledge, lazy=[show_map.show_map])
    app.action(Action.EDIT_TIMELINE)(ack=edit_timeline.acknowledge, lazy=[edit_timeline.show])
    app.action(Action.TIMELINE_ITEM)(ack=edit_timeline.save_edit, lazy=[edit_timeline.edit])
    app.action(Action.ANALYSE)(ack=analysis.acknowledge, lazy=[analysis.open_analysis])
    app.action(Action.MORE_TO_ANALYSE)(ack=analysis.acknowledge, lazy=[analysis.post_page])
    app.action(Action.FIND_TO_ANALYSE)(ack=analysis.acknowledge, lazy=[analysis.open_find])
    for action in analysis.POSTING_ACTIONS:
        app.action(action)(ack=analysis.acknowledge, lazy=[analysis.post])
    for action in analysis.BLIND_ACTIONS:
        app.action(action)(ack=analysis.save_blind, lazy=[analysis.blind_changed])
    app.action(Action.TAKE_SNAPSHOT)(ack=iteration.save_snapshot, lazy=[iteration.take_snapshot])
    app.action(Action.SET_STATUS)(ack=iteration.save_status, lazy=[iteration.set_status])
    for action in snapshots.ACTIONS:
        app.action(action)(ack=snapshots.acknowledge, lazy=[snapshots.act])
    app.action(Action.RESTORE_SNAPSHOT)(ack=snapshots.save_restore, lazy=[snapshots.restored])
    for action in iteration.PAGE_ACTIONS:
        app.action(action)(ack=iteration.acknowledge, lazy=[iteration.turn_page])
    app.action(Action.INLINE_SAVE)(ack=inline_form.save, lazy=[inline_form.answer])
    app.action(Action.INLINE_CANCEL)(ack=inline_form.acknowledge, lazy=[inline_form.cancel])
