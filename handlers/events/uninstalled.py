"""The app uninstalled from a workspace, or its bot token revoked: stop everything of the team at once."""

from logging import Logger

from slack_bolt import Ack, BoltContext

from handlers.context import team_of, workshop

EVENTS = ("app_uninstalled", "tokens_revoked")


def stop(ack: Ack, event: dict, context: BoltContext, logger: Logger) -> None:
    """Committed before the ack, so a retried delivery finds it done; user tokens revoked alone change
    nothing (the bot keeps none)."""
    if event["type"] == "tokens_revoked" and not (event.get("tokens") or {}).get("bot"):
        ack()
        return
    workshop(context).workspaces.uninstalled(team_of(context), event["type"])
    ack()
