"""A channel archived, deleted or unarchived, the bot removed from it or added back: its maps' schedules
pause (for good, once the channel is deleted) or resume."""

from slack_bolt import Ack, BoltContext

from handlers.context import gateway, team_of, workshop
from handlers.events.once import event_key

# Each event, and whether it pauses (True) or resumes (False) the channel's schedules. The member events
# count only when the member is the bot itself.
PAUSES = {
    "channel_archive": True,
    "group_archive": True,
    "channel_deleted": True,
    "group_deleted": True,
    "channel_left": True,
    "group_left": True,
    "member_left_channel": True,
    "channel_unarchive": False,
    "group_unarchive": False,
    "member_joined_channel": False,
}
EVENTS = tuple(PAUSES)
_MEMBER_EVENTS = {"member_left_channel", "member_joined_channel"}


def apply(ack: Ack, event: dict, context: BoltContext) -> None:
    """Applied, then acked: a failure answers Slack with an error, so Slack delivers the event again (its
    claim was rolled back with the change); a redelivery of an applied event changes nothing."""
    kind, channel, team_id = event["type"], event.get("channel"), team_of(context)
    person = event.get("user")
    if channel and team_id and kind in _MEMBER_EVENTS and person and person != context.bot_user_id:
        _count_members(context, kind, team_id, channel, person)
    if channel and team_id and (kind not in _MEMBER_EVENTS or event.get("user") == context.bot_user_id):
        lifecycle = workshop(context).lifecycle
        if PAUSES[kind]:
            lifecycle.pause(team_id, channel, event_key(context))
        else:
            lifecycle.resume(team_id, channel, event_key(context))
    ack()


def _count_members(context: BoltContext, kind: str, team_id: str, channel: str, person: str) -> None:
    """A person joined or left: the channel's members the bot keeps say so at once (no need to ask)."""
    slack = gateway(context)
    if kind == "member_joined_channel":
        slack.member_joined(team_id, channel, person)
    else:
        slack.member_left(team_id, channel, person)
