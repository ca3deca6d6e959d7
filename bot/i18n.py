"""Every user-facing string goes through here, looked up in the gettext catalogs under `bot/locales`.

Messages are written in English in the code (the msgid) with `{name}` placeholders. The `.po` files are
the source; installing the package compiles them to `.mo` (setup.py). A `.mo` missing or older than its
`.po` (a fresh checkout, a catalog just edited) is compiled in memory from the `.po` instead.

Persian writes its numbers in Persian digits (۰–۹), Arabic in Arabic-Indic ones (٠–٩), as the map
pictures do: the numbers a message is given, the dates and times it shows. Babel knows each language's
native numbering system and its decimal sign (CLDR's `arabext` and `arab`) but writes Latin digits in all
of them, hence the digits below. What people copy stays in Latin digits: code spans (`/touchpoint votes 3`)
and a number written right after a Latin letter, as in a snapshot's name (`v3`, which `restore v3` takes).
"""

import gettext
import io
import re
from functools import cache
from pathlib import Path
from string import Formatter

from babel import Locale
from babel.numbers import format_decimal, get_minus_sign_symbol, get_plus_sign_symbol

LOCALE_DIR = Path(__file__).parent / "locales"
DOMAIN = "touchpoint"
LANGUAGES = ("en", "fa", "ar")
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"fa", "ar"})
FSI, PDI = "\u2068", "\u2069"  # FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE
# A placeholder, with the mrkdwn marker around it if it has one (`*{title}*`): an isolate goes outside it.
_PLACEHOLDER = re.compile(r"([*_~`]?)\{(\w+)\}\1")
NATIVE_DIGITS = {"arabext": "۰۱۲۳۴۵۶۷۸۹", "arab": "٠١٢٣٤٥٦٧٨٩"}  # by CLDR numbering system
# What Babel extracts (docs/architecture.md): t("…"), N_("…"), UserError("…"), t.plural("…", "…", n).
EXTRACT_KEYWORDS = {"t": None, "N_": None, "UserError": None, "plural": (1, 2)}


def language_of(locale: str | None) -> str:
    """The supported language for a Slack locale such as `fa-IR` or `ar`; English otherwise."""
    code = (locale or "").replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def load_catalog(language: str, locale_dir: Path = LOCALE_DIR) -> gettext.NullTranslations:
    """The language's compiled catalog: its `.mo` if up to date, else its `.po` compiled now."""
    folder = locale_dir / language / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    # A second's grace: an installed wheel writes both files at about the same moment, in either order.
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime + 1 >= po.stat().st_mtime):
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    if not po.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # only without compiled catalogs, e.g. in a checkout
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Translator:
    """Translates and formats messages for one language."""

    def __init__(self, language: str) -> None:
        self.language = language_of(language)
        self.rtl = self.language in RTL_LANGUAGES
        self._catalog = load_catalog(self.language)
        # Latin digits in English; in Persian and Arabic, their native numbering system's (CLDR's).
        self._numbering = (
            "latn" if self.language == "en" else Locale(self.language).other_numbering_systems["native"]
        )
        self._digits = str.maketrans("0123456789", NATIVE_DIGITS.get(self._numbering, "0123456789"))
        # In Persian and Arabic, CLDR's signs (Babel's): with a left-to-right mark in Persian, an Arabic
        # letter mark in Arabic, so that each sits on its own side of the number in right-to-left text.
        self._signs = (
            ("+", "−")
            if self.language == "en"
            else (
                get_plus_sign_symbol(self.language, numbering_system=self._numbering),
                get_minus_sign_symbol(self.language, numbering_system=self._numbering),
            )
        )

    def __call__(self, message: str, /, **params: object) -> str:
        text = self._catalog.gettext(message)
        return self.format(text, **params) if params else text

    def plural(self, singular: str, plural: str, count: int, /, **params: object) -> str:
        return self.format(self._catalog.ngettext(singular, plural, count), count=count, **params)

    def digits(self, text: str) -> str:
        """`text` (a date or time formatted by Babel, say) with its digits in the language's digits."""
        return text.translate(self._digits)

    def number(self, value: float, places: int | None = None) -> str:
        """`value` as the language writes it (`-1.5`, `−۱٫۵`, `-١٫٥`), to `places` decimals if given; whole
        numbers without grouping; a minus as in `signed`."""
        if self.language == "en":
            return str(value) if places is None else f"{value:.{places}f}"
        if value < 0:
            return self._signs[1] + self.number(-value, places)
        if places is None and isinstance(value, int):
            return self.digits(str(value))
        pattern = None if places is None else "0." + "0" * places if places else "0"
        formatted = format_decimal(
            value, pattern, locale=self.language, numbering_system=self._numbering, group_separator=False
        )
        return self.digits(formatted)

    def signed(self, value: float, places: int = 0) -> str:
        """`value` with its sign, to `places` decimals (0 has a plus)."""
        plus, minus = self._signs
        return (plus if value >= 0 else minus) + self.number(abs(value), places)

    def format(self, template: str, /, **params: object) -> str:
        """`template` filled in, its numbers in the language's digits (not in code spans or after a Latin
        letter: see the module). In a right-to-left language each text parameter (names and titles people
        typed, mentions, nested phrases) is wrapped in a Unicode isolate, so that a Latin name, or a number
        after it, keeps its place in the sentence whatever the direction around it."""
        if self.rtl:

            def isolated(placeholder: re.Match[str]) -> str:
                whole = placeholder.group(0)
                return f"{FSI}{whole}{PDI}" if isinstance(params.get(placeholder.group(2)), str) else whole

            template = _PLACEHOLDER.sub(isolated, template)
        if self.language == "en":
            return template.format(**params)
        return self._filled(template, params)

    def _filled(self, template: str, params: dict[str, object]) -> str:
        """`template.format(**params)`, each number in the language's digits unless it is copied as typed."""
        formatter, pieces, in_code = Formatter(), [], False
        for literal, field, spec, conversion in formatter.parse(template):
            pieces.append(literal)
            in_code ^= literal.count("`") % 2 == 1
            if field is None:
                continue
            value = formatter.convert_field(formatter.get_field(field, (), params)[0], conversion)
            after_letter = literal[-1:].isascii() and literal[-1:].isalpha()  # v{version}: v3
            if (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and not (in_code or after_letter)
            ):
                value = self.number(value)
            pieces.append(format(value, spec or ""))
        return "".join(pieces)


@cache
def translator(language: str | None) -> Translator:
    return Translator(language_of(language))


def N_(message: str) -> str:
    """Marks a message for extraction where it is translated later (e.g. in a table of steps)."""
    return message


# Each language's name, to show in the reader's language.
LANGUAGE_NAMES = {"en": N_("English"), "fa": N_("Persian"), "ar": N_("Arabic")}
