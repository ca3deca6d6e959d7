"""Step 3's messages and modal: the touchpoints to analyse, the *Analyse* form, the summary."""

from __future__ import annotations

import json
from itertools import groupby
from typing import TYPE_CHECKING, Any

from bot.blocks.ids import Action, Field, View
from bot.blocks.kit import (
    Block,
    actions,
    bidi_safe,
    button,
    cell,
    chunked,
    context,
    directed,
    input_block,
    input_modal,
    inputs_about,
    option,
    section,
    table,
    text_input,
)
from bot.blocks.mrkdwn import escape, mention, shorten
from bot.blocks.timeline import metadata
from bot.blocks.touchpoints import touchpoint_select
from bot.gateway import Message
from bot.i18n import N_, Translator
from bot.workshop.analysis import LIST_PAGE
from storage.models import NOTE_MAX, Polarity

if TYPE_CHECKING:
    from bot.workshop.analysis import AnalysisForm, Summary
    from bot.workshop.service import Origin

SECTION_MAX = 3000
FEELINGS = {
    -2: N_("😣 {score} very negative"),
    -1: N_("🙁 {score} negative"),
    0: N_("😐 {score} neutral"),
    1: N_("🙂 {score} positive"),
    2: N_("😄 {score} very positive"),
}


def analysis_prompt(t: Translator, count: int, map_id: int = 0, unlisted: bool = False) -> Message:
    """The prompt over the list's thread of map `map_id`: with *Find a touchpoint* when the list is over a
    page; `unlisted`, with a button to post the list's first page, which couldn't be posted with it."""
    text = t.plural(
        "*Analyse the touchpoints*: {count} touchpoint in the thread. For each, note what works (+) and "
        "what falls short (−) for the customer, how they feel, and vote on the pains to fix first.",
        "*Analyse the touchpoints*: {count} touchpoints in the thread. For each, note what works (+) and "
        "what falls short (−) for the customer, how they feel, and vote on the pains to fix first.",
        count,
    )
    blocks = [section(text)]
    if count > LIST_PAGE:
        find = actions(button(t("Find a touchpoint"), Action.FIND_TO_ANALYSE, str(map_id)))
        blocks.append(find | {"block_id": "find"})
    if unlisted:
        blocks.append(_more(t("Post the touchpoints"), f"{map_id}:1"))
    return bidi_safe(Message(text=text, blocks=blocks), t)


def _more(label: str, value: str) -> dict[str, Any]:
    block = actions(button(label, Action.MORE_TO_ANALYSE, value))
    block["block_id"] = "more"
    return block


def find_modal(t: Translator, origin: Origin) -> dict[str, Any]:
    """Any touchpoint of a big map, found by typing part of its title, to analyse (its *Analyse* form
    takes this modal's place)."""
    menu = input_block(Field.TOUCHPOINT, t("Touchpoint"), touchpoint_select(t) | {"focus_on_load": True})
    meta = metadata(origin.map_id, origin.channel_id)
    return input_modal(t, View.FIND_TO_ANALYSE, t("Find a touchpoint"), [menu], meta, submit=N_("Next"))


def revealed_message(t: Translator) -> Message:
    text = t("*The analysis is revealed*: everyone's notes and scores are now visible to the whole channel.")
    return bidi_safe(Message(text=text, blocks=[section(text)]), t)


def analysis_list_messages(
    t: Translator, map_id: int, rows: list[tuple[int, str, str, str, int]], following: int | None, left: int
) -> list[Message]:
    """A page of the touchpoints by stage, each with an *Analyse* button, in one message; with *More*
    (for page `following`, `left` touchpoints after this page) when there are more."""
    blocks: list[dict[str, Any]] = []
    for stage, touchpoints in groupby(rows, key=lambda row: row[1]):
        blocks.append(section(f"*{escape(stage)}*"))
        for touchpoint_id, _, channel, title, evidence in touchpoints:
            line = f"{escape(title)} · _{escape(channel)}_"
            if evidence:
                line += " · " + t.plural(
                    "📎 {count} piece of evidence", "📎 {count} pieces of evidence", evidence
                )
            blocks.append(section(line, button(t("Analyse"), Action.ANALYSE, f"{map_id}:{touchpoint_id}")))
    if following is not None:
        label = t.plural("More: {count} touchpoint left", "More: {count} touchpoints left", left)
        blocks.append(_more(label, f"{map_id}:{following}"))
    messages = [Message(text=t("Touchpoints to analyse"), blocks=chunk) for chunk in chunked(blocks, 50)]
    return bidi_safe(messages, t)


def _fitting(lines: list[str], t: Translator, limit: int = SECTION_MAX) -> str:
    """As many whole lines as fit in `limit` characters once `directed`: no line is cut, so no link or
    mention breaks."""
    kept: list[str] = []
    for line in lines:
        if len(directed("\n".join([*kept, line]), t)) > limit:
            break
        kept.append(line)
    return "\n".join(kept)


