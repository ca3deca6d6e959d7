"""Hostile text for the property tests, and the checks that what the bot sends Slack stays harmless.

Hostile means: random Unicode, huge, control characters (NUL, C1), bidi overrides (U+202E) and
isolates, Slack's mention and link syntax (`<!channel>`, `<@U…>`, `<#C…>`, `<http…|…>`), mrkdwn markers,
format placeholders, and Persian and Arabic digits and letters.
"""

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from tests.support.fake_slack import ALICE, BOB, BOT_USER_ID, CAROL, WORKSHOP_CHANNEL, Call

# People nobody in the tests works with, and a channel the bot isn't in: text may name them, but the bot
# must never ping them or link to it.
VICTIMS = ("U0VICTIM1", "W0VICTIM2")
SECRET_CHANNEL = "C0SECRET1"
# Whom the bot may mention: the people of the workshop channel (facilitators, contributors, owners).
PEOPLE = frozenset({ALICE, BOB, CAROL, BOT_USER_ID})

FRAGMENTS = (
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!here|here>",
    "<!subteam^S0TEAM001|@designers>",
    "<!date^1392734382^{date}|Feb 18>",
    f"<@{VICTIMS[0]}>",
    f"<@{VICTIMS[1]}|victim>",
    f"<@{ALICE}>",
    f"<#{SECRET_CHANNEL}>",
    f"<#{SECRET_CHANNEL}|secret>",
    "<https://evil.example/|click here>",
    "<mailto:x@evil.example|mail>",
    "@channel",
    "@here",
    "&lt;!channel&gt;",
    "&amp;",
    "&",
    "<",
    ">",
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u202d",  # LEFT-TO-RIGHT OVERRIDE
    "\u202b",  # RIGHT-TO-LEFT EMBEDDING
    "\u2067",  # RIGHT-TO-LEFT ISOLATE
    "\u2069",  # POP DIRECTIONAL ISOLATE (closes the bot's own isolates early)
    "\u200f",
    "\u200c",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\r\n",
    "\n",
    "\t",
    "\ufeff",
    "\u00a0",
    "*",
    "_",
    "~",
    "`",
    "```",
    "> ",
    " / ",
    "/",
    ":",
    "{",
    "}",
    "{name}",
    "{0}",
    "%s",
    "۳",
    "٣",
    "١٢",
    "٠",
    "ي",
    "ك",
    "ـ",
    "🙂",
    "👩\u200d💻",
    "--lang",
    "--lang=xx",
)


def examples(count: int) -> int:
    """`count` examples under the default profile (100 max_examples), 20 times as many under `deep`."""
    return max(1, count * settings.default.max_examples // 100)


fragments = st.sampled_from(FRAGMENTS)
# Short runs of anything: fragments glued to random characters (st.text excludes lone surrogates).
mixed = st.lists(st.one_of(fragments, fragments, st.text(max_size=6)), max_size=10).map("".join)


def huge(limit: int = 50_000) -> st.SearchStrategy[str]:
    """Text far over every limit: a hostile run repeated, up to `limit` characters."""
    return st.builds(lambda part, times: (part * times)[:limit], mixed.filter(bool), st.integers(60, 5000))


def hostile_text(*, big: bool = True) -> st.SearchStrategy[str]:
    """Random, hostile and (with `big`) huge text."""
    kinds = [mixed, mixed, st.text(max_size=40)]
    return st.one_of(*kinds, huge()) if big else st.one_of(*kinds)


# --- what the bot sends ----------------------------------------------------------------------------------
_TOKEN = re.compile(r"<([^<>]*)>")
_MENTION = re.compile(r"@([UW][A-Z0-9]+)")
_CHANNEL = re.compile(r"#(C[A-Z0-9]+)")
_QUOTE = re.compile(r"^> ", re.MULTILINE)
_PERMALINK = re.compile(r"https://touchpoint-test\.slack\.com/archives/C[A-Z0-9]+/p\d+\|[^|]+")
# Explicit bidi embeddings, overrides and isolates: the bot only ever writes balanced FSI … PDI pairs.
_EMBEDDINGS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067")
FSI, PDI = "\u2068", "\u2069"


def texts(payload: Any, mrkdwn_only: bool = False) -> Iterator[tuple[str, str]]:
    """Every text in a message, view or response, as (kind, text): kind "mrkdwn" for text Slack parses
    (a message's `text`, mrkdwn objects, comments on files, errors shown in a modal), else "plain"."""

    def walk(node: Any, top: bool) -> Iterator[tuple[str, str]]:
        if isinstance(node, list):
            for each in node:
                yield from walk(each, False)
        elif isinstance(node, dict):
            kind = node.get("type")
            if kind in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                yield ("mrkdwn" if kind == "mrkdwn" else "plain", node["text"])
                return
            for key, value in node.items():
                if isinstance(value, str):
                    if (top and key in ("text", "initial_comment")) or key == "errors":
                        yield ("mrkdwn", value)
                    elif key in ("initial_value", "alt_text", "alt_txt", "title", "value"):
                        yield ("plain", value)
                elif key == "errors" and isinstance(value, dict):
                    for message in value.values():
                        yield ("mrkdwn", message)
                else:
                    yield from walk(value, top and key not in ("blocks", "view", "elements"))

    for kind, text in walk(payload, True):
        if kind == "mrkdwn" or not mrkdwn_only:
            yield kind, text


def call_payload(call: Call) -> dict[str, Any]:
    """A call's arguments, with JSON sent as text (blocks, views, files) decoded."""
    return {
        key: json.loads(value) if key in ("blocks", "view", "files") and isinstance(value, str) else value
        for key, value in call.args.items()
    }


def harm(payload: Any, people: Iterable[str] = PEOPLE, channels: Iterable[str] = (WORKSHOP_CHANNEL,)) -> list:
    """What in `payload` (a message, view or response) would ping, link or spoof: [] when nothing.

    In text Slack parses, every `<…>` must be the bot's own: a mention of one of `people`, a link to one of
    `channels`, or a permalink Slack gave it; no other `<` or `>` may be left unescaped. No text may hold an
    explicit bidi embedding or override, and the bot's isolates must pair up.
    """
    people, channels = set(people), set(channels)
    found = []
    if isinstance(payload, dict) and (payload.get("link_names") or payload.get("parse") == "full"):
        found.append(("asks Slack to link names", payload.get("link_names"), payload.get("parse")))
    for kind, text in texts(payload):
        if kind == "mrkdwn":
            for token in _TOKEN.findall(text):
                mentioned, linked = _MENTION.fullmatch(token), _CHANNEL.fullmatch(token)
                if not (
                    (mentioned and mentioned[1] in people)
                    or (linked and linked[1] in channels)
                    or _PERMALINK.fullmatch(token)
                ):
                    found.append(("token", token, text[:300]))
            bare = _QUOTE.sub("", _TOKEN.sub("", text))  # a line's leading "> " is the bot's own quote
            if "<" in bare or ">" in bare:
                found.append(("unescaped < or >", text[:300]))
        if _EMBEDDINGS & set(text):
            found.append(("bidi embedding or override", text[:300]))
        depth = 0
        for char in text:
            depth += (char == FSI) - (char == PDI)
            if depth < 0:
                found.append(("PDI closes an isolate the bot didn't open", text[:300]))
                break
    return found
