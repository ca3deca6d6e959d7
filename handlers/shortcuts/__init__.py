"""Shortcuts: the callback ids the manifest must declare, and their listeners."""

from slack_bolt import App

from bot.blocks.ids import Shortcut
from handlers.shortcuts import add_to_map

SHORTCUTS = {Shortcut.ADD_TO_MAP: add_to_map}


def register(app: App) -> None:
    for callback_id, listener in SHORTCUTS.items():
        app.shortcut(callback_id)(ack=listener.acknowledge, lazy=[listener.open_modal])
