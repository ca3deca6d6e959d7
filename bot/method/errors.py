"""Errors the user caused and can fix; handlers show them, localized, to that user only."""


class UserError(Exception):
    """`message` is an English msgid with `{placeholders}`; `field` names the modal input it concerns."""

    def __init__(self, message: str, /, *, field: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.params = params


class Msg(str):
    """A parameter that is itself a message to translate (e.g. the kind of thing not found)."""


class SlackRefused(Exception):
    """Slack answered a call with an error the person can do nothing about (`code`, such as
    `ratelimited`): bot/gateway.py raises it for slack_sdk's own, so the core needs no Slack library."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def install_gone(self) -> bool:
        """Whether the answer means the bot can't act in the workspace at all any more (its token
        revoked, the workspace or bot user deactivated, the token unknown): retrying can't help."""
        return self.code in INSTALL_GONE


# docs.slack.dev/reference/methods/chat.postMessage, "Errors": what every method answers when the token
# no longer works.
INSTALL_GONE = frozenset({"token_revoked", "account_inactive", "invalid_auth"})
