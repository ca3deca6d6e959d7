"""Thin Slack adapters: one package per surface, each with a `register(app)`."""

from slack_bolt import App

from handlers import actions, commands, errors, events, options, responding, shortcuts, views


def register_listeners(app: App) -> None:
    errors.register(app)
    responding.register(app)
    commands.register(app)
    actions.register(app)
    views.register(app)
    events.register(app)
    shortcuts.register(app)
    options.register(app)
