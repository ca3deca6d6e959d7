"""A person opens the bot's Home tab: publish the maps they take part in."""

from logging import Logger

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.home import guest_home_view, home_view
from bot.gateway import OUTSIDER
from bot.i18n import translator
from bot.method.errors import UserError
from handlers.context import gateway, team_of, workshop
from handlers.errors import localized


def acknowledge(ack: Ack) -> None:
    ack()


def publish(event: dict, context: BoltContext, client: WebClient, logger: Logger) -> None:
    """Runs after the ack; opening the Messages tab has nothing to publish."""
    if event.get("tab") != "home":
        return
    team_id, user_id = team_of(context), event["user"]
    try:
        slack = gateway(context)
        t = translator(slack.locale(team_id, user_id))
        if slack.is_outsider(team_id, user_id):
            view = guest_home_view(localized(UserError(OUTSIDER), t), t)
        else:
            view = home_view(workshop(context).home.maps_of(team_id, user_id), t, team_id)
        client.views_publish(user_id=user_id, view=view)
    except Exception:
        logger.exception("Publishing the Home tab failed")
