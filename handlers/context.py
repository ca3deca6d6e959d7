"""What listeners take from Bolt's context: the workshop core and who is asking."""

import json
from enum import StrEnum
from typing import TypeVar

from slack_bolt import BoltContext

from bot.gateway import LOOKUP_SECONDS, SlackGateway
from bot.i18n import Translator, translator
from bot.method.errors import UserError
from bot.workshop.core import Workshop
from bot.workshop.service import Actor
from bot.workshop.touchpoints import MessageRef

WORKSHOP = "workshop"
GATEWAY = "gateway"
E = TypeVar("E", bound=StrEnum)


def workshop(context: BoltContext) -> Workshop:
    return context[WORKSHOP]


def gateway(context: BoltContext) -> SlackGateway:
    """The way to Slack's Web API, for what a handler says itself (the core's notices go through its
    chat)."""
    return context[GATEWAY]


def reader(context: BoltContext, *, cached_only: bool = False) -> Translator:
    """The language of the person asking: their Slack locale, else English. `cached_only` never calls
    Slack (for answers given in the ack, which must be fast): English unless the locale is known."""
    if cached_only:
        known = known_reader(context)
        return translator(None) if known is None else known
    slack = context.get(GATEWAY)
    if slack is None or not context.user_id:
        return translator(None)
    return translator(slack.locale(team_of(context), context.user_id))


def known_reader(context: BoltContext) -> Translator | None:
    """The person's language when the bot knows it without asking Slack (for answers in the ack); None
    when it would have to ask."""
    slack = context.get(GATEWAY)
    known = slack.cached_person(context.user_id) if slack and context.user_id else None
    return None if known is None else translator(known.locale)


def reader_in_ack(context: BoltContext, fallback: str | None = None) -> Translator:
    """The person's language for an answer only the ack can carry (a modal's errors on its fields, the
    next form in its place): known already, else looked up if Slack answers within LOOKUP_SECONDS, else
    `fallback` (English when None)."""
    slack = context.get(GATEWAY)
    known = None
    if slack is not None and context.user_id:
        known = slack.person_within(team_of(context), context.user_id, LOOKUP_SECONDS)
    return translator(fallback if known is None or known.locale is None else known.locale)


class LazyReader:
    """`reader(context)` looked up at its first use, so work that replies nothing never asks Slack."""

    def __init__(self, context: BoltContext) -> None:
        self._context = context
        self._translator: Translator | None = None

    def _get(self) -> Translator:
        if self._translator is None:
            self._translator = reader(self._context)
        return self._translator

    def __call__(self, message: str, /, **params: object) -> str:
        return self._get()(message, **params)

    def plural(self, singular: str, plural: str, count: int, /, **params: object) -> str:
        return self._get().plural(singular, plural, count, **params)

    @property
    def language(self) -> str:
        return self._get().language

    @property
    def rtl(self) -> bool:
        return self._get().rtl


def team_of(context: BoltContext) -> str:
    """The workspace a request comes from (an Enterprise Grid org-wide request: the org)."""
    return context.team_id or context.enterprise_id or ""


def actor(context: BoltContext, channel_id: str | None = None) -> Actor:
    """Who asks: team and user from Slack's signed request; the channel from it or a modal's metadata."""
    team_id = team_of(context)
    channel = channel_id or context.channel_id
    if not (team_id and context.user_id and channel):
        raise ValueError("this request has no team, user or channel")
    return Actor(team_id=team_id, user_id=context.user_id, channel_id=channel)


def untrusted_id(text: object) -> int:
    """An id from a button's value or a modal's metadata: a positive integer, or the request is refused."""
    if isinstance(text, int) or (isinstance(text, str) and text.isascii() and text.isdecimal()):
        number = int(text) if isinstance(text, int) or len(text) <= 10 else 0
        if 0 < number < 2**31:
            return number
    raise UserError("That button or form is no longer valid.")


def message_origin(view: dict) -> MessageRef:
    """The Slack message a modal was opened from, as its metadata remembers it."""
    try:
        channel, ts, text = json.loads(view.get("private_metadata") or "{}")["message"]
        return MessageRef.quoting(str(channel), str(ts), str(text))
    except (ValueError, KeyError, TypeError):
        raise UserError("That button or form is no longer valid.") from None


def modal_origin(view: dict) -> tuple[int, str]:
    """The map id and channel a modal's metadata claims; the core checks both again."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
        return untrusted_id(meta["map"]), str(meta["channel"])
    except (ValueError, KeyError, TypeError):
        raise UserError("That button or form is no longer valid.") from None


def value_parts(value: str, count: int) -> list[str]:
    """The `count` colon-separated parts of a button or menu value (missing ones empty)."""
    return [*value.split(":", count - 1), *[""] * count][:count]


def untrusted_choice(text: str, kind: type[E]) -> E:
    """A member of `kind` named in a value; anything else means the request is refused."""
    try:
        return kind(text)
    except ValueError:
        raise UserError("That button or form is no longer valid.") from None
