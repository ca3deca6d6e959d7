"""A person opens the bot's Home tab: publish the maps they take part in."""

from logging import Logger

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.home import home_view
from bot.i18n import translator
from handlers.context import gateway, team_of, workshop


def acknowledge(ack: Ack) -> None:
    ack()


def publish(event: dict, context: BoltContext, client: WebClient, logger: Logger) -> None:
    """Runs after the ack; opening the Messages tab has nothing to publish."""
    if event.get("tab") != "home":
        return
    team_id, user_id = team_of(context), event["user"]
    try:
        maps = workshop(context).home.maps_of(team_id, user_id)
        client.views_publish(
            user_id=user_id,
            view=home_view(maps, translator(gateway(context).locale(team_id, user_id)), team_id),
        )
    except Exception:
        logger.exception("Publishing the Home tab failed")
