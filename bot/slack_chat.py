"""The core's chat (bot/workshop/chat.py), spoken in Slack: its questions asked through the gateway, its
notices put into Block Kit (bot/blocks/notices.py) and sent."""

from bot.blocks import notices as words
from bot.gateway import SlackGateway
from bot.workshop.chat import SharedFile
from bot.workshop.notices import Notice


class SlackChat:
    """Implements `bot.workshop.chat.Chat` over one `SlackGateway`."""

    def __init__(self, gateway: SlackGateway) -> None:
        self.gateway = gateway

    def is_member(self, team_id: str, channel: str, user: str) -> bool:
        return self.gateway.is_member(team_id, channel, user)

    def knows_member(self, team_id: str, channel: str, user: str) -> bool:
        return self.gateway.knows_member(team_id, channel, user)

    def members(self, team_id: str, channel: str) -> frozenset[str]:
        return self.gateway.members(team_id, channel)

    def refuse_outsider(self, team_id: str, user: str) -> None:
        self.gateway.refuse_outsider(team_id, user)

    def people_in(self, team_id: str, channel: str) -> frozenset[str]:
        return self.gateway.people_in(team_id, channel)

    def is_admin(self, team_id: str, user: str) -> bool:
        return self.gateway.is_admin(team_id, user)

    def locale(self, team_id: str, user: str) -> str | None:
        return self.gateway.locale(team_id, user)

    def timezone(self, team_id: str, user: str) -> str | None:
        return self.gateway.timezone(team_id, user)

    def display_name(self, team_id: str, user: str) -> str | None:
        return self.gateway.display_name(team_id, user)

    def direct_channel(self, team_id: str, user: str) -> str:
        return self.gateway.direct_channel(team_id, user)

    def permalink(self, team_id: str, channel: str, ts: str) -> str:
        return self.gateway.permalink(team_id, channel, ts)

    def file_info(self, team_id: str, file_id: str) -> SharedFile:
        return self.gateway.file_info(team_id, file_id)

    def download(self, team_id: str, shared: SharedFile, max_bytes: int) -> bytes:
        return self.gateway.download(team_id, shared, max_bytes)

    def post(self, team_id: str, channel: str, notice: Notice, thread_ts: str | None = None) -> str:
        first, *rest = words.messages(notice)
        ts = self.gateway.post(team_id, channel, first, thread_ts=thread_ts)
        for message in rest:
            self.gateway.post(team_id, channel, message, thread_ts=thread_ts)
        return ts

    def update(self, team_id: str, channel: str, ts: str, notice: Notice) -> None:
        [message] = words.messages(notice)
        self.gateway.update(team_id, channel, ts, message)

    def upload(
        self,
        team_id: str,
        channel: str,
        data: bytes,
        *,
        filename: str,
        title: str,
        alt_text: str,
        comment: Notice,
        thread_ts: str | None = None,
    ) -> str | None:
        return self.gateway.upload(
            team_id,
            channel,
            data,
            filename=filename,
            title=title,
            alt_text=alt_text,
            comment=words.comment(comment),
            thread_ts=thread_ts,
        )

    def share(self, team_id: str, channel: str, files: list[tuple[str, bytes]], *, comment: Notice) -> None:
        self.gateway.share(team_id, channel, files, comment=words.comment(comment))
