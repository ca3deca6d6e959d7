"""Events API: the bot events the manifest must subscribe to, and their listeners."""

from slack_bolt import App

from handlers.events import app_home_opened, channel_lifecycle, once, uninstalled

EVENTS = {
    "app_home_opened": app_home_opened,
    **dict.fromkeys(channel_lifecycle.EVENTS, channel_lifecycle),
    **dict.fromkeys(uninstalled.EVENTS, uninstalled),
}


def register(app: App) -> None:
    app.middleware(once.once_per_event)
    app.event("app_home_opened")(ack=app_home_opened.acknowledge, lazy=[app_home_opened.publish])
    for name in channel_lifecycle.EVENTS:
        app.event(name)(channel_lifecycle.apply)
    for name in uninstalled.EVENTS:
        app.event(name)(uninstalled.stop)
