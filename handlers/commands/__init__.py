"""Slash commands: the command names the manifest must declare, and their listeners."""

from slack_bolt import App

from handlers.commands import touchpoint

COMMANDS = {"/touchpoint": touchpoint}


def register(app: App) -> None:
    for name, listener in COMMANDS.items():
        # The first listener that matches handles the request: a change answered in its ack, if it is one.
        app.command(name, matchers=[listener.answerable_in_ack])(listener.answer_in_ack)
        app.command(name)(ack=listener.acknowledge, lazy=[listener.apply])
