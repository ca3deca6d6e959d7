"""What the scheduler posts: the revisit reminder, a deadline's summary and nudges, a failure report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.blocks.ids import Action
from bot.blocks.iteration import MARKS
from bot.blocks.kit import (
    HEADER_TEXT_MAX,
    Block,
    actions,
    bidi_safe,
    button,
    cell,
    context,
    fit,
    person_cell,
    plain,
    section,
    table,
)
from bot.blocks.mrkdwn import escape, mention, shorten
from bot.document.diff import Changes, Place, Rescored
from bot.gateway import Message
from bot.i18n import Translator
from bot.method.errors import SlackRefused, UserError
from bot.method.vocabulary import STATUSES

if TYPE_CHECKING:
    from bot.workshop.revisits import RevisitPost

# What a reminder names of each kind of change, cut so that all of them fit in one section (3,000 characters).
TITLES_SHOWN = 5
MOVES_SHOWN = 3
TITLE_SHOWN = 50
NAME_SHOWN = 30  # a stage or channel
ACTION_SHOWN = 120
OWNERS_SHOWN = 15


def names(t: Translator, titles: list[str], shown: int = TITLES_SHOWN) -> str:
    """The first few titles, escaped and cut, then how many more."""
    listed = ", ".join(shorten(title, TITLE_SHOWN) for title in titles[:shown])
    return listed + (f" ({t.signed(len(titles) - shown)})" if len(titles) > shown else "")


def people(t: Translator, users: list[str]) -> str:
    listed = " ".join(mention(user) for user in users[:OWNERS_SHOWN])
    if len(users) > OWNERS_SHOWN:
        listed += " " + t("and {count} more", count=len(users) - OWNERS_SHOWN)
    return listed


def revisit_message(t: Translator, post: RevisitPost) -> Message:
    """The revisit reminder: what changed since the last snapshot, who should look, what is still open, and
    buttons to review the map now or take a snapshot."""
    heading = t("Time to revisit “{title}”", title=post.title)
    blocks: list[Block] = [
        {"type": "header", "text": plain(fit(heading, HEADER_TEXT_MAX))},
        section(_changes(t, post)),
    ]
    if post.stale_owners:
        blocks.append(
            section(
                t(
                    "{people}: please look at your touchpoints, nothing has moved on them lately.",
                    people=people(t, post.stale_owners),
                )
            )
        )
    blocks += _improvement_blocks(t, post)
    blocks.append(
        actions(
            button(t("Review now"), Action.SHOW_ANALYSIS, str(post.map_id), "primary"),
            button(t("Take snapshot"), Action.TAKE_SNAPSHOT, f"{post.map_id}:{post.version + 1}"),
        )
    )
    return bidi_safe(Message(text=escape(heading), blocks=blocks), t)


def _changes(t: Translator, post: RevisitPost) -> str:
    if post.changes is None:
        return t("No snapshot yet: take one, and the next reminder shows what changed since.")
    if post.changes.empty:
        return t("Nothing has changed since snapshot v{version}.", version=post.version)
    return "\n".join([t("*Since snapshot v{version}:*", version=post.version), *_lines(t, post.changes)])


def _lines(t: Translator, found: Changes) -> list[str]:
    lines = []
    if found.added:
        lines.append("➕ " + t("Added: {touchpoints}", touchpoints=_titles(t, found.added)))
    if found.removed:
        lines.append("➖ " + t("Removed: {touchpoints}", touchpoints=_titles(t, found.removed)))
    for moved in found.moved[:MOVES_SHOWN]:
        lines.append(
            "↔️ "
            + t(
                "Moved: {touchpoint} ({before} → {now})",
                touchpoint=shorten(moved.after.title, TITLE_SHOWN),
                before=_cell(moved.before),
                now=_cell(moved.after),
            )
        )
    if found.notes_added:
        noted = _titles(t, found.noted)  # not inside t.plural's call: Babel would take `t` for a message
        notes = t.plural(
            "{count} new note on {touchpoints}",
            "{count} new notes on {touchpoints}",
            found.notes_added,
            touchpoints=noted,
        )
        lines.append("📝 " + notes)
    if found.rose:
        lines.append("📈 " + t("Feeling rose: {touchpoints}", touchpoints=_felt(t, found.rose)))
    if found.fell:
        lines.append("📉 " + t("Feeling fell: {touchpoints}", touchpoints=_felt(t, found.fell)))
    if found.done:
        lines.append("✅ " + t("Improvements done: {actions}", actions=names(t, found.done)))
    return lines


def _titles(t: Translator, places: list[Place]) -> str:
    return names(t, [place.title for place in places])


def _cell(place: Place) -> str:
    return " × ".join(shorten(name, NAME_SHOWN) for name in (place.stage, place.channel))


def _felt(t: Translator, felt: list[Rescored]) -> str:
    return ", ".join(
        f"{shorten(each.touchpoint.title, TITLE_SHOWN)} ({_score(t, each.before)} → {_score(t, each.after)})"
        for each in felt[:TITLES_SHOWN]
    )


def _score(t: Translator, score: float) -> str:
    return t.signed(score, 1)


def _improvement_blocks(t: Translator, post: RevisitPost) -> list[Block]:
    """The open improvements as a table (status, touchpoint, action, owner) with its count above and what
    is left out below; as lines of text when there are none or the table would not fit."""
    if not post.open_total:
        return [section(_improvements(t, post))]
    rows = [[cell(t("Status")), cell(t("Touchpoint")), cell(t("Improvement")), cell(t("Owner"))]]
    for item in post.improvements:
        owner = person_cell(item.owner_id) if item.owner_id else cell(t("no owner yet"))
        status = f"{MARKS[item.status]} {t(STATUSES[item.status])}"
        rows.append(
            [
                cell(status),
                cell(fit(item.touchpoint, TITLE_SHOWN)),
                cell(fit(item.action, ACTION_SHOWN)),
                owner,
            ]
        )
    grid = table(rows, [{"align": "left"}, {"is_wrapped": True}, {"is_wrapped": True}, {"align": "left"}])
    if grid is None:
        return [section(_improvements(t, post))]
    blocks = [section(t("*Open improvements ({count}):*", count=post.open_total)), grid]
    if post.open_total > len(post.improvements):
        more = t(
            "and {count} more: `/touchpoint improvements`", count=post.open_total - len(post.improvements)
        )
        blocks.append(context(more))
    return blocks


def _improvements(t: Translator, post: RevisitPost) -> str:
    if not post.open_total:
        return t("No open improvements.")
    lines = [t("*Open improvements ({count}):*", count=post.open_total)]
    for item in post.improvements:
        owner = mention(item.owner_id) if item.owner_id else t("no owner yet")
        lines.append(
            f"{MARKS[item.status]} *{shorten(item.touchpoint, TITLE_SHOWN)}* · "
            f"{shorten(item.action, ACTION_SHOWN)} · {owner}"
        )
    if post.open_total > len(post.improvements):
        lines.append(
            t("and {count} more: `/touchpoint improvements`", count=post.open_total - len(post.improvements))
        )
    return "\n".join(lines)


def reason(t: Translator, error: Exception) -> str:
    """Why it failed, for a person: what they can do about it when the bot knows, else Slack's answer."""
    if isinstance(error, UserError):
        return t(error.message, **error.params)
    code = error.code if isinstance(error, SlackRefused) else type(error).__name__
    return t("Slack didn't take it ({error}).", error=code)


def failure_message(t: Translator, what: str, title: str, channel_id: str, reason: str) -> Message:
    """A direct message to a facilitator: something scheduled for their map could not be done."""
    text = t(
        "⚠️ I couldn't post {what} of the map “{title}” in {channel}, even after several tries: {reason}",
        what=what,
        title=escape(title),
        channel=f"<#{channel_id}>",
        reason=reason,
    )
    return bidi_safe(Message(text=text, blocks=[section(text)]), t)
