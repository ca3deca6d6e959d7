"""Requests as Slack sends them to an app: slash commands, Events API envelopes and interaction payloads,
shaped as docs.slack.dev describes them, and signed (v0 HMAC-SHA256) over HTTP. The playground's page
and the tests build every request here."""

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

FORM = "application/x-www-form-urlencoded"
VERIFICATION_TOKEN = "verification-token-unused"  # deprecated by Slack; apps verify signatures instead


@dataclass(frozen=True)
class Who:
    """The person acting, in their workspace, on the app."""

    team: str
    user: str
    team_domain: str = "touchpoint-test"
    app_id: str = "A0TOUCHPT1"
    user_team: str = ""  # the person's own team when it isn't `team`: a Slack Connect guest's
    enterprise: str | None = None  # the Enterprise Grid org of the workspace
    org_wide: bool = False  # the app is installed for the whole org, not in the workspace alone

    def fields(self, trigger_id: str | None) -> dict[str, Any]:
        """What every interaction payload says of who acts."""
        shaped: dict[str, Any] = {
            "user": {
                "id": self.user,
                "username": self.user.lower(),
                "name": self.user.lower(),
                "team_id": self.user_team or self.team,
            },
            "team": {"id": self.team, "domain": self.team_domain},
            "api_app_id": self.app_id,
            "token": VERIFICATION_TOKEN,
            "is_enterprise_install": self.org_wide,
            "enterprise": {"id": self.enterprise, "name": f"Org {self.enterprise}"}
            if self.enterprise
            else None,
        }
        if trigger_id is not None:
            shaped["trigger_id"] = trigger_id
        return shaped


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """Slack's v0 request signature: HMAC-SHA256 of `v0:<timestamp>:<body>`."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def command(
    who: Who, *, channel: str, channel_name: str, text: str, response_url: str, trigger_id: str
) -> dict[str, str]:
    """The form fields of a slash command invocation."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": who.team,
        "team_domain": who.team_domain,
        "channel_id": channel,
        "channel_name": channel_name,
        "user_id": who.user,
        "user_name": who.user.lower(),
        "command": "/touchpoint",
        "text": text,
        "api_app_id": who.app_id,
        "is_enterprise_install": "true" if who.org_wide else "false",
        **(
            {"enterprise_id": who.enterprise, "enterprise_name": f"Org {who.enterprise}"}
            if who.enterprise
            else {}
        ),
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def event_envelope(
    event: dict[str, Any],
    *,
    team: str,
    bot_user: str,
    app_id: str = "A0TOUCHPT1",
    event_id: str | None = None,
    enterprise: str | None = None,
    org_wide: bool = False,
) -> dict[str, Any]:
    """An Events API `event_callback` around `event`; from a workspace of the Enterprise Grid org
    `enterprise`, and `org_wide` for an app installed for the whole org (its authorization names no
    workspace)."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team,
        **({"enterprise_id": enterprise} if enterprise else {}),
        "context_team_id": team,
        "context_enterprise_id": enterprise,
        "api_app_id": app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": enterprise,
                "team_id": None if org_wide else team,
                "user_id": bot_user,
                "is_bot": True,
                "is_enterprise_install": org_wide,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{uuid.uuid4().hex}",
    }


def message_actions(
    who: Who,
    *,
    trigger_id: str,
    action: dict[str, Any],
    channel: str,
    channel_name: str,
    message: dict[str, Any],
    response_url: str,
    ephemeral: bool = False,
    state: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """`block_actions` from an element in a message; `state` the values of its input blocks, if any."""
    return {
        "type": "block_actions",
        **who.fields(trigger_id),
        "container": {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        },
        "channel": {"id": channel, "name": channel_name},
        "message": message,
        "state": {"values": state or {}},
        "response_url": response_url,
        "actions": [action],
    }


def view_actions(
    who: Who, *, trigger_id: str, action: dict[str, Any], view: dict[str, Any]
) -> dict[str, Any]:
    """`block_actions` from an element in a modal or Home tab (`view` as Slack reports it, with state)."""
    return {
        "type": "block_actions",
        **who.fields(trigger_id),
        "container": {"type": "view", "view_id": view["id"]},
        "view": view,
        "actions": [action],
    }


def view_submission(who: Who, *, trigger_id: str, view: dict[str, Any]) -> dict[str, Any]:
    return {"type": "view_submission", **who.fields(trigger_id), "view": view, "response_urls": []}


def view_closed(who: Who, *, view: dict[str, Any], cleared: bool = False) -> dict[str, Any]:
    return {"type": "view_closed", **who.fields(None), "view": view, "is_cleared": cleared}


def message_shortcut(
    who: Who,
    *,
    trigger_id: str,
    callback_id: str,
    channel: str,
    channel_name: str,
    message: dict[str, Any],
    response_url: str,
) -> dict[str, Any]:
    """A message shortcut (`message_action`) used on `message`."""
    return {
        "type": "message_action",
        **who.fields(trigger_id),
        "callback_id": callback_id,
        "action_ts": f"{time.time():.6f}",
        "channel": {"id": channel, "name": channel_name},
        "message_ts": message["ts"],
        "message": {"type": "message", **message},
        "response_url": response_url,
    }


def block_suggestion(
    who: Who, *, action_id: str, block_id: str, value: str, view: dict[str, Any]
) -> dict[str, Any]:
    """An external select asking for options as the person types."""
    return {
        "type": "block_suggestion",
        **who.fields(None),
        "action_id": action_id,
        "block_id": block_id,
        "value": value,
        "container": {"type": "view", "view_id": view["id"]},
        "view": view,
    }


@dataclass
class Reply:
    status: int
    body: str
    seconds: float

    def json(self) -> dict[str, Any]:
        return json.loads(self.body)


class Sender:
    """Posts requests to an app's endpoint as Slack does: signed with the app's signing secret."""

    def __init__(self, endpoint: str, secret: str) -> None:
        self.endpoint = endpoint
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

    def form(self, fields: dict[str, str]) -> Reply:
        """A slash command."""
        return self.post(urlencode(fields).encode(), FORM)

    def interaction(self, payload: dict[str, Any]) -> Reply:
        """An interaction: form-encoded, the payload as JSON under `payload`."""
        return self.post(urlencode({"payload": json.dumps(payload)}).encode(), FORM)

    def event(self, envelope: dict[str, Any], headers: dict[str, str] | None = None) -> Reply:
        return self.post(json.dumps(envelope).encode(), "application/json", headers=headers)
