"""Text as a right-to-left reader sees it: laid out by the Unicode bidi algorithm, with python-bidi."""

import unicodedata

from bidi import get_display

# The invisible marks the bot adds: LRM, RLM, and the isolates LRI, RLI, FSI and PDI.
_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u2066\u2067\u2068\u2069"))


def bare(text: str) -> str:
    """`text` without direction marks and isolates, to compare the words people read."""
    return text.translate(_CONTROLS)


def visual(line: str) -> str:
    """One line as a screen shows it from left to right, its paragraph direction found as Unicode says."""
    return bare(get_display(line))


def read_right_to_left(line: str, *pieces: str) -> list[str]:
    """`pieces` in the order a right-to-left reader meets them on the laid-out `line`, right to left.

    A right-to-left piece shows reversed on the screen, a Latin word or a number as it is.
    """

    def where(piece: str) -> int:
        rtl = any(unicodedata.bidirectional(c) in ("R", "AL") for c in piece)
        found = visual(line).find(piece[::-1] if rtl else piece)
        assert found != -1, f"{piece!r} is not shown whole in {visual(line)!r}"
        return found + len(piece)

    return sorted(pieces, key=where, reverse=True)
