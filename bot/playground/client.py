"""What Slack's client and servers do when a person acts: each action becomes a signed request to the
app, shaped as Slack sends it, and the app's ack is honoured as Slack honours it (a command's ack text is
an ephemeral reply; a submission's `response_action` shows errors, updates, pushes or clears its modal;
an empty ack closes it)."""

import json
import logging
import time
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from bot.playground import payloads
from bot.playground.blockkit import view_state
from bot.playground.checks import SlackError, check_view
from bot.playground.payloads import Reply, Sender, Who
from bot.playground.standin import ResponseTarget, SlackStandIn
from bot.playground.webapi import STACK_MAX, message_answer
from bot.playground.workspace import Conversation, Message, Notice, OpenView, StoredFile, stored_view

logger = logging.getLogger(__name__)

SLACKBOT = "USLACKBOT"
ACK_SECONDS = 3.0  # Slack gives an app 3 seconds to acknowledge (docs.slack.dev/interactivity)
FormState = dict[str, dict[str, Any]]  # view.state.values: block id -> action id -> the element's state


class Refused(Exception):
    """An action the person can't take (not in the channel, the message gone…): the page says why."""


@dataclass(frozen=True)
class Shortcut:
    name: str
    callback_id: str
    description: str


@dataclass(frozen=True)
class App:
    """The app as its manifest (app.yaml) declares it: its slash command and message shortcuts."""

    name: str
    command: str
    description: str
    usage_hint: str
    shortcuts: tuple[Shortcut, ...]


# As app.yaml says (tests/bot/playground/test_manifest_facts.py holds them equal).
APP = App(
    name="Touchpoint",
    command="/touchpoint",
    description="Run a customer touchpoint map workshop in this channel",
    usage_hint="new <title> | add <stage> / <channel> / <title> | export | import | next | delete | audit | "
    "takeover | help",
    shortcuts=(
        Shortcut(
            "Add to touchpoint map",
            "tp_add_to_map",
            "Keep this message as evidence on a touchpoint, or draft a new touchpoint from it",
        ),
    ),
)


