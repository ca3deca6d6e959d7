"""The Web API methods the bot calls, answered as Slack answers them, on the stand-in's workspace.

Each method checks its arguments as Slack does and raises `SlackError` with Slack's error string
(docs.slack.dev/reference/methods/<method>, "Errors"). The caller holds the stand-in's lock.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from bot.playground.checks import ALT_TEXT_MAX, SlackError, as_json, check_message, check_view, require
from bot.playground.workspace import (
    Conversation,
    Message,
    Notice,
    OpenView,
    Person,
    StoredFile,
    Workspace,
    stored_blocks,
    stored_view,
)


class Desk(Protocol):
    """What the Web API's methods work on: the stand-in's workspace, triggers and posting (SlackStandIn)."""

    workspace: Workspace
    open_world: bool
    trigger_ttl: float
    root: str
    triggers: dict[str, "Trigger"]
    inactive: set[tuple[str, str]]
    undelivered: list[Message]

    def changed(self) -> None: ...

    def post(
        self,
        conversation: Conversation,
        user: str,
        *,
        text: str = "",
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
        files: list[str] | None = None,
        only_for: str | None = None,
        notice: Notice | None = None,
        subtype: str | None = None,
    ) -> Message: ...


# docs.slack.dev/reference/methods/views.push: "push_limit_reached … Currently the limit is 3"
STACK_MAX = 3


@dataclass
class Trigger:
    """A trigger_id Slack gave the app with an interaction: for one person, once, for a few seconds."""

    team: str
    user: str
    issued: float  # time.monotonic()
    used: bool = False


@dataclass
class OAuthDesk:
    """Slack's side of installing by OAuth: the app's credentials, the codes handed to the redirect
    (code -> team, installer), the refresh tokens (refresh token -> the bot token it renews)."""

    client_id: str = ""
    client_secret: str = ""
    scopes: tuple[str, ...] = ()
    codes: dict[str, tuple[str, str, bool]] = field(default_factory=dict)  # + whether org-wide
    refresh_tokens: dict[str, str] = field(default_factory=dict)
    rotation_seconds: int | None = None  # a new install's token lifetime; None: tokens don't rotate
    refreshed_seconds: int = 12 * 3600  # a refreshed token's (Slack's: 12 hours)


class WebApi:
    def __init__(self, slack: Desk) -> None:
        self.slack = slack
        self.methods: dict[str, Callable[[dict[str, Any], str], dict[str, Any]]] = {
            "auth.test": self.auth_test,
            "chat.postMessage": self.post_message,
            "chat.update": self.update,
            "chat.delete": self.delete,
            "chat.postEphemeral": self.post_ephemeral,
            "chat.getPermalink": self.permalink,
            "conversations.members": self.conversation_members,
            "conversations.open": self.conversation_open,
            "conversations.info": self.conversation_info,
            "users.info": self.user_info,
            "users.list": self.users_list,
            "files.getUploadURLExternal": self.upload_url,
            "files.completeUploadExternal": self.complete_upload,
            "files.info": self.file_info,
            "views.open": self.views_open,
            "views.push": self.views_push,
            "views.update": self.views_update,
            "views.publish": self.views_publish,
        }

    @property
    def space(self) -> Workspace:
        return self.slack.workspace

    def call(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        """Answer `method` for the app whose bot token is `token`."""
        team = self.space.tokens.get(token or "")
        if team is None:
            raise SlackError("invalid_auth")
        if method not in self.methods:
            raise SlackError("unknown_method", method)
        channel = args.get("channel") or args.get("channel_id")
        known = self.space.conversations.get(channel) if isinstance(channel, str) else None
        if known is not None and known.team != team:
            if not self.same_org(token or "", known.team):
                raise SlackError("channel_not_found")
            team = known.team  # an org-wide install acts in each workspace of its org
        return self.methods[method](args, team)

    def same_org(self, token: str, team: str) -> bool:
        """Whether `token` is an org-wide install's and `team` a workspace of its org."""
        org = self.space.org_wide.get(token)
        return org is not None and self.space.team(team).enterprise_id == org

    # --- auth and people -------------------------------------------------------------------------
    def auth_test(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        found = self.space.teams[team]
        return {
            "url": f"https://{found.domain}.slack.com/",
            "team": found.name,
            "user": "touchpoint",
            "team_id": team,
            "user_id": found.bot_user,
            "bot_id": found.bot_id,
        }

    def person(self, user: str, team: str) -> Person:
        found = self.space.people.get(user)
        if found is None:
            if not self.slack.open_world:
                raise SlackError("user_not_found")
            found = self.space.people[user] = Person(user, team, "", user.lower())
        return found

    def user_info(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        require(args, "user")
        include_locale = str(args.get("include_locale")).lower() in {"true", "1"}
        return {"user": self.person(args["user"], team).as_slack(include_locale)}

    def users_list(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        """The team's people, bots and deactivated accounts among them, a page at a time; in the open world,
        everyone in one of the team's conversations exists."""
        include_locale = str(args.get("include_locale")).lower() in {"true", "1"}
        if self.slack.open_world:
            for channel, members in list(self.space.members.items()):
                conversation = self.space.conversations.get(channel)
                if conversation is not None and conversation.team == team:
                    for user in sorted(members):
                        self.person(user, team)
        people = sorted((p for p in self.space.people.values() if p.team == team), key=lambda p: p.id)
        page, following = _page(people, args)
        return {
            "members": [p.as_slack(include_locale) for p in page],
            "response_metadata": {"next_cursor": following},
        }

    # --- conversations ---------------------------------------------------------------------------
    def conversation(self, channel: str, team: str) -> Conversation:
        """The conversation `channel` names (a person's id: the app's DM with them)."""
        if channel[:1] in ("U", "W"):
            self.person(channel, team)
            return self.space.direct(team, channel)
        found = self.space.conversations.get(channel)
        if found is None:
            if not self.slack.open_world:
                raise SlackError("channel_not_found")
            found = self.space.conversations[channel] = Conversation(channel, team)
        return found

    def bot_in(self, conversation: Conversation, team: str) -> None:
        """Refuse unless the app is in the conversation (when the stand-in knows who is), and it is open."""
        members = self.space.members.get(conversation.id)
        if members is not None and self.space.teams[team].bot_user not in members:
            raise SlackError("not_in_channel")
        if conversation.archived:
            raise SlackError("is_archived")

    def conversation_members(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        require(args, "channel")
        members = self.space.members.get(args["channel"])
        if members is None or self.space.teams[team].bot_user not in members:
            raise SlackError("channel_not_found")
        page, following = _page(sorted(members), args)
        return {"members": page, "response_metadata": {"next_cursor": following}}

    def conversation_open(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        require(args, "users")
        if "," in args["users"]:
            raise SlackError("invalid_arguments", "the bot opens one-to-one DMs only")
        self.person(args["users"], team)
        return {"channel": {"id": self.space.direct(team, args["users"]).id}}

    def conversation_info(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        require(args, "channel")
        found = self.space.conversations.get(args["channel"])
        if found is None:
            raise SlackError("channel_not_found")
        members = self.space.members.get(found.id, set())
        return {
            "channel": {
                "id": found.id,
                "name": found.name,
                "is_channel": not found.is_im,
                "is_im": found.is_im,
                "is_archived": found.archived,
                "is_ext_shared": bool(found.connected),
                "is_member": self.space.teams[team].bot_user in members,
                "num_members": len(members),
                **({"user": found.user} if found.is_im else {}),
            }
        }

    # --- messages --------------------------------------------------------------------------------
    def post_message(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        require(args, "channel")
        check_message(args)
        self.check_pictures(args, team)
        conversation = self.conversation(args["channel"], team)
        self.bot_in(conversation, team)
        message = self._post(args, team, conversation)
        answer = {"type": "message", "text": message.text, "ts": message.ts, "user": message.user}
        return {"channel": conversation.id, "ts": message.ts, "message": answer}

    def check_pictures(self, args: dict[str, Any], team: str) -> None:
        """An image block on a Slack file (`slack_file.id`) shows a file of the workspace that was shared;
        Slack refuses the message otherwise (a file deleted since, or never uploaded)."""
        for block in as_json(args.get("blocks") or "[]"):
            file_id = ((block.get("slack_file") or {}) if block.get("type") == "image" else {}).get("id")
            stored = self.space.files.get(file_id) if file_id else None
            if file_id and (stored is None or stored.team != team or not stored.shared):
                raise SlackError("invalid_blocks", f"no such file for an image: {file_id}")

    def _post(
        self, args: dict[str, Any], team: str, conversation: Conversation, only_for: str | None = None
    ) -> Message:
        """The app's message (checked already) in `conversation`, as Slack stores it."""
        message = self.slack.post(
            conversation,
            self.space.teams[team].bot_user,
            text=args.get("text") or "",
            blocks=stored_blocks(as_json(args["blocks"])) if args.get("blocks") else None,
            thread_ts=args.get("thread_ts") or None,
            only_for=only_for,
        )
        message.metadata = as_json(args["metadata"]) if args.get("metadata") else None
        return message

    def update(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        require(args, "channel", "ts")
        check_message(args)
        self.check_pictures(args, team)
        conversation = self.conversation(args["channel"], team)
        message = conversation.find(args["ts"])
        if message is None:
            if not self.slack.open_world or args["ts"] in conversation.deleted:
                raise SlackError("message_not_found")
        elif message.user != self.space.teams[team].bot_user:
            raise SlackError("cant_update_message")
        else:
            message.text = args.get("text") or ""
            message.blocks = stored_blocks(as_json(args["blocks"])) if args.get("blocks") else None
            message.edited = True
            message.notice = None
            if args.get("metadata"):
                message.metadata = as_json(args["metadata"])
            self.slack.changed()
        return {"channel": conversation.id, "ts": args["ts"], "text": args.get("text") or ""}

    def delete(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        """chat.delete: a bot token deletes the app's own messages."""
        require(args, "channel", "ts")
        conversation = self.conversation(args["channel"], team)
        message = conversation.find(args["ts"])
        if message is None:
            raise SlackError("message_not_found")
        if message.user != self.space.teams[team].bot_user:
            raise SlackError("cant_delete_message")
        self.remove(conversation, message)
        return {"channel": conversation.id, "ts": args["ts"]}

    def remove(self, conversation: Conversation, message: Message) -> None:
        """A message deleted (by the app, or a person): chat.update then answers message_not_found."""
        conversation.messages.remove(message)
        conversation.deleted.append(message.ts)
        self.slack.changed()

    def post_ephemeral(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        require(args, "channel", "user")
        check_message(args)
        conversation = self.conversation(args["channel"], team)
        self.bot_in(conversation, team)
        members = self.space.members.get(conversation.id)
        if members is not None and args["user"] not in members:
            raise SlackError("user_not_in_channel")
        if (conversation.id, args["user"]) in self.slack.inactive:
            # Slack answers ok, but delivers an ephemeral only to a person active in the conversation.
            bot = self.space.teams[team].bot_user
            lost = Message(self.space.new_ts(time.time()), bot, args.get("text") or "", only_for=args["user"])
            self.slack.undelivered.append(lost)
            return {"message_ts": lost.ts}
        return {"message_ts": self._post(args, team, conversation, only_for=args["user"]).ts}

    def permalink(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        require(args, "channel", "message_ts")
        conversation = self.conversation(args["channel"], team)
        if conversation.find(args["message_ts"]) is None and not self.slack.open_world:
            raise SlackError("message_not_found")
        domain = self.space.teams[team].domain
        ts = args["message_ts"].replace(".", "")
        return {
            "channel": conversation.id,
            "permalink": f"https://{domain}.slack.com/archives/{conversation.id}/p{ts}",
        }

    # --- files -----------------------------------------------------------------------------------
    def upload_url(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        require(args, "filename", "length")
        if not str(args["length"]).isdigit() or int(args["length"]) <= 0:
            raise SlackError("invalid_arguments", "length must be a positive number of bytes")
        if len(args.get("alt_txt") or "") > ALT_TEXT_MAX:
            raise SlackError("invalid_arguments", f"alt_txt over {ALT_TEXT_MAX} characters")
        file_id = self.space.new_id("F")
        bot = self.space.teams[team].bot_user
        self.space.files[file_id] = StoredFile(
            file_id, team, bot, args["filename"], int(args["length"]), alt_txt=args.get("alt_txt") or ""
        )
        return {"upload_url": f"{self.slack.root}upload/{file_id}", "file_id": file_id}

    def complete_upload(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        files = as_json(args.get("files") or "[]")
        if not files or not isinstance(files, list):
            raise SlackError("invalid_arguments", "missing files")
        found: list[StoredFile] = []
        for each in files:
            stored = self.space.files.get(each.get("id", "")) if isinstance(each, dict) else None
            if stored is None or stored.data is None:
                raise SlackError("file_not_found")
            if len(stored.data) != stored.length:
                raise SlackError("file_uploaded_size_mismatch")
            found.append(stored)
        conversation = None
        if args.get("channel_id"):
            conversation = self.conversation(args["channel_id"], team)
            self.bot_in(conversation, team)
        for stored, each in zip(found, files, strict=True):
            stored.title, stored.shared = each.get("title") or stored.name, True
        if conversation is not None:
            self.slack.post(
                conversation,
                self.space.teams[team].bot_user,
                text=args.get("initial_comment") or "",
                thread_ts=args.get("thread_ts") or None,
                files=[f.id for f in found],
            )
        return {"files": [{"id": f.id, "title": f.title} for f in found]}

    def file_info(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        require(args, "file")
        stored = self.space.files.get(args["file"])
        if stored is None or stored.team != team or not stored.shared:
            raise SlackError("file_not_found")
        private = f"{self.slack.root}files-pri/{stored.id}/{stored.name}"
        return {
            "file": {
                "id": stored.id,
                "name": stored.name,
                "title": stored.title,
                "mimetype": stored.mimetype,
                "filetype": stored.filetype,
                "size": stored.length,
                "user": stored.user,
                "url_private": private,
                "url_private_download": private + "?download=1",
            }
        }

    # --- views -----------------------------------------------------------------------------------
    def use_trigger(self, trigger_id: str, team: str) -> Trigger:
        """The person a trigger_id opens a view for; each is good once, for `trigger_ttl` seconds."""
        trigger = self.slack.triggers.get(trigger_id)
        if trigger is None or trigger.team != team:
            raise SlackError("invalid_trigger_id")
        if trigger.used:
            raise SlackError("exchanged_trigger_id")
        if time.monotonic() - trigger.issued > self.slack.trigger_ttl:
            raise SlackError("expired_trigger_id")
        trigger.used = True
        return trigger

    def _external_id_free(self, view: dict[str, Any], but: OpenView | None = None) -> None:
        external = view.get("external_id")
        if external and any(
            v.view.get("external_id") == external and v is not but
            for stack in self.space.modals.values()
            for v in stack
        ):
            raise SlackError("duplicate_external_id")

    def _modal(self, args: dict[str, Any]) -> dict[str, Any]:
        view = stored_view(check_view(args["view"]))
        if view.get("type") != "modal":
            raise SlackError("invalid_arguments", "a modal's type is modal")
        self._external_id_free(view)
        return view

    def views_open(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        require(args, "trigger_id", "view")
        view = self._modal(args)
        trigger = self.use_trigger(args["trigger_id"], team)
        opened = OpenView(self.space.new_id("V"), team, trigger.user, view)
        self.space.modals[trigger.user] = [opened]
        self.slack.changed()
        return {"view": opened.as_slack(self.space.teams[team])}

    def views_push(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        require(args, "trigger_id", "view")
        view = self._modal(args)
        trigger = self.use_trigger(args["trigger_id"], team)
        stack = self.space.stack(trigger.user)
        if not stack:
            raise SlackError("not_found", "no modal is open to push onto")
        if len(stack) >= STACK_MAX:
            raise SlackError("push_limit_reached")
        pushed = OpenView(
            self.space.new_id("V"), team, trigger.user, view, root_id=stack[0].id, previous_id=stack[-1].id
        )
        stack.append(pushed)
        self.slack.changed()
        return {"view": pushed.as_slack(self.space.teams[team])}

    def views_update(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        require(args, "view")
        if not args.get("view_id") and not args.get("external_id"):
            raise SlackError("invalid_arguments", "views.update needs view_id or external_id")
        found = (
            self.space.find_view(args["view_id"])
            if args.get("view_id")
            else next(
                (
                    v
                    for stack in self.space.modals.values()
                    for v in stack
                    if v.view.get("external_id") == args["external_id"]
                ),
                None,
            )
        )
        if found is None or found.team != team:
            raise SlackError("not_found")
        if args.get("hash") and args["hash"] != found.hash:
            raise SlackError("hash_conflict")
        view = stored_view(check_view(args["view"]))
        self._external_id_free(view, but=found)
        found.replaced(view)
        self.slack.changed()
        return {"view": found.as_slack(self.space.teams[team])}

    def views_publish(self, args: dict[str, Any], team: str) -> dict[str, Any]:
        require(args, "user_id", "view")
        view = stored_view(check_view(args["view"]))
        if view.get("type") != "home":
            raise SlackError("invalid_arguments", "views.publish publishes a Home tab (type home)")
        self.person(args["user_id"], team)
        home = self.space.homes.get(args["user_id"])
        if home is not None and args.get("hash") and args["hash"] != home.hash:
            raise SlackError("hash_conflict")
        published = OpenView(home.id if home else self.space.new_id("V"), team, args["user_id"], view)
        self.space.homes[args["user_id"]] = published
        self.slack.changed()
        return {"view": published.as_slack(self.space.teams[team])}


def oauth_access(
    desk: OAuthDesk, space: Workspace, args: dict[str, Any], basic: tuple[str, str] | None
) -> dict[str, Any]:
    """oauth.v2.access: a code for the first token, or (token rotation) a refresh token for a new one;
    the app authenticates with its client id and secret (form fields or HTTP Basic)."""
    client = basic or (args.get("client_id"), args.get("client_secret"))
    if client != (desk.client_id, desk.client_secret):
        raise SlackError("invalid_client_id" if client[0] != desk.client_id else "bad_client_secret")
    if args.get("grant_type") == "refresh_token":
        old = desk.refresh_tokens.pop(args.get("refresh_token", ""), None)
        if old is None:
            raise SlackError("invalid_refresh_token")
        team_id = space.tokens.pop(old)
        org_wide = space.org_wide.pop(old, None) is not None
        return _issue(desk, space, team_id, "", desk.refreshed_seconds, org_wide)
    if args.get("code") not in desk.codes:
        raise SlackError("invalid_code")
    team_id, installer, org_wide = desk.codes.pop(args["code"])
    return _issue(desk, space, team_id, installer, desk.rotation_seconds, org_wide)


def _issue(
    desk: OAuthDesk,
    space: Workspace,
    team_id: str,
    installer: str,
    lifetime: int | None,
    org_wide: bool = False,
) -> dict[str, Any]:
    """oauth.v2.access's answer. In an Enterprise Grid org it names the org; an org-wide install names no
    workspace (`team` null) and its token serves every workspace of the org."""
    team = space.team(team_id)
    token = f"xoxb-{team_id}-{space.next_number()}"
    space.tokens[token] = team_id
    org = {"id": team.enterprise_id, "name": f"Org {team.enterprise_id}"} if team.enterprise_id else None
    if org_wide and team.enterprise_id:
        space.org_wide[token] = team.enterprise_id
    answer: dict[str, Any] = {
        "app_id": team.app_id,
        "authed_user": {"id": installer},
        "scope": ",".join(desk.scopes),
        "token_type": "bot",
        "access_token": token,
        "bot_user_id": team.bot_user,
        "team": None if token in space.org_wide else {"id": team_id, "name": team.name},
        "enterprise": org,
        "is_enterprise_install": token in space.org_wide,
    }
    if lifetime is not None:
        refresh = f"xoxe-1-{team_id}-{space.next_number()}"
        desk.refresh_tokens[refresh] = token
        answer |= {"refresh_token": refresh, "expires_in": lifetime}
    return answer


def message_answer(message: Message) -> dict[str, Any]:
    """A message as the app sees it in an interaction payload."""
    shaped: dict[str, Any] = {"type": "message", "ts": message.ts, "user": message.user, "text": message.text}
    if message.blocks:
        shaped["blocks"] = message.blocks
    if message.thread_ts:
        shaped["thread_ts"] = message.thread_ts
    return shaped


T = TypeVar("T")


def _page(items: list[T], args: dict[str, Any]) -> tuple[list[T], str]:
    """The page of `items` that `cursor` and `limit` ask for, and the cursor of the next ("" at the end)."""
    cursor, limit = args.get("cursor") or "0", args.get("limit") or 100
    if not str(cursor).isdigit() or not str(limit).isdigit():
        raise SlackError("invalid_cursor")
    start, limit = int(cursor), int(limit)
    return items[start : start + limit], str(start + limit) if start + limit < len(items) else ""
