"""Slack's mrkdwn as safe HTML, drawn the way Slack's client draws it.

Slack's text arrives escaped (`&lt; &gt; &amp;`), so a raw `<…>` is always a control sequence: a link
(`<url>`, `<url|text>`), a mention (`<@U…>`, `<#C…>`, `<!here>`, `<!subteam^…|@team>`) or a date
(`<!date^…|fallback>`). Markers (`*bold*`, `_italic_`, `~strike~`) count only at word boundaries, on one
line, and never inside code (`` `code` ``, ```` ```block``` ````); a line that starts with `>` is a quote.
Unless the text is `verbatim`, bare http(s) URLs become links too (explicit sequences work either way).
Emoji shortcodes become emoji. Everything else is text, decoded once and escaped once for HTML: no message
can inject markup, and the direction marks the bot puts in its text stay where it put them.
"""

import html
import re
from collections.abc import Mapping
from itertools import groupby
from typing import Protocol

import emoji

TEXT_MAX = 40_000  # Slack refuses longer text (msg_too_long); it also bounds the placeholders below
BROADCASTS = ("here", "channel", "everyone")


class Names(Protocol):
    """Whom and what mentions name: people's display names and channels' names, by id."""

    @property
    def people(self) -> Mapping[str, str]: ...

    @property
    def channels(self) -> Mapping[str, str]: ...


_ENTITY = re.compile(r"&(lt|gt|amp);")
_DECODED = {"lt": "<", "gt": ">", "amp": "&"}
_LINKABLE = re.compile(r"(?i)(?:https?|mailto):")


def unescape(text: str) -> str:
    """Slack's three escapes decoded, once: `&amp;lt;` shows as `&lt;`, as in Slack."""
    return _ENTITY.sub(lambda found: _DECODED[found[1]], text)


def shortcodes(text: str) -> str:
    """Emoji shortcodes (`:white_check_mark:`, `:+1:`) as the emoji they name; unknown ones stay as typed."""
    return emoji.emojize(text, language="alias") if ":" in text else text


def text_html(text: str) -> str:
    """`text` escaped for HTML, its line breaks kept."""
    return html.escape(text).replace("\n", "<br>")


def plain_html(text: str, *, emoji: bool = True) -> str:
    """A `plain_text` object's text: no markup at all, emoji shortcodes drawn when `emoji` is set."""
    return text_html(shortcodes(text) if emoji else text)


def chip(kind: str, text: str) -> str:
    """A mention as Slack draws it: a highlighted `@name` or `#channel`."""
    return f'<span class="bk-chip bk-{kind}">{html.escape(text)}</span>'


def person_chip(user_id: str, names: Names, label: str = "") -> str:
    return chip("mention", "@" + (names.people.get(user_id) or label or user_id))


def channel_chip(channel_id: str, names: Names, label: str = "") -> str:
    return chip("channel", "#" + (names.channels.get(channel_id) or label or channel_id))


def is_linkable(url: str) -> bool:
    """Only http, https and mailto links open; anything else (`javascript:`, `data:`) stays text."""
    return bool(_LINKABLE.match(url))


def link_html(url: str, inner_html: str) -> str:
    """`inner_html` as a link to `url` if it is one Slack opens; as it is otherwise."""
    if not is_linkable(url):
        return inner_html
    opens = f'href="{html.escape(url)}" target="_blank" rel="noopener noreferrer"'
    return f'<a class="bk-link" {opens}>{inner_html}</a>'


def _sequence(body: str, names: Names) -> tuple[str, str]:
    """What the control sequence `<body>` shows: (its HTML, its plain text for inside code)."""
    target, _, label = body.partition("|")
    label = unescape(label)
    sigil, rest = target[:1], target[1:]
    if sigil == "@":
        return person_chip(rest, names, label), "@" + (names.people.get(rest) or label or rest)
    if sigil == "#":
        return channel_chip(rest, names, label), "#" + (names.channels.get(rest) or label or rest)
    if sigil == "!":
        word, _, argument = rest.partition("^")
        if word in BROADCASTS:
            return chip("broadcast", "@" + word), "@" + word
        if word == "subteam":
            return chip("mention", label or "@" + argument), label or "@" + argument
        return html.escape(label or rest), label or rest  # <!date^…|fallback> shows its fallback
    url = unescape(target)
    shown = shortcodes(label) if label else url.removeprefix("mailto:")
    return link_html(url, html.escape(shown)), shown


