"""Sends requests to the bot's HTTP endpoint exactly as Slack does: signed, with Slack's payload shapes."""

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from tests.support.bidi import bare
from tests.support.fake_slack import BOT_USER_ID, TEAM_ID

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@dataclass
class Reply:
    status: int
    body: str
    seconds: float

    def json(self) -> dict[str, Any]:
        return json.loads(self.body)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """Slack's v0 request signature: HMAC-SHA256 of `v0:<timestamp>:<body>`."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackDriver:
    def __init__(self, endpoint: str, response_url: str, secret: str = SIGNING_SECRET) -> None:
        self.endpoint = endpoint
        self.response_url = response_url
        self.secret = secret

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        timestamp = int(time.time()) if timestamp is None else timestamp
        request = Request(self.endpoint, data=body, method="POST")
        request.add_header("Content-Type", content_type)
        request.add_header("X-Slack-Request-Timestamp", str(timestamp))
        request.add_header("X-Slack-Signature", signature or sign(self.secret, timestamp, body))
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        started = time.perf_counter()
        try:
            with urlopen(request, timeout=10) as response:
                return Reply(response.status, response.read().decode(), time.perf_counter() - started)
        except HTTPError as error:
            return Reply(error.code, error.read().decode(), time.perf_counter() - started)

    def command_body(
        self, text: str, *, user: str = "U0ALICE01", channel: str = "C0WORKSHOP", team: str = TEAM_ID
    ) -> dict[str, str]:
        """The form fields of a slash command invocation, as Slack sends them."""
        return {
            "token": "verification-token-unused",
            "team_id": team,
            "team_domain": "touchpoint-test",
            "channel_id": channel,
            "channel_name": "journey-workshop",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/touchpoint",
            "text": text,
            "api_app_id": "A0TOUCHPT1",
            "is_enterprise_install": "false",
            "response_url": self.response_url,
            "trigger_id": f"{int(time.time())}.{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex}",
        }

    def command(self, text: str, **where: str) -> Reply:
        body = urlencode(self.command_body(text, **where)).encode()
        return self.post(body, "application/x-www-form-urlencoded")

    # --- Events API: a JSON envelope around the event ---------------------------------------------------
    def event(
        self,
        event: dict[str, Any],
        *,
        team: str = TEAM_ID,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> Reply:
        """Deliver `event` as Slack does; a redelivery repeats its `event_id` and carries retry headers."""
        envelope = {
            "token": "verification-token-unused",
            "team_id": team,
            "context_team_id": team,
            "context_enterprise_id": None,
            "api_app_id": "A0TOUCHPT1",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": team,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-{uuid.uuid4().hex}",
        }
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return self.post(json.dumps(envelope).encode(), "application/json", headers=headers)

    # --- interactivity: payloads as Slack posts them, form-encoded under `payload=` ---------------------
    def _interaction(self, payload: dict[str, Any]) -> Reply:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded")

    def _who(self, user: str, team: str) -> dict[str, Any]:
        return {
            "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team},
            "team": {"id": team, "domain": "touchpoint-test"},
            "api_app_id": "A0TOUCHPT1",
            "token": "verification-token-unused",
            "trigger_id": f"{int(time.time())}.{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex}",
            "is_enterprise_install": False,
            "enterprise": None,
        }

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
    ) -> Reply:
        """Click the button `action_id` found in `blocks`, a message the bot posted, as Slack reports it;
        for a menu, pick the option labelled `choose`. Slack retries a click with its `action_ts`."""
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
        payload = {
            "type": "block_actions",
            **self._who(user, team),
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel,
                "is_ephemeral": False,
            },
            "channel": {"id": channel, "name": "journey-workshop"},
            "message": {"type": "message", "ts": message_ts, "blocks": blocks},
            "state": {"values": {}},
            "response_url": self.response_url,
            "actions": [action],
        }
        return self._interaction(payload)

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
        """Submit `view` (as the bot opened it) with `answers` by block id, shaped as Slack's view state."""
        values = {}
        for block in view["blocks"]:
            if block["type"] == "input" and block["block_id"] in answers:
                values[block["block_id"]] = {
                    block["element"]["action_id"]: state_of(block["element"], answers[block["block_id"]])
                }
        payload = {
            "type": "view_submission",
            **self._who(user, team),
            "view": {
                **view,
                "id": view_id,
                "team_id": team,
                "state": {"values": values},
                "hash": uuid.uuid4().hex,
                "private_metadata": view.get("private_metadata", "")
                if private_metadata is None
                else private_metadata,
                "root_view_id": view_id,
                "app_id": "A0TOUCHPT1",
                "bot_id": "B0BOT0001",
            },
            "response_urls": [],
        }
        return self._interaction(payload)

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
        payload = {
            "type": "message_action",
            **self._who(user, team),
            "callback_id": callback_id,
            "action_ts": f"{time.time():.6f}",
            "channel": {"id": channel, "name": "support"},
            "message_ts": message["ts"],
            "message": {"type": "message", **message},
            "response_url": self.response_url,
        }
        return self._interaction(payload)

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
        block, _ = next(
            (b, b["element"])
            for b in view["blocks"]
            if b["type"] == "input" and b["element"]["action_id"] == action_id
        )
        payload = {
            "type": "block_suggestion",
            **self._who(user, team),
            "action_id": action_id,
            "block_id": block["block_id"],
            "value": typed,
            "container": {"type": "view", "view_id": view_id},
            "view": {**view, "id": view_id, "team_id": team, "state": {"values": {}}},
        }
        return self._interaction(payload)


def option_value(view: dict[str, Any], field: str, label_start: str) -> str:
    """The value of the option of menu `field` in `view` whose label (bidi marks aside) starts with
    `label_start`."""
    [block] = [b for b in view["blocks"] if b.get("block_id") == field]
    options = block["element"]["options"]
    return next(o["value"] for o in options if bare(o["text"]["text"]).startswith(label_start))


def find_element(blocks: list[dict[str, Any]], action_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    for block in blocks:
        elements = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        for element in elements:
            if element.get("action_id") == action_id:
                return block, element
    raise AssertionError(f"no element {action_id} in {json.dumps(blocks)[:500]}")


def state_of(element: dict[str, Any], answer: Any) -> dict[str, Any]:
    """What Slack reports for `element` after a person entered `answer` (text, or option values)."""
    kind = element["type"]
    options = {o["value"]: o for o in element.get("options", [])}
    match kind:
        case "plain_text_input":
            return {"type": kind, "value": answer}
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
