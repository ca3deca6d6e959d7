"""What the Slack stand-in holds: workspaces, people, conversations and who is in them, messages (threads,
ephemerals), files, App Home tabs and modal stacks. Plain data; the stand-in's lock guards it."""

import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def stored_blocks(blocks: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    """Blocks as Slack stores them: each block, and each interactive element, without an id is given a
    random one (so a person's action on it can name it)."""
    return None if blocks is None else [_stored_block(b) for b in blocks]


def stored_view(view: dict[str, Any]) -> dict[str, Any]:
    return {**view, "blocks": stored_blocks(view.get("blocks") or [])}


# An element's starting value, and the key of the view state Slack reports it under: what a person left
# as the app filled it in is reported so, and an update that keeps the input starts it with what was entered.
INITIALS = {
    "initial_value": "value",
    "initial_option": "selected_option",
    "initial_options": "selected_options",
    "initial_user": "selected_user",
    "initial_users": "selected_users",
    "initial_date_time": "selected_date_time",
    "initial_time": "selected_time",
    "initial_date": "selected_date",
    "initial_channel": "selected_channel",
    "initial_conversation": "selected_conversation",
}


def carried_over(old: dict[str, Any], new: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    """`new`, a modal's update, as Slack shows it: an input whose block id and action id it keeps from
    `old` keeps what the person had entered there (`state`, the view's `state.values`), in place of what
    the update starts it with (docs.slack.dev/reference/methods/views.update, "Preserving input entry")."""
    kept = {
        (b["block_id"], b["element"].get("action_id"))
        for b in old.get("blocks") or []
        if b.get("type") == "input" and isinstance(b.get("element"), dict)
    }
    blocks = []
    for block in new.get("blocks") or []:
        element = block.get("element") if block.get("type") == "input" else None
        ids = (block.get("block_id"), (element or {}).get("action_id"))
        entered = state.get(ids[0], {}).get(ids[1]) if ids in kept else None
        if element is not None and isinstance(entered, dict):
            block = {**block, "element": _entered(element, entered)}
        blocks.append(block)
    return {**new, "blocks": blocks}


def _entered(element: dict[str, Any], entered: dict[str, Any]) -> dict[str, Any]:
    """`element` starting with what was `entered` in it (options matched by value)."""
    element = {k: v for k, v in element.items() if k not in INITIALS}
    options = {o.get("value"): o for o in element.get("options") or []}
    for initial, reported in INITIALS.items():
        value = entered.get(reported)
        if reported == "selected_option" and value is not None:
            value = options.get(value.get("value"), value) if options else value
        if reported == "selected_options" and value:
            value = [options.get(o.get("value"), o) for o in value] if options else value
        if value not in (None, [], ""):
            element[initial] = value
    return element


def _stored_block(block: dict[str, Any]) -> dict[str, Any]:
    block = {"block_id": secrets.token_urlsafe(4), **block}
    for key in ("accessory", "element"):
        if isinstance(block.get(key), dict):
            block[key] = _stored_element(block[key])
    if block.get("type") == "actions":
        block["elements"] = [_stored_element(e) for e in block.get("elements", [])]
    return block


def _stored_element(element: dict[str, Any]) -> dict[str, Any]:
    return element if element.get("type") == "image" else {"action_id": secrets.token_urlsafe(4), **element}


@dataclass
class Team:
    id: str
    name: str
    domain: str
    bot_user: str
    bot_id: str = "B0BOT0001"
    app_id: str = "A0TOUCHPT1"
    enterprise_id: str | None = None  # the Enterprise Grid org it belongs to


@dataclass
class Person:
    """A person (or a bot user) as users.info describes them."""

    id: str
    team: str
    name: str  # the display name; may be empty
    real_name: str = ""
    locale: str = "en-US"
    tz: str | None = None
    admin: bool = False
    owner: bool = False
    bot: bool = False
    title: str = ""
    deleted: bool = False  # a deactivated account: still listed among a channel's members

    def shown_name(self) -> str:
        return self.name or self.real_name or self.id

    def zone(self) -> str:
        """The person's Slack time zone, if it is one this machine knows; else UTC."""
        try:
            ZoneInfo(self.tz or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            return "UTC"
        return self.tz or "UTC"

    def as_slack(self, include_locale: bool) -> dict[str, Any]:
        """users.info's `user`."""
        user: dict[str, Any] = {
            "id": self.id,
            "team_id": self.team,
            "name": self.id.lower(),
            "real_name": self.real_name,
            "is_admin": self.admin or self.owner,
            "is_owner": self.owner,
            "is_bot": self.bot,
            "deleted": self.deleted,
            "profile": {"display_name": self.name, "real_name": self.real_name, "title": self.title},
        }
        if include_locale:
            user["locale"] = self.locale
        if self.tz:
            try:
                zone = ZoneInfo(self.tz)
            except (ZoneInfoNotFoundError, ValueError):
                zone = None
            now = datetime.now(zone or UTC)
            offset = now.utcoffset()
            user |= {
                "tz": self.tz,
                "tz_label": now.tzname() or self.tz,
                "tz_offset": int(offset.total_seconds()) if offset else 0,
            }
        return user


@dataclass
class Notice:
    """What the app sent here that Slack refused: shown where it would have appeared."""

    method: str
    error: str
    detail: str = ""


@dataclass
class Message:
    ts: str
    user: str  # the author: a person, or the app's bot user
    text: str = ""
    blocks: list[dict[str, Any]] | None = None
    thread_ts: str | None = None
    files: list[str] = field(default_factory=list)
    edited: bool = False
    only_for: str | None = None  # an ephemeral message: the one person who sees it
    notice: Notice | None = None
    subtype: str | None = None  # channel_join: someone (the app) was added to the conversation
    metadata: dict[str, Any] | None = None  # the app's message metadata

    @property
    def is_reply(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts


@dataclass
class Conversation:
    id: str
    team: str
    name: str = ""
    is_im: bool = False
    user: str | None = None  # a direct message's person
    archived: bool = False
    messages: list[Message] = field(default_factory=list)
    connected: list[str] = field(default_factory=list)  # other organisations' teams (Slack Connect)
    deleted: list[str] = field(default_factory=list)  # the ts of messages deleted: gone for good

    def find(self, ts: str) -> Message | None:
        return next((m for m in self.messages if m.ts == ts and m.only_for is None), None)

    def replies(self, ts: str) -> list[Message]:
        return [m for m in self.messages if m.thread_ts == ts and m.ts != ts]


@dataclass
class StoredFile:
    id: str
    team: str
    user: str
    name: str
    length: int  # as announced by files.getUploadURLExternal (or the bytes' length)
    title: str = ""
    alt_txt: str = ""
    data: bytes | None = None  # None until the bytes arrive
    shared: bool = False  # files.completeUploadExternal done, or given to the app in a modal

    @property
    def filetype(self) -> str:
        return self.name.rsplit(".", 1)[-1].lower() if "." in self.name else "binary"

    @property
    def mimetype(self) -> str:
        known = {
            "png": "image/png",
            "svg": "image/svg+xml",
            "pdf": "application/pdf",
            "json": "application/json",
        }
        return known.get(self.filetype, "text/csv" if self.filetype == "csv" else "application/octet-stream")

    @property
    def is_image(self) -> bool:
        return self.mimetype.startswith("image/")


@dataclass
class OpenView:
    """A modal in a person's stack, or their Home tab, as Slack holds it."""

    id: str
    team: str
    user: str
    view: dict[str, Any]
    hash: str = field(default_factory=lambda: secrets.token_hex(8))
    root_id: str = ""
    previous_id: str | None = None
    errors: dict[str, str] = field(default_factory=dict)  # response_action: errors, by block id
    state: dict[str, Any] = field(default_factory=dict)  # what the person last entered (state.values)

    def replaced(self, view: dict[str, Any]) -> None:
        """The view updated to `view`, keeping what was entered in the inputs it keeps, as Slack does."""
        self.view, self.errors = carried_over(self.view, view, self.state), {}
        self.hash = secrets.token_hex(8)

    def as_slack(self, team: "Team", state: dict[str, Any] | None = None) -> dict[str, Any]:
        """The view as Slack reports it to the app (views.* answers, interaction payloads)."""
        return {
            "private_metadata": "",
            "callback_id": "",
            "external_id": "",
            **self.view,
            "id": self.id,
            "team_id": self.team,
            "state": {"values": state or {}},
            "hash": self.hash,
            "root_view_id": self.root_id or self.id,
            "previous_view_id": self.previous_id,
            "app_id": team.app_id,
            "bot_id": team.bot_id,
        }


@dataclass
class Workspace:
    """Everything the stand-in knows, in every workspace it serves."""

    teams: dict[str, Team] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # bot token -> team
    # An org-wide install's bot token -> its Enterprise Grid org: it serves every workspace of the org.
    org_wide: dict[str, str] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    conversations: dict[str, Conversation] = field(default_factory=dict)
    # Who is in each conversation; a conversation the stand-in knows is listed here.
    members: dict[str, set[str]] = field(default_factory=dict)
    homes: dict[str, OpenView] = field(default_factory=dict)  # by person
    modals: dict[str, list[OpenView]] = field(default_factory=dict)  # each person's stack
    files: dict[str, StoredFile] = field(default_factory=dict)
    counter: int = 0

    def next_number(self) -> int:
        self.counter += 1
        return self.counter

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{self.next_number():08d}"

    def new_ts(self, now: float) -> str:
        """A message timestamp: the time, made unique by the counter (Slack's ts are unique per
        conversation and sort in time order)."""
        return f"{int(now)}.{self.next_number() % 1_000_000:06d}"

    def add_team(self, team: Team, token: str | None = None) -> Team:
        self.teams[team.id] = team
        if token:
            self.tokens[token] = team.id
        self.people.setdefault(
            team.bot_user, Person(team.bot_user, team.id, "Touchpoint", "Touchpoint", bot=True)
        )
        return team

    def team(self, team_id: str) -> Team:
        """The workspace `team_id`, added (with a bot user of its own) if the stand-in didn't know it."""
        found = self.teams.get(team_id)
        return found or self.add_team(
            Team(team_id, f"Workspace {team_id}", team_id.lower(), f"U0BOT{team_id[-4:]}")
        )

    def add_channel(self, channel_id: str, team: str, name: str, members: set[str]) -> Conversation:
        conversation = self.conversations.setdefault(channel_id, Conversation(channel_id, team, name))
        self.members[channel_id] = set(members)
        return conversation

    def share(self, channel_id: str, guests: dict[str, str]) -> None:
        """Make `channel_id` a Slack Connect channel shared with other organisations, whose people in
        `guests` (user -> their team) join it."""
        conversation = self.conversations[channel_id]
        for user, team in guests.items():
            self.people.setdefault(user, Person(user, team, "", user.lower()))
            if team not in conversation.connected:
                conversation.connected.append(team)
            self.members.setdefault(channel_id, set()).add(user)

    def direct(self, team: str, user: str) -> Conversation:
        """The app's direct message conversation with `user` (opened on first use)."""
        channel_id = "D" + user[1:]
        if channel_id not in self.conversations:
            self.conversations[channel_id] = Conversation(channel_id, team, is_im=True, user=user)
            self.members[channel_id] = {user, self.teams[team].bot_user}
        return self.conversations[channel_id]

    def visible(self, conversation: Conversation, viewer: str) -> list[Message]:
        """The conversation's messages as `viewer` sees them: everyone's, and their own ephemerals."""
        return [m for m in conversation.messages if m.only_for in (None, viewer)]

    def stack(self, user: str) -> list[OpenView]:
        return self.modals.setdefault(user, [])

    def find_view(self, view_id: str) -> OpenView | None:
        for stack in self.modals.values():
            for view in stack:
                if view.id == view_id:
                    return view
        return next((v for v in self.homes.values() if v.id == view_id), None)

    # --- saving ----------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """Everything but open modals (a restart closes them, as a reload does) and file bytes (the
        caller keeps those apart, by file id)."""
        data = asdict(self)
        data["members"] = {k: sorted(v) for k, v in self.members.items()}
        data["modals"] = {}
        for stored in data["files"].values():
            stored["data"] = None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], blobs: dict[str, bytes]) -> "Workspace":
        def conversation(raw: dict[str, Any]) -> Conversation:
            messages = [
                Message(**{**m, "notice": Notice(**m["notice"]) if m.get("notice") else None})
                for m in raw["messages"]
            ]
            return Conversation(**{**raw, "messages": messages})

        return cls(
            teams={k: Team(**v) for k, v in data["teams"].items()},
            tokens=dict(data["tokens"]),
            org_wide=dict(data.get("org_wide") or {}),
            people={k: Person(**v) for k, v in data["people"].items()},
            conversations={k: conversation(v) for k, v in data["conversations"].items()},
            members={k: set(v) for k, v in data["members"].items()},
            homes={k: OpenView(**v) for k, v in data["homes"].items()},
            files={k: StoredFile(**{**v, "data": blobs.get(k)}) for k, v in data["files"].items()},
            counter=int(data["counter"]),
        )
