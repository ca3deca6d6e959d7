"""What one person sees in the playground, as the page draws it: the sidebar, a conversation's messages
(their own ephemerals among them), a thread, their Home tab, the modal on top of their stack, Slack's
notices, and the time in their time zone. Plain data for the page's script."""

import html
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.playground.blockkit import Directory, UnknownBlock, blocks_html, view_html
from bot.playground.client import APP, SLACKBOT, App
from bot.playground.standin import SlackStandIn
from bot.playground.workspace import Conversation, Message, OpenView, Person, Workspace

logger = logging.getLogger(__name__)

HOME = "home"


def directory(space: Workspace, team: str) -> Directory:
    """Names by id for mentions and selects, and where the page shows a file."""

    def file_url(file_id: str) -> str:
        stored = space.files.get(file_id)
        return f"/files/{file_id}/{stored.name}" if stored is not None and stored.shared else ""

    return Directory(
        people={p.id: p.shown_name() for p in space.people.values() if p.team == team},
        channels={c.id: c.name for c in space.conversations.values() if not c.is_im and c.team == team},
        file_url=file_url,
    )


def _drawn(draw: Callable[[], str]) -> str:
    """What the renderer draws, or, for what it can't, a red notice where it would have been."""
    try:
        return draw()
    except UnknownBlock as error:
        logger.warning("the playground cannot draw %s", error)
        return (
            '<div class="notice" role="alert"><strong>The playground cannot draw this yet</strong>'
            f"<pre>{html.escape(str(error))}</pre></div>"
        )


def _person(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.shown_name(),
        "real_name": person.real_name,
        "title": person.title,
        "locale": person.locale,
        "tz": person.tz,
        "admin": person.admin or person.owner,
        "initial": person.shown_name()[:1].upper(),
    }


class Screen:
    """Builds what `viewer` sees; the caller holds the stand-in's lock."""

    def __init__(self, slack: SlackStandIn, viewer: Person, now: datetime, app: App = APP) -> None:
        self.slack = slack
        self.space: Workspace = slack.workspace
        self.viewer = viewer
        self.now = now
        self.app = app
        self.zone_name = viewer.zone()
        self.zone = ZoneInfo(self.zone_name)
        self.directory = directory(self.space, viewer.team)

    def _blocks(self, blocks: list[dict[str, Any]]) -> str:
        return _drawn(lambda: blocks_html(blocks, self.directory, surface="message", zone=self.zone_name))

    def _view(self, view: OpenView) -> str:
        return _drawn(lambda: view_html(view.view, self.directory, view.errors, zone=self.zone_name))

    def build(self, at: str, thread: str | None) -> dict[str, Any]:
        team = self.space.teams[self.viewer.team]
        conversation = None if at == HOME else self.space.conversations.get(at)
        shown: dict[str, Any] = {
            "version": self.slack.version,
            "me": _person(self.viewer),
            "people": [_person(p) for p in self.space.people.values() if not p.bot and p.team == team.id],
            "clock": {"now": self.now.isoformat(), "shown": self._time(self.now, long=True)},
            "sidebar": self._sidebar(),
            "at": at,
            "app": {
                "name": self.app.name,
                "command": self.app.command,
                "description": self.app.description,
                "usage_hint": self.app.usage_hint,
                "shortcuts": [vars(s) for s in self.app.shortcuts],
                "bot": team.bot_user,
            },
            "alerts": [vars(n) for n in self.slack.alerts.get(self.viewer.id, [])],
            "modal": self._modal(),
        }
        if at == HOME:
            home = self.space.homes.get(self.viewer.id)
            shown["home"] = None if home is None else {"id": home.id, "html": self._view(home)}
        elif conversation is not None:
            shown["conversation"] = self._conversation(conversation)
            shown["messages"] = [
                self._message(m, conversation)
                for m in self.space.visible(conversation, self.viewer.id)
                if not m.is_reply
            ]
            parent = conversation.find(thread) if thread else None
            if parent is not None:
                shown["thread"] = {
                    "ts": parent.ts,
                    "parent": self._message(parent, conversation),
                    "replies": [
                        self._message(m, conversation)
                        for m in self.space.visible(conversation, self.viewer.id)
                        if m.thread_ts == parent.ts and m.ts != parent.ts
                    ],
                }
        return shown

    def _time(self, moment: datetime, long: bool = False) -> str:
        local = moment.astimezone(self.zone)
        return local.strftime("%a %d %b %Y, %H:%M") if long else local.strftime("%H:%M")

    def _sidebar(self) -> dict[str, Any]:
        me, team = self.viewer.id, self.viewer.team
        bot = self.space.teams[team].bot_user
        channels = [
            {
                "id": c.id,
                "name": c.name,
                "member": me in self.space.members.get(c.id, set()),
                "app": bot in self.space.members.get(c.id, set()),
            }
            for c in self.space.conversations.values()
            if not c.is_im and c.team == team
        ]
        return {"channels": channels, "direct": "D" + me[1:], "app_name": self.app.name}

    def _conversation(self, conversation: Conversation) -> dict[str, Any]:
        members = self.space.members.get(conversation.id, set())
        bot = self.space.teams[conversation.team].bot_user
        return {
            "id": conversation.id,
            "name": conversation.name if not conversation.is_im else self.app.name,
            "im": conversation.is_im,
            "member": self.viewer.id in members,
            "app": bot in members,
            "people": len([m for m in members if m != bot]),
        }

    def _author(self, user: str) -> dict[str, Any]:
        if user == SLACKBOT:
            return {"id": user, "name": "Slackbot", "initial": "S", "app": True}
        person = self.space.people.get(user)
        name = person.shown_name() if person else user
        return {"id": user, "name": name, "initial": name[:1].upper(), "app": bool(person and person.bot)}

    def _message(self, message: Message, conversation: Conversation) -> dict[str, Any]:
        replies = conversation.replies(message.ts)
        moment = datetime.fromtimestamp(float(message.ts), UTC)
        return {
            "ts": message.ts,
            "author": self._author(message.user),
            "time": self._time(moment),
            "when": self._time(moment, long=True),
            "text": message.text,
            "html": self._blocks(message.blocks or [_text_block(message.text)]),
            "ephemeral": message.only_for is not None,
            "edited": message.edited,
            "subtype": message.subtype,
            "notice": vars(message.notice) if message.notice else None,
            "files": [self._file(f) for f in message.files if f in self.space.files],
            "reply_count": len([r for r in replies if r.only_for in (None, self.viewer.id)]),
        }

    def _file(self, file_id: str) -> dict[str, Any]:
        stored = self.space.files[file_id]
        return {
            "id": stored.id,
            "name": stored.name,
            "title": stored.title or stored.name,
            "url": f"/files/{stored.id}/{stored.name}",
            "image": stored.is_image,
            "alt": stored.alt_txt,
            "size": stored.length,
        }

    def _modal(self) -> dict[str, Any] | None:
        stack = self.space.modals.get(self.viewer.id) or []
        if not stack:
            return None
        top: OpenView = stack[-1]
        view = top.view
        return {
            "id": top.id,
            "depth": len(stack),
            "title": view["title"]["text"],
            "submit": (view.get("submit") or {}).get("text"),
            "close": (view.get("close") or {}).get("text") or "Cancel",
            "html": self._view(top),
            "errors": top.errors,
        }


def _text_block(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text or " "}}
