"""The app uninstalled from a workspace (or, installed for a whole Enterprise Grid org, from the org or
some of its workspaces), or its bot token revoked: stop everything of the team at once."""

from logging import Logger

from slack_bolt import Ack, BoltContext

from handlers.context import team_of, workshop

EVENTS = ("app_uninstalled", "tokens_revoked", "team_access_revoked")


def stop(ack: Ack, event: dict, context: BoltContext, logger: Logger) -> None:
    """Committed before the ack, so a retried delivery finds it done; user tokens revoked alone change
    nothing (the bot keeps none)."""
    if event["type"] == "tokens_revoked" and not (event.get("tokens") or {}).get("bot"):
        ack()
        return
    workspaces, kind = workshop(context).workspaces, event["type"]
    if kind == "team_access_revoked":
        workspaces.left(list(event.get("team_ids") or []), kind)
    elif context.is_enterprise_install and context.enterprise_id:
        workspaces.org_uninstalled(context.enterprise_id, kind)
    else:
        workspaces.uninstalled(team_of(context), kind)
    ack()
