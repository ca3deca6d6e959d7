"""Every user-facing string goes through here, looked up in the gettext catalogs under `bot/locales`.

Messages are written in English in the code (the msgid) with `{name}` placeholders. The `.po` files are
the source; installing the package compiles them to `.mo` (setup.py). A `.mo` missing or older than its
`.po` (a fresh checkout, a catalog just edited) is compiled in memory from the `.po` instead.
"""

import gettext
import io
import re
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locales"
DOMAIN = "touchpoint"
LANGUAGES = ("en", "fa", "ar")
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"fa", "ar"})
FSI, PDI = "\u2068", "\u2069"  # FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE
# A placeholder, with the mrkdwn marker around it if it has one (`*{title}*`): an isolate goes outside it.
_PLACEHOLDER = re.compile(r"([*_~`]?)\{(\w+)\}\1")
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

    def __call__(self, message: str, /, **params: object) -> str:
        text = self._catalog.gettext(message)
        return self.format(text, **params) if params else text

    def plural(self, singular: str, plural: str, count: int, /, **params: object) -> str:
        return self.format(self._catalog.ngettext(singular, plural, count), count=count, **params)

    def format(self, template: str, /, **params: object) -> str:
        """`template` filled in. In a right-to-left language each text parameter (names and titles people
        typed, mentions, nested phrases) is wrapped in a Unicode isolate, so that a Latin name, or a number
        after it, keeps its place in the sentence whatever the direction around it."""
        if self.rtl:

            def isolated(placeholder: re.Match[str]) -> str:
                whole = placeholder.group(0)
                return f"{FSI}{whole}{PDI}" if isinstance(params.get(placeholder.group(2)), str) else whole

            template = _PLACEHOLDER.sub(isolated, template)
        return template.format(**params)


@cache
def translator(language: str | None) -> Translator:
    return Translator(language_of(language))


def N_(message: str) -> str:
    """Marks a message for extraction where it is translated later (e.g. in a table of steps)."""
    return message


# Each language's name, to show in the reader's language.
LANGUAGE_NAMES = {"en": N_("English"), "fa": N_("Persian"), "ar": N_("Arabic")}
