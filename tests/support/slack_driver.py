"""Sends requests to the bot's HTTP endpoint exactly as Slack does: signed, with Slack's payload shapes
(built by `bot.playground.payloads`, as the playground's page builds them), with the tests' defaults."""

import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from bot.playground import payloads
from bot.playground.payloads import Reply, Sender, Who, sign
from bot.playground.standin import SlackStandIn
from bot.playground.workspace import INITIALS
from tests.support.bidi import bare
from tests.support.fake_slack import BOT_USER_ID, TEAM_ID

__all__ = ["SIGNING_SECRET", "Reply", "SlackDriver", "find_element", "option_value", "sign", "state_of"]

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


class SlackDriver(Sender):
    """`slack`, the stand-in the bot calls, issues the trigger ids a person's actions carry; without it
    they are made up (and views.open refuses them). With `slack`, each request carries a response_url of its
    own, as Slack's do (named after `response_url`: its replies are recorded, and its uses counted), unless
    `one_response_url` asks for `response_url` itself on every request."""

    def __init__(
        self,
        endpoint: str,
        response_url: str,
        secret: str = SIGNING_SECRET,
        slack: SlackStandIn | None = None,
        one_response_url: bool = False,
    ) -> None:
        super().__init__(endpoint, secret)
        self._response_url = response_url
        self.slack = slack
        self.one_response_url = one_response_url
        self._issued = 0

    @property
    def response_url(self) -> str:
        """The response_url of the next request."""
        if self.slack is None or self.one_response_url:
            return self._response_url
        self._issued += 1
        return self.slack.response_url(f"{self._response_url.rsplit('/', 1)[-1]}-{self._issued}")

    def _who(self, team: str, user: str, *, enterprise: str | None = None, org_wide: bool = False) -> Who:
        """Who acts: with the stand-in, a person of another organisation (a Slack Connect guest) carries
        their own team in the payload, as Slack's do; `enterprise` and `org_wide` as in `command_body`."""
        person = self.slack.workspace.people.get(user) if self.slack is not None else None
        guest = person.team if person is not None and person.team != team else ""
        return Who(team, user, user_team=guest, enterprise=enterprise, org_wide=org_wide)

    def trigger_id(self, user: str, team: str) -> str:
        if self.slack is not None:
            return self.slack.issue_trigger(team, user)
        return "1700000000.1.made-up"

    def command_body(
        self,
        text: str,
        *,
        user: str = "U0ALICE01",
        channel: str = "C0WORKSHOP",
        team: str = TEAM_ID,
        enterprise: str | None = None,
        org_wide: bool = False,
        channel_name: str = "journey-workshop",
    ) -> dict[str, str]:
        """The form fields of a slash command invocation, as Slack sends them (from a workspace of the
        Enterprise Grid org `enterprise`, installed there or, `org_wide`, for the whole org)."""
        return payloads.command(
            self._who(team, user, enterprise=enterprise, org_wide=org_wide),
            channel=channel,
            channel_name=channel_name,
            text=text,
            response_url=self.response_url,
            trigger_id=self.trigger_id(user, team),
        )

    def command(self, text: str, **where: Any) -> Reply:
        return self.form(self.command_body(text, **where))

    def event(  # type: ignore[override]
        self,
        event: dict[str, Any],
        *,
        team: str = TEAM_ID,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        enterprise: str | None = None,
        org_wide: bool = False,
    ) -> Reply:
        """Deliver `event` as Slack does; a redelivery repeats its `event_id` and carries retry headers."""
        envelope = payloads.event_envelope(
            event,
            team=team,
            bot_user=BOT_USER_ID,
            event_id=event_id,
            enterprise=enterprise,
            org_wide=org_wide,
        )
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return super().event(envelope, headers)

    def click(
        self,
        blocks: list[dict[str, Any]],
        action_id: str,
        *,
        user: str = "U0ALICE01",
        channel: str = "C0WORKSHOP",
        message_ts: str = "1700000000.000100",
        team: str = TEAM_ID,
        value: str | None = None,
        choose: str | None = None,
        action_ts: str | None = None,
        answers: dict[str, Any] | None = None,
        ephemeral: bool = False,
        response_url: str | None = None,
    ) -> Reply:
        """Click the button `action_id` found in `blocks`, a message the bot posted, as Slack reports it;
        for a menu, pick the option labelled `choose`. Slack retries a click with its `action_ts`. With
        `answers`, the message's input blocks were filled in so (as `submit` takes them); `response_url`
        the click's, if not the next one the driver issues."""
        block, element = find_element(blocks, action_id)
        action = {
            "type": element["type"],
            "action_id": action_id,
            "block_id": block.get("block_id", "b"),
            "action_ts": action_ts or f"{time.time():.6f}",
        }
        if choose is None:
            action |= {"text": element.get("text"), "value": element.get("value") if value is None else value}
        else:
            action["selected_option"] = next(o for o in element["options"] if o["text"]["text"] == choose)
        payload = payloads.message_actions(
            self._who(team, user),
            trigger_id=self.trigger_id(user, team),
            action=action,
            channel=channel,
            channel_name="journey-workshop",
            message={"type": "message", "ts": message_ts, "blocks": blocks},
            response_url=response_url or self.response_url,
            ephemeral=ephemeral,
            state=None if answers is None else values_of(blocks, answers),
        )
        return self.interaction(payload)

    def click_in_view(
        self,
        view: dict[str, Any],
        view_id: str,
        action_id: str,
        *,
        user: str = "U0ALICE01",
        team: str = TEAM_ID,
    ) -> Reply:
        """Click the button `action_id` in a view the bot published or opened (the Home tab, a modal): Slack
        reports no channel then."""
        block, element = find_element(view["blocks"], action_id)
        action = {
            "type": element["type"],
            "action_id": action_id,
            "block_id": block.get("block_id", "b"),
            "action_ts": f"{time.time():.6f}",
            "text": element.get("text"),
            "value": element.get("value"),
        }
        shown = {**view, "id": view_id, "team_id": team, "state": {"values": {}}}
        payload = payloads.view_actions(
            Who(team, user), trigger_id=self.trigger_id(user, team), action=action, view=shown
        )
        return self.interaction(payload)

    def submit(
        self,
        view: dict[str, Any],
        view_id: str,
        answers: dict[str, Any],
        *,
        user: str = "U0ALICE01",
        team: str = TEAM_ID,
        private_metadata: str | None = None,
    ) -> Reply:
        """Submit `view` (as the bot opened it) with `answers` by block id (or the element's action id),
        shaped as Slack's view state."""
        submitted = {
            **view,
            "id": view_id,
            "team_id": team,
            "state": {"values": values_of(view["blocks"], answers)},
            "hash": uuid.uuid4().hex,
            "private_metadata": view.get("private_metadata", "")
            if private_metadata is None
            else private_metadata,
            "root_view_id": view_id,
            "app_id": "A0TOUCHPT1",
            "bot_id": "B0BOT0001",
        }
        payload = payloads.view_submission(
            self._who(team, user), trigger_id=self.trigger_id(user, team), view=submitted
        )
        return self.interaction(payload)

    def shortcut(
        self,
        callback_id: str,
        message: dict[str, Any],
        *,
        channel: str,
        user: str = "U0ALICE01",
        team: str = TEAM_ID,
    ) -> Reply:
        """Use a message shortcut on `message` (with its ts, text and author) in `channel`."""
        payload = payloads.message_shortcut(
            self._who(team, user),
            trigger_id=self.trigger_id(user, team),
            callback_id=callback_id,
            channel=channel,
            channel_name="support",
            message=message,
            response_url=self.response_url,
        )
        return self.interaction(payload)

    def suggest(
        self,
        view: dict[str, Any],
        view_id: str,
        action_id: str,
        typed: str,
        *,
        user: str = "U0ALICE01",
        team: str = TEAM_ID,
    ) -> Reply:
        """Type `typed` in the external select `action_id` of an open modal (Slack asks for options)."""
        block = next(
            b for b in view["blocks"] if b["type"] == "input" and b["element"]["action_id"] == action_id
        )
        shown = {**view, "id": view_id, "team_id": team, "state": {"values": {}}}
        payload = payloads.block_suggestion(
            self._who(team, user), action_id=action_id, block_id=block["block_id"], value=typed, view=shown
        )
        return self.interaction(payload)


