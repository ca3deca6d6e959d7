"""The picture's fixed words (headings, legend, phases, "+N more") in the map's language.

Each goes through the gettext catalogs (`bot.i18n`); until a catalog translates it, Persian and Arabic
take the project's glossary words (DOMAIN.md) where there are some, and English otherwise. A phrase
knows whether it came out right-to-left: an English fallback in a Persian map is still laid out left to
right, with Latin digits.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache

from bot.i18n import N_, RTL_LANGUAGES, translator
from bot.method.steps import STEPS
from bot.render.model import Language, Phase

# A left-to-right mark between a sign and its number keeps them together: the bidi algorithm would
# otherwise pull Arabic digits away from their signs ("+٣ −١" comes out as "+١− ٣"). The fonts have
# it, unlike the isolates U+2066/U+2069; and after the sign, not before it, matplotlib's PDF output
# does not shift the sign.
LRM = "\u200e"

_GLOSSARY = {
    "fa": {
        "Customer touchpoint map": "نقشه نقاط تماس مشتری",
        "Before purchase": "پیش از خرید",
        "During purchase": "هنگام خرید",
        "After purchase": "پس از خرید",
    },
    "ar": {
        "Customer touchpoint map": "خريطة نقطة التواصل مع العميل",
        "Before purchase": "قبل الشراء",
        "During purchase": "أثناء الشراء",
        "After purchase": "بعد الشراء",
    },
}

_PHASES: dict[Phase, str] = {
    "before": N_("Before purchase"),
    "during": N_("During purchase"),
    "after": N_("After purchase"),
}
_SCALE = (N_("Very negative"), N_("Negative"), N_("Neutral"), N_("Positive"), N_("Very positive"))


@dataclass(frozen=True)
class Phrase:
    """A fixed word or template as drawn: `rtl` when it is in a right-to-left language."""

    text: str
    rtl: bool = False


@dataclass(frozen=True)
class Labels:
    """Every fixed word the picture draws, in one language."""

    language: Language
    map_kind: Phrase
    phases: dict[Phase, Phrase]
    feeling: Phrase
    scale: tuple[Phrase, ...]
    no_score: Phrase
    biggest_pain: Phrase
    votes: Phrase
    evidence: Phrase
    works: Phrase
    falls_short: Phrase
    pains_only: Phrase
    added: Phrase
    removed: Phrase
    score_up: Phrase
    score_down: Phrase
    more_template: Phrase
    step_template: Phrase
    step_names: dict[int, Phrase]
    persona_template: Phrase
    compared_template: Phrase

    @property
    def rtl(self) -> bool:
        """Whether the map, and so its user text, runs right to left."""
        return self.language in RTL_LANGUAGES

    def number(self, value: int | str) -> str:
        """A number (or a date) in the language's digits."""
        return translator(self.language).digits(str(value))

    def signed(self, *values: tuple[str, int]) -> str:
        """Numbers with their signs, side by side: `("+", 3), ("−", 1)` gives "+3 −1"."""
        mark = LRM if self.rtl else ""
        return " ".join(f"{sign}{mark}{self.number(value)}" for sign, value in values)

    def more(self, count: int) -> Phrase:
        return self._fill(self.more_template, count=count)

    def step(self, number: int) -> Phrase:
        name = self.step_names.get(number, Phrase(""))
        return self._fill(self.step_template, number=number, total=len(STEPS), name=name.text)

    def persona(self, name: str) -> Phrase:
        return self._fill(self.persona_template, name=name)

    def compared_with(self, version: str) -> Phrase:
        return self._fill(self.compared_template, version=version)

    def date(self, day: date) -> str:
        """ISO order; slashes in right-to-left text, where they keep the numbers in one run."""
        separator = "/" if self.rtl else "-"
        return self.number(day.strftime(f"%Y{separator}%m{separator}%d"))

    def _fill(self, template: Phrase, **params: object) -> Phrase:
        """The template filled in; its numbers in the language's digits if it is translated."""
        if template.rtl:
            params = {
                key: self.number(value) if isinstance(value, int) else value for key, value in params.items()
            }
        return Phrase(template.text.format(**params), template.rtl)


@cache
def labels_for(language: Language) -> Labels:
    t = translator(language)
    glossary = _GLOSSARY.get(language, {})
    rtl = language in RTL_LANGUAGES

    def word(message: str) -> Phrase:
        translated = t(message)
        if translated == message and message in glossary:
            translated = glossary[message]
        return Phrase(translated, rtl and (translated != message))

    return Labels(
        language=language,
        map_kind=word(N_("Customer touchpoint map")),
        phases={phase: word(message) for phase, message in _PHASES.items()},
        feeling=word(N_("Feeling")),
        scale=tuple(word(message) for message in _SCALE),
        no_score=word(N_("No score")),
        biggest_pain=word(N_("Biggest pain")),
        votes=word(N_("Votes")),
        evidence=word(N_("Evidence")),
        works=word(N_("Works")),
        falls_short=word(N_("Falls short")),
        pains_only=word(N_("Pain points only")),
        added=word(N_("Added")),
        removed=word(N_("Removed")),
        score_up=word(N_("Feeling rose")),
        score_down=word(N_("Feeling fell")),
        more_template=word(N_("+{count} more")),
        step_template=word(N_("Step {number} of {total}: {name}")),
        step_names={each.number: word(each.name) for each in STEPS},
        persona_template=word(N_("Persona: {name}")),
        compared_template=word(N_("Compared with {version}")),
    )
