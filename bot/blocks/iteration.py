"""Step 4's modals and messages: an improvement, the list of improvements, a snapshot taken, the reminder."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.dates import format_skeleton

from bot.blocks.ids import Action, Field, View
from bot.blocks.kit import (
    Block,
    actions,
    bidi_safe,
    button,
    context,
    input_block,
    input_modal,
    option,
    plain,
    section,
    text_input,
    time_picker,
)
from bot.blocks.mrkdwn import escape, mention, shorten
from bot.blocks.timeline import metadata
from bot.blocks.touchpoints import touchpoint_select
from bot.gateway import Message
from bot.i18n import N_, Translator
from bot.method.vocabulary import NOTE_MAX, STATUSES, ImprovementStatus
from bot.workshop.rules import TIMEZONE_MAX

if TYPE_CHECKING:
    from bot.workshop.iteration import ImprovementItem, ImprovementPage, Revisit, Taken
    from bot.workshop.service import Origin

MARKS = {ImprovementStatus.OPEN: "▫️", ImprovementStatus.IN_PROGRESS: "⏳", ImprovementStatus.DONE: "✅"}
# What the menu on each improvement offers: the statuses it doesn't have.
MOVES = {
    ImprovementStatus.OPEN: N_("Reopen"),
    ImprovementStatus.IN_PROGRESS: N_("Mark in progress"),
    ImprovementStatus.DONE: N_("Mark done"),
}
# Cuts that keep a page of improvements readable and its text within what Slack takes in one message.
TOUCHPOINT_SHOWN, ACTION_SHOWN = 150, 300


def improvement_modal(t: Translator, origin: Origin) -> dict[str, Any]:
    statuses = [option(t(label), status) for status, label in STATUSES.items()]
    blocks = [
        input_block(Field.TOUCHPOINT, t("Touchpoint"), touchpoint_select(t)),
        text_input(
            Field.ACTION,
            t("What to do"),
            max_length=NOTE_MAX,
            multiline=True,
            placeholder=t("e.g. Keep what was typed in the card form when the page reloads"),
        ),
        input_block(
            Field.OWNER,
            t("Owner"),
            {"type": "users_select", "placeholder": plain(t("Who will do it"))},
            optional=True,
        ),
        input_block(
            Field.STATUS,
            t("Status"),
            {"type": "static_select", "options": statuses, "initial_option": statuses[0]},
        ),
    ]
    return input_modal(
        t, View.ADD_IMPROVEMENT, t("Add an improvement"), blocks, metadata(origin.map_id, origin.channel_id)
    )


def improvement_list(t: Translator, page: ImprovementPage) -> Message:
    """A page of the map's improvements, each with a menu to change its status, and buttons to turn pages."""
    heading = t("*Improvements: {title}*", title=escape(page.title))
    blocks: list[Block] = [section(heading)]
    if not page.items:
        blocks.append(section(t("None yet: add them with the board's *Add improvement* button, at step 4.")))
    blocks += [section(_line(t, item), _status_menu(t, page, item)) for item in page.items]
    if page.pages > 1:
        blocks.append(
            context(
                t.plural(
                    "Page {page} of {pages}, {count} improvement",
                    "Page {page} of {pages}, {count} improvements",
                    page.total,
                    page=page.page,
                    pages=page.pages,
                )
            )
        )
        turns = []
        if page.page > 1:
            turns.append(
                button(t("◀ Previous"), Action.PREVIOUS_IMPROVEMENTS, f"{page.map_id}:{page.page - 1}")
            )
        if page.page < page.pages:
            turns.append(button(t("Next ▶"), Action.NEXT_IMPROVEMENTS, f"{page.map_id}:{page.page + 1}"))
        blocks.append(actions(*turns))
    return bidi_safe(Message(text=t("Improvements: {title}", title=escape(page.title)), blocks=blocks), t)


def _line(t: Translator, item: ImprovementItem) -> str:
    touchpoint = shorten(item.touchpoint, TOUCHPOINT_SHOWN)
    owner = t("Owner: {person}", person=mention(item.owner_id)) if item.owner_id else t("No owner yet")
    return "\n".join(
        [
            f"{MARKS[item.status]} *{touchpoint}* · {t(STATUSES[item.status])}",
            shorten(item.action, ACTION_SHOWN),
            owner,
        ]
    )


