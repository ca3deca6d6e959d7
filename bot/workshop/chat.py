"""What the core asks of the chat it works in, and the edge provides (bot/slack_chat.py speaks Slack).

The core decides; it never builds a Slack message. It asks who is where (membership, a person's language
and time zone), and hands the chat *notices* (bot/workshop/notices.py): what to tell a channel or a
person. The edge turns each notice into Block Kit (bot/blocks) and sends it.
"""

from dataclasses import dataclass
from typing import Protocol

from bot.workshop.notices import Notice


@dataclass(frozen=True)
class SharedFile:
    """A file someone gave the bot (in a modal's file input), as the chat describes it."""

    name: str
    size: int
    url: str


class Chat(Protocol):
    """The people and conversations of a team's workspace, as the core sees them. Calls the chat refuses
    raise `SlackRefused`, or a `UserError` when the person can do something about it."""

    def is_member(self, team_id: str, channel: str, user: str) -> bool: ...

    def refuse_outsider(self, team_id: str, user: str) -> None:
        """Raise a `UserError` when `user` is a guest from another organisation (Slack Connect)."""
        ...

    def knows_member(self, team_id: str, channel: str, user: str) -> bool:
        """Whether `user` is among `channel`'s members as the chat keeps them lately, without asking."""
        ...

    def members(self, team_id: str, channel: str) -> frozenset[str]:
        """Everyone in `channel`, asked now rather than cached: for a decision that rests on who left."""
        ...

    def people_in(self, team_id: str, channel: str) -> frozenset[str]:
        """The people in `channel`, bots left out."""
        ...

    def is_admin(self, team_id: str, user: str) -> bool: ...

    def locale(self, team_id: str, user: str) -> str | None: ...

    def timezone(self, team_id: str, user: str) -> str | None: ...

    def display_name(self, team_id: str, user: str) -> str | None: ...

    def direct_channel(self, team_id: str, user: str) -> str: ...

    def permalink(self, team_id: str, channel: str, ts: str) -> str: ...

    def file_info(self, team_id: str, file_id: str) -> SharedFile: ...

    def download(self, team_id: str, shared: SharedFile, max_bytes: int) -> bytes: ...

    def post(self, team_id: str, channel: str, notice: Notice, thread_ts: str | None = None) -> str:
        """Say `notice` in `channel` (a message, or a few in a row); the timestamp of the first."""
        ...

    def update(self, team_id: str, channel: str, ts: str, notice: Notice) -> None:
        """Make the message at `ts` say `notice` instead."""
        ...

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
        """Share a picture in `channel`, with alt text for screen readers, introduced by `comment`; the
        shared file's id, when Slack tells it."""
        ...

    def share(self, team_id: str, channel: str, files: list[tuple[str, bytes]], *, comment: Notice) -> None:
        """Share files (name, bytes) in `channel` in one message, introduced by `comment`."""
        ...
