"""The snapshots list, a comparison of two versions, and a snapshot restored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from babel.dates import format_datetime

from bot.blocks.ids import Action
from bot.blocks.kit import Block, actions, bidi_safe, button, context, plain, section
from bot.blocks.mrkdwn import escape, mention, shorten
from bot.gateway import Message
from bot.i18n import Translator

if TYPE_CHECKING:
    from bot.document.diff import Place
    from bot.workshop.snapshots import Comparison, Restored, SnapshotList

SHOWN = 15  # touchpoints named under each heading of a comparison; more are counted
TITLE_SHOWN = 80


def snapshot_list(t: Translator, listing: SnapshotList) -> Message:
    heading = t("*Snapshots: {title}*", title=escape(listing.title))
    blocks: list[Block] = [section(heading)]
    if not listing.items:
        blocks.append(
            section(t("None yet: take one with `/touchpoint snapshot` or the board's *Take snapshot*."))
        )
    for item in listing.items:
        value = f"{listing.origin.map_id}:{item.version}"
        line = t(
            "*v{version}* · {when} · {person} · {touchpoints}, {improvements}",
            version=item.version,
            when=t.digits(format_datetime(item.taken_at, "medium", locale=t.language)),
            person=mention(item.taken_by),
            touchpoints=t.plural("{count} touchpoint", "{count} touchpoints", item.touchpoints),
            improvements=t.plural("{count} improvement", "{count} improvements", item.improvements),
        )
        blocks.append(section(line))
        restore = button(t("Restore"), Action.RESTORE_SNAPSHOT, value)
        restore["confirm"] = {
            "title": plain(t("Restore v{version}?", version=item.version)),
            "text": {
                "type": "mrkdwn",
                "text": t(
                    "The map will hold what v{version} held. Nothing is lost: the map as it is now is kept "
                    "as a snapshot first, and the restored map becomes a new version.",
                    version=item.version,
                ),
            },
            "confirm": plain(t("Restore")),
            "deny": plain(t("Cancel")),
        }
        blocks.append(
            actions(
                button(t("Show"), Action.VIEW_SNAPSHOT, value),
                button(t("Compare with now"), Action.COMPARE_SNAPSHOT, value),
                restore,
            )
        )
    if listing.total > len(listing.items):
        blocks.append(
            context(
                t(
                    "The newest {shown} of {total}; `/touchpoint compare v1 v3` compares any two.",
                    shown=len(listing.items),
                    total=listing.total,
                )
            )
        )
    return bidi_safe(Message(text=t("Snapshots: {title}", title=escape(listing.title)), blocks=blocks), t)


def comparison_message(t: Translator, comparison: Comparison) -> Message:
    found = comparison.changes
    second = t("now") if comparison.second is None else f"v{comparison.second}"
    heading = t(
        "*{title}: what changed from v{first} to {second}*",
        title=escape(comparison.title),
        first=comparison.first,
        second=second,
    )
    lines = [heading]
    if found.empty:
        lines.append(t("Nothing changed."))
    groups = [
        (t("Added"), [_place(t, p) for p in found.added]),
        (t("Removed"), [_place(t, p) for p in found.removed]),
        (
            t("Moved"),
            [
                t("{before} → {after}", before=_place(t, m.before), after=_place(t, m.after))
                for m in found.moved
            ],
        ),
        (
            t("Renamed"),
            [
                t("{before} → {after}", before=_title(m.before.title), after=_title(m.after.title))
                for m in found.renamed
            ],
        ),
        (t("Feeling rose"), [_score(t, r) for r in found.rose]),
        (t("Feeling fell"), [_score(t, r) for r in found.fell]),
        (t("Stages added"), [escape(name) for name in found.stages_added]),
        (t("Stages removed"), [escape(name) for name in found.stages_removed]),
        (t("Channels added"), [escape(name) for name in found.channels_added]),
        (t("Channels removed"), [escape(name) for name in found.channels_removed]),
    ]
    blocks: list[Block] = [section("\n".join(lines))]
    for label, items in groups:
        if not items:
            continue
        text = [f"*{label}* ({t.number(len(items))})", *(f"• {item}" for item in items[:SHOWN])]
        if len(items) > SHOWN:
            text.append(t("…and {count} more.", count=len(items) - SHOWN))
        blocks.append(section("\n".join(text)))
    totals = [
        (t("notes"), found.notes),
        (t("votes"), found.votes),
        (t("improvements"), found.improvements),
        (t("improvements done"), found.improvements_done),
    ]
    blocks.append(context(" · ".join(f"{label}: {t.number(a)} → {t.number(b)}" for label, (a, b) in totals)))
    return bidi_safe(Message(text=heading.replace("*", ""), blocks=blocks), t)


def _title(title: str) -> str:
    return shorten(title, TITLE_SHOWN)


def _place(t: Translator, place: Place) -> str:
    return t(
        "{title} ({stage} × {channel})",
        title=_title(place.title),
        stage=escape(place.stage),
        channel=escape(place.channel),
    )


def _score(t: Translator, rescored) -> str:
    return t(
        "{touchpoint}: {before} → {after}",
        touchpoint=_place(t, rescored.touchpoint),
        before=t.signed(rescored.before, 1),
        after=t.signed(rescored.after, 1),
    )


def restored_message(t: Translator, restored: Restored) -> Message:
    text = t(
        "⏪ {person} restored v{version}: the map now holds what it held then, as v{as_version}.",
        person=mention(restored.by),
        version=restored.version,
        as_version=restored.as_version,
    )
    if restored.kept is not None:
        text += " " + t("The map as it was just before is kept as v{kept}.", kept=restored.kept)
    return bidi_safe(Message(text=text, blocks=[section(text)]), t)