_UNANSWERED = object()


def values_of(blocks: list[dict[str, Any]], answers: dict[str, Any]) -> dict[str, Any]:
    """Slack's `state.values` of the input `blocks` (a modal's or a message's) filled in with `answers` by
    block id (or the element's action id); a field left alone reports what it started with."""
    values = {}
    for block in blocks:
        if block["type"] != "input":
            continue
        element = block["element"]
        answer = answers.get(block["block_id"], answers.get(element["action_id"], _UNANSWERED))
        if answer is not _UNANSWERED:
            values[block["block_id"]] = {element["action_id"]: state_of(element, answer)}
        elif (kept := untouched(element)) is not None:  # Slack sends what a field starts with
            values[block["block_id"]] = {element["action_id"]: kept}
    return values


def option_value(view: dict[str, Any], field: str, label_start: str) -> str:
    """The value of the option of menu `field` in `view` whose label (bidi marks aside) starts with
    `label_start`."""
    [block] = [
        b for b in view["blocks"] if field in (b.get("block_id"), b.get("element", {}).get("action_id"))
    ]
    options = block["element"]["options"]
    return next(o["value"] for o in options if bare(o["text"]["text"]).startswith(label_start))


def find_element(blocks: list[dict[str, Any]], action_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    for block in blocks:
        elements = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        for element in elements:
            if element.get("action_id") == action_id:
                return block, element
    raise AssertionError(f"no element {action_id} in {json.dumps(blocks)[:500]}")


def untouched(element: dict[str, Any]) -> dict[str, Any] | None:
    """What Slack reports for `element` when the person left it as the bot filled it in; None for an
    element the bot left empty."""
    kind = element["type"]
    for initial, selected in INITIALS.items():
        if initial in element:
            zone = {"timezone": element["timezone"]} if element.get("timezone") else {}
            return {"type": kind, selected: element[initial]} | zone
    return None


def state_of(element: dict[str, Any], answer: Any) -> dict[str, Any]:
    """What Slack reports for `element` after a person entered `answer` (text, or option values)."""
    kind = element["type"]
    options = {o["value"]: o for o in element.get("options", [])}
    match kind:
        case "plain_text_input" | "number_input":
            return {"type": kind, "value": answer}
        case "datetimepicker":  # a UNIX time, or a local `YYYY-MM-DDTHH:MM` read in UTC as a browser sends it
            if isinstance(answer, str):
                answer = int(datetime.fromisoformat(answer).replace(tzinfo=UTC).timestamp())
            return {"type": kind, "selected_date_time": answer}
        case "timepicker":  # `HH:MM`, reported with the zone the picker was given
            zone = {"timezone": element["timezone"]} if element.get("timezone") else {}
            return {"type": kind, "selected_time": answer} | zone
        case "static_select" | "radio_buttons":
            return {"type": kind, "selected_option": options[answer] if answer is not None else None}
        case "checkboxes" | "multi_static_select":
            return {"type": kind, "selected_options": [options[v] for v in answer]}
        case "external_select":  # the answer is one of the options the bot suggested
            return {"type": kind, "selected_option": answer}
        case "users_select":
            return {"type": kind, "selected_user": answer}
        case "multi_users_select":
            return {"type": kind, "selected_users": list(answer)}
        case "file_input":  # the answer is the files as FakeSlack.add_file describes them
            return {"type": kind, "files": list(answer)}
    raise AssertionError(f"the driver doesn't know how to fill a {kind}")
