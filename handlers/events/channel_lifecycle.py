"""A channel archived or unarchived, the bot removed from it or added back: its maps' schedules pause or
resume."""

from logging import Logger

from slack_bolt import Ack, BoltContext

from handlers.context import workshop

# Each event, and whether it pauses (True) or resumes (False) the channel's schedules. The member events
# count only when the member is the bot itself.
PAUSES = {
    "channel_archive": True,
    "group_archive": True,
    "channel_left": True,
    "group_left": True,
    "member_left_channel": True,
    "channel_unarchive": False,
    "group_unarchive": False,
    "member_joined_channel": False,
}
EVENTS = tuple(PAUSES)
_MEMBER_EVENTS = {"member_left_channel", "member_joined_channel"}


def acknowledge(ack: Ack) -> None:
    ack()


def apply(event: dict, context: BoltContext, logger: Logger) -> None:
    """Runs after the ack; a redelivered event changes nothing more."""
    kind, channel = event["type"], event.get("channel")
    team_id = context.team_id or context.enterprise_id
    if not channel or not team_id:
        return
    if kind in _MEMBER_EVENTS and event.get("user") != context.bot_user_id:
        return  # someone else joined or left
    lifecycle = workshop(context).lifecycle
    try:
        if PAUSES[kind]:
            lifecycle.pause(team_id, channel)
        else:
            lifecycle.resume(team_id, channel)
    except Exception:
        logger.exception("Pausing or resuming the schedules of %s failed", channel)
