"""Replies through a request's response_url, within Slack's budget for it: five uses in thirty minutes.
Past that (or when Slack refuses the URL anyway), the reply goes as `chat.postEphemeral` to the same person
in the same conversation, so a long conversation of replies never silently drops one."""

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, Respond
from slack_sdk.webhook import WebhookResponse

from bot.gateway import Message, SlackGateway
from handlers.context import GATEWAY, team_of

logger = logging.getLogger(__name__)

REFUSED = ("used_url", "expired_url")  # what Slack answers a response_url it no longer takes


class BudgetedRespond(Respond):
    """Bolt's `respond`, counting the uses of its response_url in the gateway."""

    def __init__(self, context: BoltContext, gateway: SlackGateway) -> None:
        client = context.client
        super().__init__(response_url=context.response_url, proxy=client.proxy, ssl=client.ssl)
        self.gateway = gateway
        self.team_id, self.channel, self.user = team_of(context), context.channel_id, context.user_id
        gateway.met_response_url(context.response_url or "")

    def __deepcopy__(self, memo: dict) -> "BudgetedRespond":
        return self  # the work after the ack shares the count with the ack's request

    def __call__(self, text: str | dict = "", **fields: Any) -> WebhookResponse:  # type: ignore[override]
        url = self.response_url or ""
        if self.gateway.use_response_url(url):
            answer = super().__call__(text, **fields)
            if answer.status_code == 200 or not any(code in (answer.body or "") for code in REFUSED):
                return answer
            logger.warning("Slack refused a response_url (%s): replying with chat.postEphemeral", answer.body)
        return self._post_ephemeral(text, fields)

    def _post_ephemeral(self, text: str | dict, fields: dict[str, Any]) -> WebhookResponse:
        message = text if isinstance(text, dict) else {"text": text, **fields}
        if message.get("delete_original") or not (self.channel and self.user):
            logger.warning("a reply past its response_url's budget was dropped: nowhere else to say it")
            return WebhookResponse(url=self.response_url or "", status_code=410, body="used_url", headers={})
        self.gateway.post_ephemeral(
            self.team_id,
            self.channel,
            self.user,
            Message(text=str(message.get("text") or ""), blocks=list(message.get("blocks") or [])),
            thread_ts=message.get("thread_ts"),
        )
        return WebhookResponse(url=self.response_url or "", status_code=200, body="ok", headers={})


def budget_response_urls(context: BoltContext, next: Callable[[], None]) -> None:
    if context.response_url and GATEWAY in context:
        context["respond"] = BudgetedRespond(context, context[GATEWAY])
    next()


def register(app: App) -> None:
    app.middleware(budget_response_urls)