class Client:
    """One workspace's people acting on the app at `sender`'s endpoint."""

    def __init__(self, slack: SlackStandIn, sender: Sender, team: str, app: App = APP) -> None:
        self.slack = slack
        self.sender = sender
        self.team = team
        self.app = app
        # What the page can't send back itself: the options last suggested to each external select of a
        # person's view (by control name), and the files people gave the app, by id.
        self.suggested: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = {}
        self.uploaded: dict[str, dict[str, Any]] = {}

    @property
    def bot(self) -> str:
        return self.slack.workspace.teams[self.team].bot_user

    def _who(self, user: str) -> Who:
        team = self.slack.workspace.teams[self.team]
        return Who(self.team, user, team.domain, team.app_id)

    def _conversation(self, user: str, channel: str) -> Conversation:
        with self.slack.lock:
            found = self.slack.workspace.conversations.get(channel)
            if found is None or user not in self.slack.workspace.members.get(channel, set()):
                raise Refused("You are not in that conversation.")
            return found

    def _message(self, user: str, channel: str, ts: str) -> Message:
        conversation = self._conversation(user, channel)
        with self.slack.lock:
            found = next((m for m in self.slack.workspace.visible(conversation, user) if m.ts == ts), None)
        if found is None:
            raise Refused("That message is no longer there.")
        return found

    def _slackbot(self, user: str, channel: str, text: str) -> None:
        """An ephemeral note from Slack itself, as Slack's client shows a failed command."""
        with self.slack.lock:
            conversation = self.slack.workspace.conversations[channel]
            self.slack.post(conversation, SLACKBOT, text=text, only_for=user)

    # --- the composer --------------------------------------------------------------------------------
    def say(self, user: str, channel: str, text: str, thread_ts: str | None = None) -> None:
        """Send what `user` typed: a slash command, or a message."""
        conversation = self._conversation(user, channel)
        text = text.strip()
        if not text:
            raise Refused("Type a message or a command.")
        name, _, rest = text.partition(" ")
        if name == self.app.command:
            self.command(user, conversation, rest.strip())
        elif name == "/invite":
            self.invite(user, conversation, rest)
        elif name.startswith("/"):
            self._slackbot(
                user,
                channel,
                f"`{name}` is not a valid command. In Slack, all messages that start with the “/” character "
                "are interpreted as commands.",
            )
        else:
            with self.slack.lock:
                self.slack.post(conversation, user, text=text, thread_ts=thread_ts)

    def command(self, user: str, conversation: Conversation, text: str) -> Reply:
        target = ResponseTarget(self.team, conversation.id, user)
        fields = payloads.command(
            self._who(user),
            channel=conversation.id,
            channel_name=conversation.name,
            text=text,
            response_url=self.slack.issue_response_url(target),
            trigger_id=self.slack.issue_trigger(self.team, user),
        )
        reply = self.sender.form(fields)
        if not self._acked(reply):
            self._slackbot(
                user, conversation.id, f"`{self.app.command}` failed with the error “{_failure(reply)}”"
            )
            return reply
        body = _json(reply.body)
        if body is None and reply.body.strip():
            body = {"text": reply.body}
        if body:
            with suppress(SlackError):  # kept as a notice where the reply would have appeared
                self.slack.reply(target, {"response_type": "ephemeral", **body}, "command ack")
        return reply

    def invite(self, user: str, conversation: Conversation, text: str) -> None:
        """`/invite @Touchpoint`: the app joins, and Slack tells it with `member_joined_channel`."""
        named = text.strip().lower()
        if named not in ("@touchpoint", f"<@{self.bot.lower()}>", "touchpoint"):
            self._slackbot(user, conversation.id, "Only the app can be invited here: `/invite @Touchpoint`.")
            return
        with self.slack.lock:
            members = self.slack.workspace.members.setdefault(conversation.id, set())
            if self.bot in members:
                self.slack.post(
                    conversation, SLACKBOT, text="Touchpoint is already in this channel.", only_for=user
                )
                return
            members.add(self.bot)
            self.slack.post(
                conversation, self.bot, text=f"joined, added by <@{user}>.", subtype="channel_join"
            )
        event = {
            "type": "member_joined_channel",
            "user": self.bot,
            "channel": conversation.id,
            "channel_type": "C",
            "team": self.team,
            "inviter": user,
            "event_ts": f"{time.time():.6f}",
        }
        self.sender.event(payloads.event_envelope(event, team=self.team, bot_user=self.bot))

    # --- messages --------------------------------------------------------------------------------------
    def act(
        self,
        user: str,
        channel: str,
        ts: str,
        block_id: str,
        action_id: str,
        choice: Any = None,
        state: FormState | None = None,
    ) -> Reply:
        """Click a button, or choose in a menu, of a message `user` sees (`state`: what is entered in its
        input blocks, if it has any)."""
        message = self._message(user, channel, ts)
        element = _element(message.blocks or [], block_id, action_id)
        conversation = self._conversation(user, channel)
        target = ResponseTarget(self.team, channel, user, source_ts=ts)
        payload = payloads.message_actions(
            self._who(user),
            trigger_id=self.slack.issue_trigger(self.team, user),
            action=action_of(element, block_id, choice),
            channel=channel,
            channel_name=conversation.name,
            message=message_answer(message),
            response_url=self.slack.issue_response_url(target),
            ephemeral=message.only_for is not None,
            state=state,
        )
        return self._interaction(user, payload)

    def shortcut(self, user: str, channel: str, ts: str, callback_id: str) -> Reply:
        """Use a message shortcut on a message `user` sees."""
        if callback_id not in {s.callback_id for s in self.app.shortcuts}:
            raise Refused("The app has no such shortcut.")
        message = self._message(user, channel, ts)
        conversation = self._conversation(user, channel)
        payload = payloads.message_shortcut(
            self._who(user),
            trigger_id=self.slack.issue_trigger(self.team, user),
            callback_id=callback_id,
            channel=channel,
            channel_name=conversation.name,
            message=message_answer(message),
            response_url=self.slack.issue_response_url(ResponseTarget(self.team, channel, user)),
        )
        return self._interaction(user, payload)

    def _interaction(self, user: str, payload: dict[str, Any]) -> Reply:
        reply = self.sender.interaction(payload)
        if not self._acked(reply):
            self._alert(
                user, Notice("ack", _failure(reply), "The app didn't acknowledge the action in time.")
            )
        return reply

    def _acked(self, reply: Reply) -> bool:
        return reply.status == 200 and reply.seconds <= ACK_SECONDS

    def _alert(self, user: str, notice: Notice) -> None:
        with self.slack.lock:
            self.slack.alerts.setdefault(user, []).append(notice)
            self.slack.changed()

    # --- views -------------------------------------------------------------------------------------
    def view(self, user: str, view_id: str) -> OpenView:
        """The modal on top of `user`'s stack, or their Home tab, if it is `view_id`."""
        with self.slack.lock:
            stack = self.slack.workspace.modals.get(user) or []
            home = self.slack.workspace.homes.get(user)
            if stack and stack[-1].id == view_id:
                return stack[-1]
            if home is not None and home.id == view_id:
                return home
        raise Refused("That view is no longer open.")

    def view_act(
        self, user: str, view_id: str, block_id: str, action_id: str, choice: Any, state: FormState
    ) -> Reply:
        """Use an element of a modal or Home tab (a button, or an input that dispatches its action)."""
        view = self.view(user, view_id)
        view.state = state
        element = _element(view.view.get("blocks", []), block_id, action_id)
        payload = payloads.view_actions(
            self._who(user),
            trigger_id=self.slack.issue_trigger(self.team, user),
            action=action_of(element, block_id, choice),
            view=view.as_slack(self.slack.workspace.teams[self.team], state),
        )
        return self._interaction(user, payload)

    def submit(self, user: str, view_id: str, state: FormState) -> Reply:
        """Submit the modal on top of `user`'s stack, and do what the app's ack asks."""
        view = self.view(user, view_id)
        view.state = state
        payload = payloads.view_submission(
            self._who(user),
            trigger_id=self.slack.issue_trigger(self.team, user),
            view=view.as_slack(self.slack.workspace.teams[self.team], state),
        )
        reply = self.sender.interaction(payload)
        if not self._acked(reply):
            self._alert(
                user, Notice("view_submission", _failure(reply), "We had some trouble connecting. Try again?")
            )
            return reply
        try:
            self._after_submission(user, view, _json(reply.body) or {})
        except SlackError as error:
            logger.warning(
                "Slack stand-in refused a submission's ack: %s %s", error.error, error.detail[:500]
            )
            self._alert(user, Notice("view_submission ack", error.error, error.detail[:2000]))
        return reply

    def _after_submission(self, user: str, view: OpenView, ack: dict[str, Any]) -> None:
        """docs.slack.dev/surfaces/modals: an empty ack closes the view; `response_action` errors, update,
        push or clear."""
        action = ack.get("response_action")
        with self.slack.lock:
            stack = self.slack.workspace.stack(user)
            if action == "errors":
                inputs = {b.get("block_id") for b in view.view.get("blocks", []) if b.get("type") == "input"}
                errors = ack.get("errors")
                if not isinstance(errors, dict) or not errors or not set(errors) <= inputs:
                    raise SlackError(
                        "invalid_arguments", f"errors must name input blocks of the view: {errors!r}"
                    )
                view.errors = {k: str(v) for k, v in errors.items()}
            elif action == "update":
                view.replaced(stored_view(check_view(ack.get("view"))))
            elif action == "push":
                if len(stack) >= STACK_MAX:
                    raise SlackError("push_limit_reached")
                pushed = stored_view(check_view(ack.get("view")))
                stack.append(
                    OpenView(
                        self.slack.workspace.new_id("V"),
                        self.team,
                        user,
                        pushed,
                        root_id=stack[0].id,
                        previous_id=view.id,
                    )
                )
            elif action == "clear":
                stack.clear()
            elif action is None:
                if view in stack:
                    stack.remove(view)
            else:
                raise SlackError("invalid_arguments", f"unknown response_action {action!r}")
            self.slack.changed()

    def close(self, user: str, view_id: str) -> None:
        """Close the modal on top of `user`'s stack (its Cancel button or ×); the app hears of it only if
        the view asked to (`notify_on_close`)."""
        view = self.view(user, view_id)
        with self.slack.lock:
            stack = self.slack.workspace.stack(user)
            if view in stack:
                stack.remove(view)
            self.slack.changed()
        if view.view.get("notify_on_close"):
            shown = view.as_slack(self.slack.workspace.teams[self.team])
            self.sender.interaction(payloads.view_closed(self._who(user), view=shown))

    def suggest(
        self, user: str, view_id: str, block_id: str, action_id: str, typed: str
    ) -> list[dict[str, Any]]:
        """The options the app suggests for what `user` typed in an external select."""
        view = self.view(user, view_id)
        _element(view.view.get("blocks", []), block_id, action_id)
        payload = payloads.block_suggestion(
            self._who(user),
            action_id=action_id,
            block_id=block_id,
            value=typed,
            view=view.as_slack(self.slack.workspace.teams[self.team]),
        )
        reply = self.sender.interaction(payload)
        answer = _json(reply.body) or {}
        options = answer.get("options") or [
            o for g in answer.get("option_groups") or [] for o in g.get("options", [])
        ]
        if reply.status != 200 or not isinstance(options, list):
            return []
        self.suggested.setdefault((user, view_id), {})[f"{block_id}/{action_id}"] = options
        return options

    def upload(self, user: str, name: str, data: bytes) -> dict[str, Any]:
        """A file `user` picked in a modal's file input: what view_submission reports of it."""
        with self.slack.lock:
            file_id = self.slack.workspace.new_id("F")
            stored = StoredFile(file_id, self.team, user, name, len(data), name, data=data, shared=True)
            self.slack.workspace.files[file_id] = stored
        described = {
            "id": file_id,
            "name": name,
            "title": name,
            "filetype": stored.filetype,
            "size": len(data),
        }
        self.uploaded[file_id] = described
        return described

    def read(self, user: str, view_id: str, form: dict[str, list[str]]) -> FormState:
        """`user`'s filled-in form (the browser's values by control name) as Slack's view.state.values for
        the view on screen: the options suggested and the files uploaded are the stand-in's to know."""
        view = self.view(user, view_id)
        with self.slack.lock:
            person = self.slack.workspace.people[user]
        return view_state(
            view.view,
            form,
            options=self.suggested.get((user, view_id), {}),
            files=self.uploaded,
            zone=person.zone(),
        )

    def read_message(self, user: str, channel: str, ts: str, form: dict[str, list[str]]) -> FormState:
        """What `user` entered in the input blocks of a message they see, as Slack's state.values."""
        message = self._message(user, channel, ts)
        with self.slack.lock:
            person = self.slack.workspace.people[user]
        return view_state({"blocks": message.blocks or []}, form, zone=person.zone())

    def open_home(self, user: str) -> Reply:
        """`user` opens the app's Home tab: Slack sends `app_home_opened`."""
        with self.slack.lock:
            channel = self.slack.workspace.direct(self.team, user).id
            home = self.slack.workspace.homes.get(user)
            event: dict[str, Any] = {
                "type": "app_home_opened",
                "user": user,
                "channel": channel,
                "tab": "home",
                "event_ts": f"{time.time():.6f}",
            }
            if home is not None:
                event["view"] = home.as_slack(self.slack.workspace.teams[self.team])
        return self.sender.event(payloads.event_envelope(event, team=self.team, bot_user=self.bot))


