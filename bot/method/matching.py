"""Finding a stage or channel by what a person typed: forgiving of case, script variants and prefixes."""

import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.method.errors import Msg, UserError

T = TypeVar("T")

# Letters people type differently for the same thing: Arabic yeh/kaf and their Persian forms, etc.
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا"})
_INVISIBLE = {"\u200c", "\u200d", "\u200e", "\u200f", "\u0640"}  # ZWNJ, ZWJ, direction marks, tatweel


def normalize(text: str) -> str:
    """A key for comparing names: case, diacritics, ZWNJ and Arabic/Persian letter variants ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in _INVISIBLE)
    return " ".join(unicodedata.normalize("NFC", kept).translate(_FOLD).split())


def match(query: str, items: Sequence[T], name: Callable[[T], str], kind: Msg) -> T:
    """The item whose name is `query`, or the only one it starts; UserError listing the choices otherwise.

    `kind` names what is being looked for, e.g. Msg(N_("stage")).
    """
    key = normalize(query)
    exact = [item for item in items if normalize(name(item)) == key]
    if len(exact) == 1:
        return exact[0]
    found = [item for item in items if normalize(name(item)).startswith(key)] if key else []
    if len(found) == 1:
        return found[0]
    choices = ", ".join(name(item) for item in (found or items)) or "–"
    if found:
        raise UserError(
            "“{query}” could be more than one {kind}: {choices}.", query=query, kind=kind, choices=choices
        )
    raise UserError(
        "There is no {kind} called “{query}”. The choices are: {choices}.",
        query=query,
        kind=kind,
        choices=choices,
    )