def analysis_modal(t: Translator, form: AnalysisForm) -> dict[str, Any]:
    about = [f"*{escape(form.title)}*", f"{escape(form.stage)} × {escape(form.channel)}"]
    if form.owner_id:
        about.append(t("Owner: {person}", person=mention(form.owner_id)))
    if form.need:
        about.append(t("_Needs:_ {need}", need=shorten(form.need, 1000)))
    if form.description:
        about.append(shorten(form.description, 1200))
    blocks: list[dict[str, Any]] = [section(_fitting(about, t))]
    if form.evidence:
        links = [
            f"<{link}|{'👍' if polarity is Polarity.POSITIVE else '👎'}>" for polarity, link in form.evidence
        ]
        blocks.append(context(_fitting([t("Evidence:"), *links], t, 2000).replace("\n", " ")))
    if form.notes:
        marks = {Polarity.POSITIVE: "➕", Polarity.NEGATIVE: "➖"}
        lines = [f"{marks[n.polarity]} {shorten(n.text, 600)} ({mention(n.author_id)})" for n in form.notes]
        blocks.append(section(_fitting(lines, t)))
    if form.blind:
        hidden = t.plural(
            "Blind analysis: you see only your own notes until a facilitator reveals them "
            "({count} note by others hidden).",
            "Blind analysis: you see only your own notes until a facilitator reveals them "
            "({count} notes by others hidden).",
            form.hidden_notes,
        )
        blocks.append(context(hidden))
    feelings = [
        option(t(label, score=t.signed(value) if value else t.number(0)), str(value))
        for value, label in FEELINGS.items()
    ]
    feeling: dict[str, Any] = {"type": "radio_buttons", "options": feelings}
    if form.my_score is not None:
        feeling["initial_option"] = feelings[form.my_score + 2]
    vote_option = option(
        t(
            "Vote: fix this pain first ({left} of {total} votes left)",
            left=form.votes_left,
            total=form.votes_per_person,
        ),
        "vote",
    )
    vote: dict[str, Any] = {"type": "checkboxes", "options": [vote_option]}
    if form.voted:
        vote["initial_options"] = [vote_option]
    blocks += [
        text_input(
            Field.POSITIVE,
            t("What works for the customer (+)"),
            max_length=NOTE_MAX,
            optional=True,
            multiline=True,
        ),
        text_input(
            Field.NEGATIVE, t("What falls short (−)"), max_length=NOTE_MAX, optional=True, multiline=True
        ),
        input_block(Field.SCORE, t("How does the customer feel here?"), feeling, optional=True),
        input_block(Field.VOTE, t("Priority"), vote, optional=True),
    ]
    if form.still_after:
        then = option(
            t.plural(
                "Then analyse the next touchpoint ({count} left for you)",
                "Then analyse the next touchpoint ({count} left for you)",
                form.still_after,
            ),
            "next",
        )
        chain = {"type": "checkboxes", "options": [then], "initial_options": [then]}
        blocks.append(input_block(Field.NEXT, t("Afterwards"), chain, optional=True))
    metadata = json.dumps({"map": form.map_id, "channel": form.channel_id, "touchpoint": form.touchpoint_id})
    blocks = inputs_about(blocks, str(form.touchpoint_id))  # the next touchpoint's form replaces this one
    return input_modal(t, View.ANALYSE, t("Analyse"), blocks, metadata, submit=N_("Save"))


def _pains_table(t: Translator, summary: Summary) -> list[Block]:
    """The pains to fix first at a glance, as a table (the messages below each keep a thread to discuss
    it); nothing when there are none or the table would not fit."""
    if not summary.pains:
        return []
    rows = [[cell(t("Touchpoint")), cell(t("Votes")), cell(t("Notes on what falls short"))]]
    for finding in summary.pains:
        detail = finding.detail
        rows.append(
            [cell(finding.title), cell(t.number(detail["votes"])), cell(t.number(detail["negatives"]))]
        )
    grid = table(rows, [{"is_wrapped": True}, {"align": "right"}, {"align": "right"}])
    return [] if grid is None else [grid]


def summary_messages(t: Translator, summary: Summary) -> list[Message]:
    """A heading, then each finding in a message of its own so that each has a thread to discuss it."""
    heading = t(
        "*Analysis summary*: what to fix first, where the journey dips, and where the team disagrees. "
        "Reply in each thread to discuss."
    )
    messages = [Message(text=heading, blocks=[section(heading), *_pains_table(t, summary)])]
    for finding in summary.pains:
        text = t(
            "🔥 *{title}*: {votes} votes, {negatives} notes on what falls short",
            title=escape(finding.title),
            **finding.detail,
        )
        messages.append(Message(text=text, blocks=[section(text)]))
    for finding in summary.low_stages:
        text = t(
            "📉 The feeling dips at *{stage}*: mean score {mean}",
            stage=escape(finding.title),
            **finding.detail,
        )
        messages.append(Message(text=text, blocks=[section(text)]))
    for finding in summary.disagreements:
        text = t(
            "↔️ People disagree about *{title}*: scores from {low} to {high}",
            title=escape(finding.title),
            **finding.detail,
        )
        messages.append(Message(text=text, blocks=[section(text)]))
    if len(messages) == 1:
        text = t("No pains, dips or disagreements yet: analyse the touchpoints and vote first.")
        messages.append(Message(text=text, blocks=[section(text)]))
    return bidi_safe(messages, t)