def _json(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _failure(reply: Reply) -> str:
    if reply.status == 200:
        return "operation_timeout"
    return "dispatch_failed"


def _element(blocks: list[dict[str, Any]], block_id: str, action_id: str) -> dict[str, Any]:
    """The element the person used. Slack gives id-less blocks new ids each time a message is updated, and
    forwards a click on a version of the message the person's client showed a moment before: the element
    is found by its action id when its block's id has changed."""
    found = []
    for block in blocks:
        candidates = [block.get("accessory"), block.get("element"), *block.get("elements", [])]
        for element in candidates:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                if block.get("block_id", "") == block_id:
                    return element
                found.append(element)
    if len(found) == 1:
        return found[0]
    raise Refused("That button or menu is no longer there.")


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        *element.get("options", []),
        *(o for g in element.get("option_groups", []) for o in g.get("options", [])),
    ]


def action_of(element: dict[str, Any], block_id: str, choice: Any) -> dict[str, Any]:
    """The `actions[0]` of a block_actions payload for `element` used with `choice` (an option's value,
    several values, a user or conversation id, a date, a time, or an external select's option)."""
    kind = element["type"]
    action: dict[str, Any] = {
        "type": kind,
        "block_id": block_id,
        "action_id": element["action_id"],
        "action_ts": f"{time.time():.6f}",
    }

    def option(value: Any) -> dict[str, Any]:
        found = next((o for o in _options(element) if o.get("value") == value), None)
        if found is None:
            raise Refused("That choice is not one of the menu's options.")
        return found

    match kind:
        case "button":
            action |= {"text": element.get("text"), "value": element.get("value")}
            if element.get("style"):
                action["style"] = element["style"]
        case "static_select" | "overflow" | "radio_buttons":
            action["selected_option"] = option(choice)
        case "multi_static_select" | "checkboxes":
            action["selected_options"] = [option(v) for v in _listed(choice)]
        case "external_select":
            action["selected_option"] = choice
        case "users_select":
            action["selected_user"] = choice
        case "multi_users_select":
            action["selected_users"] = _listed(choice)
        case "conversations_select":
            action["selected_conversation"] = choice
        case "channels_select":
            action["selected_channel"] = choice
        case "datepicker":
            action["selected_date"] = choice
        case "timepicker":
            action["selected_time"] = choice
        case "plain_text_input":
            action["value"] = choice
        case _:
            raise Refused(f"The playground can't use a {kind} yet.")
    return action


def _listed(choice: Any) -> list[Any]:
    return list(choice) if isinstance(choice, list | tuple) else [choice]
