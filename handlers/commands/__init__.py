"""Slash commands: the command names the manifest must declare, and their listeners."""

from slack_bolt import App

from handlers.commands import touchpoint

COMMANDS = {"/touchpoint": touchpoint}


def register(app: App) -> None:
    for name, listener in COMMANDS.items():
        app.command(name)(ack=listener.acknowledge, lazy=[listener.apply])
