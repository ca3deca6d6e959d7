"""The Markdown report: the map as a readable page for a wiki or a ticket, in the map's language.

Stages in timeline order with their touchpoints, what works and what falls short at each, the top pain
points, and the improvements with their owners. People show by name where Slack told us (`names`), else
by their Slack id.
"""

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from babel.dates import format_date

from bot.i18n import Translator, translator
from bot.method.steps import step
from bot.method.vocabulary import PHASES, STATUSES, ImprovementStatus, Phase

TOP_PAINS = 5
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~])")


def text(value: str) -> str:
    """User text as literal Markdown on one line: markup characters escaped, line breaks as spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(value.split()))


def report(document: dict[str, Any], day: date, names: Mapping[str, str] | None = None) -> str:
    t = translator(document["language"])
    names = names or {}

    def person(user: str | None) -> str:
        return text(names.get(user) or user) if user else "–"

    touchpoints = document["touchpoints"]
    current = step(document["step"])
    lines = [
        f"# {text(document['title'])}",
        "",
        t(
            "Customer touchpoint map · step {number} of 4: {name} · {date}",
            number=current.number,
            name=t(current.name),
            date=t.digits(format_date(day, "long", locale=t.language)),
        ),
        "",
        t.plural("{count} touchpoint", "{count} touchpoints", len(touchpoints))
        + " · "
        + t.plural("{count} note", "{count} notes", len(document["notes"]))
        + " · "
        + t.plural("{count} vote", "{count} votes", len(document["votes"])),
    ]
    notes: dict[int, list[dict[str, Any]]] = {}
    for note in document["notes"]:
        notes.setdefault(note["touchpoint"], []).append(note)
    for number, stage in enumerate(document["stages"], start=1):
        phase = PHASES[Phase(stage["phase"])]
        lines += ["", f"## {number}. {text(stage['name'])} · {t(phase)}"]
        here = [each for each in touchpoints if each["stage"] == stage["name"]]
        if not here:
            lines += ["", t("No touchpoints yet.")]
        for each in here:
            lines += ["", *_touchpoint(each, notes.get(each["id"], []), t, person)]
    lines += ["", f"## {t('Top pain points')}", "", *_pains(touchpoints, t)]
    lines += ["", f"## {t('Improvements')}", "", *_improvements(document, t, person)]
    return "\n".join(lines) + "\n"


def _touchpoint(each: dict[str, Any], notes: list[dict[str, Any]], t: Translator, person) -> list[str]:
    lines = [f"### {text(each['title'])} · {text(each['channel'])}", ""]
    if each["description"]:
        lines.append(text(each["description"]))
        lines.append("")
    facts = []
    if each["need"]:
        facts.append(t("Customer need: {need}", need=text(each["need"])))
    if each["owner"]:
        facts.append(t("Owner: {person}", person=person(each["owner"])))
    if each["personas"]:
        facts.append(t("Personas: {names}", names=", ".join(text(name) for name in each["personas"])))
    figures = [
        t.plural("{count} vote", "{count} votes", each["votes"]),
        t.plural("{count} piece of evidence", "{count} pieces of evidence", each["evidence"]),
    ]
    if each["mean_score"] is not None:
        figures.insert(0, t("feeling {score}", score=t.signed(each["mean_score"], 1)))
    facts.append(" · ".join(figures))
    lines += [f"- {fact}" for fact in facts]
    for polarity, heading in (("positive", t("What works")), ("negative", t("What falls short"))):
        said = [note for note in notes if note["polarity"] == polarity]
        if said:
            lines += ["", f"**{heading}**", ""]
            lines += [f"- {text(note['text'])} ({person(note['author'])})" for note in said]
    return lines


def _pains(touchpoints: list[dict[str, Any]], t: Translator) -> list[str]:
    """The touchpoints people voted for or found falling short, most votes first."""
    pained = [each for each in touchpoints if each["votes"] or each["notes"]["negative"]]
    ranked = sorted(
        pained,
        key=lambda each: (
            -each["votes"],
            -each["notes"]["negative"],
            each["mean_score"] if each["mean_score"] is not None else 0,
        ),
    )[:TOP_PAINS]
    if not ranked:
        return [t("No pains found yet.")]
    return [
        f"{number}. **{text(each['title'])}** ({text(each['stage'])} × {text(each['channel'])}): "
        + t(
            "{first}, {second}",
            first=t.plural("{count} vote", "{count} votes", each["votes"]),
            second=t.plural(
                "{count} note of what falls short",
                "{count} notes of what falls short",
                each["notes"]["negative"],
            ),
        )
        for number, each in enumerate(ranked, start=1)
    ]


def _improvements(document: dict[str, Any], t: Translator, person) -> list[str]:
    if not document["improvements"]:
        return [t("None yet.")]
    titles = {each["id"]: each["title"] for each in document["touchpoints"]}
    lines = [
        f"| {t('Touchpoint')} | {t('What to do')} | {t('Owner')} | {t('Status')} |",
        "|---|---|---|---|",
    ]
    for each in document["improvements"]:
        status = STATUSES[ImprovementStatus(each["status"])]
        cells = [
            text(titles[each["touchpoint"]]),
            text(each["action"]),
            person(each["owner"]),
            t(status),
        ]
        lines.append(f"| {' | '.join(cells)} |")
    return lines
