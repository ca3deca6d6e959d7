"""Exports and imports in Slack: the export modal and message, the import modal and its preview."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from bot.blocks.ids import Field, View
from bot.blocks.kit import (
    bidi_safe,
    directed,
    input_block,
    input_modal,
    modal,
    option,
    plain,
    section,
    text_input,
)
from bot.blocks.mrkdwn import escape, mention, shorten
from bot.blocks.timeline import metadata
from bot.gateway import Message
from bot.i18n import N_, Translator
from bot.method.vocabulary import PHASES

if TYPE_CHECKING:
    from bot.exports.files import Format
    from bot.workshop.imports import Imported, Preview
    from bot.workshop.service import Origin

FORMAT_LABELS: dict[str, str] = {
    "json": N_("JSON: the whole map, for other tools"),
    "csv": N_("CSV: a spreadsheet of touchpoints, and one of notes"),
    "md": N_("Markdown: a report for a wiki or a ticket"),
    "png": N_("PNG: the map's picture"),
    "svg": N_("SVG: the map's picture, to scale"),
    "pdf": N_("PDF: the map's picture, to print"),
}
FORMAT_NAMES = {"json": "JSON", "csv": "CSV", "md": "Markdown", "png": "PNG", "svg": "SVG", "pdf": "PDF"}
DESTINATIONS = {"me": N_("Send it to me"), "channel": N_("Share it in the channel")}


def export_modal(t: Translator, origin: Origin) -> dict[str, Any]:
    formats = [option(t(label), fmt) for fmt, label in FORMAT_LABELS.items()]
    destinations = [option(t(label), value) for value, label in DESTINATIONS.items()]
    blocks = [
        input_block(
            Field.FORMAT,
            t("Format"),
            {"type": "static_select", "options": formats, "initial_option": formats[1]},
        ),
        input_block(
            Field.DESTINATION,
            t("Where"),
            {"type": "radio_buttons", "options": destinations, "initial_option": destinations[0]},
        ),
    ]
    return input_modal(
        t,
        View.EXPORT,
        t("Export the map"),
        blocks,
        metadata(origin.map_id, origin.channel_id),
        submit=N_("Export"),
    )


def export_comment(t: Translator, title: str, fmt: Format, shared_by: str | None, channel: str) -> str:
    """The message the files come with: who shared them in the channel, or, in a DM, where they're from."""
    what = FORMAT_NAMES[fmt]
    if shared_by is not None:
        text = t(
            "{person} exported the map “{title}” as {format}.",
            person=mention(shared_by),
            title=escape(title),
            format=what,
        )
    else:
        text = t(
            "The map “{title}” of <#{channel}>, as {format}.",
            title=escape(title),
            channel=channel,
            format=what,
        )
    return directed(text, t)


PASTED_MAX = 3000  # Slack's limit on a plain-text input


def import_modal(t: Translator, origin: Origin, problem: str | None = None) -> dict[str, Any]:
    """The import form; `problem` (localized) is what was wrong with the file given last, shown on top
    once the form comes back after the ack (a modal's field errors can only be given in the ack)."""
    warning = [section(f"⚠️ {problem}")] if problem else []
    blocks = [
        *warning,
        section(
            t(
                "Add touchpoints from a spreadsheet saved as CSV (Excel: *CSV UTF-8*; Google Sheets: "
                "*Download › CSV*), with a row of headings: *Stage*, *Channel* and *Touchpoint*, and if you "
                "like *Purchase phase*, *What happens*, *Customer need*, *Owner* (a member ID) and "
                "*Personas* (separated by ;). A CSV export of a map has them all. Stages, channels and "
                "personas the map lacks are added."
            )
        ),
        input_block(
            Field.FILE,
            t("CSV file"),
            {"type": "file_input", "filetypes": ["csv", "txt", "tsv"], "max_files": 1},
            optional=True,
        ),
        text_input(
            Field.PASTED,
            t("Or paste the CSV here"),
            max_length=PASTED_MAX,
            optional=True,
            multiline=True,
            placeholder=t("Stage,Channel,Touchpoint"),
        ),
    ]
    meta = metadata(origin.map_id, origin.channel_id)
    return input_modal(t, View.IMPORT, t("Import touchpoints"), blocks, meta, submit=N_("Preview"))


def import_reading(t: Translator, origin: Origin, external_id: str) -> dict[str, Any]:
    """What the import form shows while the file is downloaded and read, after the ack; `external_id`
    lets the result replace exactly this view, once Slack shows it."""
    reading = {
        "type": "modal",
        "callback_id": View.IMPORT_READING,
        "external_id": external_id,
        "title": plain(t("Import touchpoints")),
        "close": plain(t("Cancel")),  # nothing to submit yet
        "private_metadata": metadata(origin.map_id, origin.channel_id),
        "blocks": [section(t("Reading your file… The preview will show here in a few seconds."))],
    }
    return bidi_safe(reading, t)


def import_preview(t: Translator, preview: Preview) -> dict[str, Any]:
    """What the import will add, with *Import* to apply it all and *Cancel* to add nothing."""
    lines = [
        t.plural("*{count} touchpoint* will be added:", "*{count} touchpoints* will be added:", preview.total)
    ]
    lines += [
        f"• {escape(stage)} × {escape(channel)}: {shorten(title, 150)}"
        for stage, channel, title in preview.first
    ]
    if preview.total > len(preview.first):
        lines.append(t("…and {count} more.", count=preview.total - len(preview.first)))
    blocks = [section("\n".join(lines))]
    news = [
        (t("New stages"), [f"{escape(name)} ({t(PHASES[phase])})" for name, phase in preview.new_stages]),
        (t("New channels"), [escape(name) for name in preview.new_channels]),
        (t("New personas"), [escape(name) for name in preview.new_personas]),
        (t("Columns not read"), [escape(name) for name in preview.ignored]),
    ]
    blocks += [section(shorten_mrkdwn(f"*{label}:* " + ", ".join(names))) for label, names in news if names]
    meta = json.dumps(
        {"map": preview.origin.map_id, "channel": preview.origin.channel_id, "draft": preview.draft_id}
    )
    return bidi_safe(
        modal(
            View.IMPORT_PREVIEW,
            t("Import touchpoints"),
            blocks,
            submit=t("Import"),
            close=t("Cancel"),
            metadata=meta,
        ),
        t,
    )


def imported_message(t: Translator, imported: Imported, person: str) -> Message:
    text = t.plural(
        "{person} imported {count} touchpoint from a CSV.",
        "{person} imported {count} touchpoints from a CSV.",
        imported.touchpoints,
        person=mention(person),
    )
    return bidi_safe(Message(text=text, blocks=[section(text)]), t)


SECTION_TEXT_MAX = 3000  # Slack's limit on a section's text


def shorten_mrkdwn(text: str) -> str:
    """Already-escaped mrkdwn cut to fit a section."""
    return text if len(text) <= SECTION_TEXT_MAX else text[: SECTION_TEXT_MAX - 1] + "…"
