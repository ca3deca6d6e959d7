"""The Home tab: the maps a person takes part in across the workspace, and what waits on them there."""

from dataclasses import dataclass

from bot.method.errors import UserError
from bot.workshop.service import Service
from storage.repositories import Maps, Participation


@dataclass(frozen=True)
class HomeMap:
    """One map on a person's Home tab."""

    map_id: int
    title: str
    channel_id: str
    step: int
    facilitator: bool
    waiting: int  # touchpoints they own that nobody has noted or scored yet


class HomeService(Service):
    def maps_of(self, team_id: str, user_id: str) -> list[HomeMap]:
        """The team's maps `user_id` takes part in, most recently changed first, leaving out every map
        in a channel they aren't a member of (one membership check per channel, after the transaction)."""
        with self.uow() as session:
            found = [HomeMap(*row) for row in Participation(session, team_id).maps(user_id)]
        visible = {
            channel for channel in {m.channel_id for m in found} if self._is_member(team_id, channel, user_id)
        }
        return [each for each in found if each.channel_id in visible]

    def channel_of(self, team_id: str, user_id: str, map_id: int) -> str:
        """The channel of the team's map `map_id`, for a button on the Home tab (which has no channel of
        its own); UserError unless `user_id` is a member of it."""
        with self.uow.reading() as session:
            found = Maps(session, team_id).get(map_id)
            channel = None if found is None else found.channel_id
        if channel is None or not self._is_member(team_id, channel, user_id):
            raise UserError("That button or form is no longer valid.")
        return channel

    def _is_member(self, team_id: str, channel: str, user_id: str) -> bool:
        """Whether `user_id` is in `channel`; a channel the bot can no longer see hides its maps."""
        try:
            return self.chat.is_member(team_id, channel, user_id)
        except UserError:
            return False