# Atoms (code, control sequences, links, formatting tags) stand in the text as one character each from
# Unicode's private use plane 15 while markers are found, so no marker is ever seen inside them. A private
# use character typed in the text is an atom of its own, so it can't be taken for one.
_PLANE = 0xF0000
_PRIVATE = "\U000f0000-\U000ffffd"
_CODE_BLOCK = re.compile(r"```(.+?)```", re.DOTALL)
_ATOM = re.compile(rf"`([^`\n]+)`|<([^<>\n]+)>|([{_PRIVATE}])")
_BARE_URL = re.compile(rf"(?<![\w/])https?://[^\s<>`{_PRIVATE}]+")
_URL_TAIL = re.compile(r"(?:[.,;:!?)\]'\"]|&gt;|&lt;)+$")
_STYLED = re.compile(
    r"(?<![^\W_])(?:"
    r"\*([^\s*](?:[^*]*?[^\s*])?)\*|"
    r"_([^\s_](?:[^_]*?[^\s_])?)_|"
    r"~([^\s~](?:[^~]*?[^\s~])?)~"
    r")(?![^\W_])"
)
_TAGS = (("<b>", "</b>"), ("<i>", "</i>"), ('<s class="bk-strike">', "</s>"))
_PLACEHOLDER = re.compile(f"([{_PRIVATE}])")
_QUOTE = re.compile(r"^(?:>|&gt;) ?")
_CODE_PIECE = re.compile(r"<([^<>\n]+)>|[^<]+|<")


class _Atoms:
    def __init__(self, names: Names, verbatim: bool) -> None:
        self.names = names
        self.verbatim = verbatim
        self.html: list[str] = []

    def add(self, markup: str) -> str:
        self.html.append(markup)
        return chr(_PLANE + len(self.html) - 1)

    def line(self, line: str) -> str:
        """One line of text (no code block in it) as HTML."""
        line = _ATOM.sub(self._atom, line)
        if not self.verbatim:
            line = _BARE_URL.sub(self._bare_url, line)
        line = self._styled(shortcodes(line))
        return "".join(
            self.html[ord(part) - _PLANE] if index % 2 else html.escape(unescape(part))
            for index, part in enumerate(_PLACEHOLDER.split(line))
        )

    def _atom(self, found: re.Match[str]) -> str:
        code, sequence, private = found.groups()
        if code is not None:
            return self.add(f'<code class="bk-code">{code_html(code, self.names)}</code>')
        if sequence is not None:
            return self.add(_sequence(sequence, self.names)[0])
        return self.add(html.escape(private))

    def _bare_url(self, found: re.Match[str]) -> str:
        tail = _URL_TAIL.search(found[0])
        url = found[0][: tail.start()] if tail else found[0]
        link = link_html(unescape(url), html.escape(unescape(url)))
        return self.add(link) + (tail[0] if tail else "")

    def _styled(self, text: str) -> str:
        """Bold, italic and strike, outermost first; each marker's text is styled on its own, so the tags
        always nest (at most three deep: a marker's text never holds the same marker)."""

        def styled(found: re.Match[str]) -> str:
            index = next(i for i, inner in enumerate(found.groups()) if inner is not None)
            opening, closing = _TAGS[index]
            return self.add(opening) + self._styled(found[index + 1]) + self.add(closing)

        return _STYLED.sub(styled, text)


def code_html(code: str, names: Names) -> str:
    """Code as Slack shows it: no formatting, no emoji; a mention or link inside shows as its text."""
    pieces = _CODE_PIECE.finditer(code)
    return text_html("".join(_sequence(p[1], names)[1] if p[1] else unescape(p[0]) for p in pieces))


def mrkdwn_html(text: str, names: Names, *, verbatim: bool = False) -> str:
    """A `mrkdwn` text as HTML: lines broken with `<br>`, quotes as `<blockquote>`, code blocks as `<pre>`."""
    text = text[:TEXT_MAX]
    atoms = _Atoms(names, verbatim)
    chunks: list[str] = []
    start = 0
    for block in _CODE_BLOCK.finditer(text):
        chunks.append(_lines(text[start : block.start()].removesuffix("\n"), atoms))
        code = code_html(block[1].strip("\n"), names)
        chunks.append(f'<pre class="bk-pre">{code}</pre>')
        start = block.end()
        if text.startswith("\n", start):
            start += 1
    chunks.append(_lines(text[start:], atoms))
    return "".join(chunks)


def _lines(text: str, atoms: _Atoms) -> str:
    if not text:
        return ""
    chunks = []
    for quoted, lines in groupby(text.split("\n"), key=lambda line: bool(_QUOTE.match(line))):
        inner = "<br>".join(atoms.line(_QUOTE.sub("", line, count=1)) for line in lines)
        chunks.append(f'<blockquote class="bk-quote">{inner}</blockquote>' if quoted else inner)
    return "".join(chunks)