def _status_menu(t: Translator, page: ImprovementPage, item: ImprovementItem) -> dict[str, Any]:
    options = [
        option(t(MOVES[status]), f"{page.map_id}:{item.improvement_id}:{status.value}:{page.page}")
        for status in ImprovementStatus
        if status is not item.status
    ]
    return {"type": "overflow", "action_id": Action.SET_STATUS, "options": options}


def snapshot_message(t: Translator, taken: Taken) -> Message:
    text = t(
        "📸 Snapshot v{version} taken by {person}: {touchpoints}, {improvements}",
        version=taken.version,
        person=mention(taken.taken_by),
        touchpoints=t.plural("{count} touchpoint", "{count} touchpoints", taken.touchpoints),
        improvements=t.plural("{count} improvement", "{count} improvements", taken.improvements),
    )
    return bidi_safe(Message(text=text, blocks=[section(text)]), t)


# How often the reminder modal offers (values as the schedule grammar reads them, a time of day after);
# any other schedule is typed with `/touchpoint remind`.
REPEATS = {
    "every day": N_("Every day"),
    "every monday": N_("Every Monday"),
    "every tuesday": N_("Every Tuesday"),
    "every wednesday": N_("Every Wednesday"),
    "every thursday": N_("Every Thursday"),
    "every friday": N_("Every Friday"),
    "every saturday": N_("Every Saturday"),
    "every sunday": N_("Every Sunday"),
    "every month on the 1st": N_("On the 1st of every month"),
    "off": N_("Off"),
}
DEFAULT_AT = "09:00"


def reminder_modal(t: Translator, revisit: Revisit) -> dict[str, Any]:
    """How often (a menu) and at what time (a time picker in the reminder's zone); a schedule typed with
    the command that the menu can't show is named above them."""
    choices = [option(t(label), value) for value, label in REPEATS.items()]
    typed = (revisit.schedule or "").strip().lower()
    repeat = next((each for each in choices if typed.startswith(each["value"])), None)
    menu: dict[str, Any] = {"type": "static_select", "options": choices, "placeholder": plain(t("Choose"))}
    if repeat is not None:
        menu["initial_option"] = repeat
    at = revisit.fires[0].strftime("%H:%M") if revisit.fires else DEFAULT_AT
    blocks: list[Block] = []
    if revisit.schedule and repeat is None:
        now = t("Now: “{schedule}”, typed with `/touchpoint remind`.", schedule=escape(revisit.schedule))
        blocks.append(context(now))
    blocks += [
        input_block(Field.SCHEDULE, t("How often to come back to the map"), menu),
        time_picker(Field.AT, t("At"), at, revisit.timezone),
        text_input(
            Field.TIMEZONE,
            t("Time zone"),
            initial=revisit.timezone,
            max_length=TIMEZONE_MAX,
            optional=True,
            placeholder=t("e.g. Asia/Tehran, Tehran or UTC+3:30"),
        ),
    ]
    origin = revisit.origin
    return input_modal(
        t,
        View.SET_REMINDER,
        t("Revisit reminder"),
        blocks,
        metadata(origin.map_id, origin.channel_id),
        submit=N_("Save"),
    )


def reminder_text(t: Translator, revisit: Revisit) -> str:
    if revisit.schedule is None:
        return escape(
            t(
                "No revisit reminder yet: a facilitator can set one with `/touchpoint remind <schedule>`, "
                "e.g. `/touchpoint remind every monday 09:00 Asia/Tehran`."
            )
        )
    if not revisit.enabled:
        return t("The revisit reminder is off.")
    text = t(
        "Revisit reminder: “{schedule}” ({zone}).",
        schedule=escape(revisit.schedule),
        zone=escape(revisit.timezone),
    )
    if not revisit.fires:
        return text
    return text + "\n" + t("Next: {times}.", times="; ".join(when(t, fire) for fire in revisit.fires))


def when(t: Translator, moment: datetime) -> str:
    """`moment` (aware) as a date and time in its own zone, the way the reader's language writes them."""
    locale = Locale.parse(t.language)
    day = format_skeleton("yMMMEd", moment, tzinfo=moment.tzinfo, locale=locale)
    clock = format_skeleton("Hm", moment, tzinfo=moment.tzinfo, locale=locale)
    return t.digits(locale.datetime_formats["medium"].format(clock, day))
