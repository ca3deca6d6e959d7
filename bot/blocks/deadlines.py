"""A step's deadline: shown, set in a modal, the nudge a member gets before it, the summary at it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.blocks.ids import Action, Field, View
from bot.blocks.iteration import when
from bot.blocks.kit import (
    actions,
    bidi_safe,
    button,
    datetime_picker,
    input_block,
    input_modal,
    option,
    section,
    text_input,
)
from bot.blocks.mrkdwn import escape
from bot.blocks.reminders import people
from bot.blocks.timeline import metadata
from bot.gateway import Message
from bot.i18n import N_, Translator
from bot.method.steps import step
from bot.workshop.rules import TIMEZONE_MAX

if TYPE_CHECKING:
    from bot.workshop.deadlines import Closed, DeadlineView, Nudged

ADVANCE = "advance"  # the checkbox's value


def _step(t: Translator, number: int) -> str:
    return t("step {number} ({name})", number=number, name=t(step(number).name))


def deadline_text(t: Translator, view: DeadlineView) -> str:
    if view.due_at is None:
        return escape(
            t(
                "Step {number} has no deadline: a facilitator can set one with `/touchpoint deadline "
                "<when>`, e.g. `/touchpoint deadline friday 17:00 Europe/Paris / next`.",
                number=view.step,
            )
        )
    text = t(
        "Step {number} closes on {when} ({zone}). The day before and an hour before, I'll remind everyone "
        "who hasn't contributed to it yet.",
        number=view.step,
        when=when(t, view.due_at),
        zone=escape(view.timezone),
    )
    if view.advance:
        text += " " + t("Then the map moves on to the next step.")
    return text


def deadline_message(t: Translator, view: DeadlineView) -> Message:
    """The deadline, with a button for facilitators to set or change it."""
    text = deadline_text(t, view)
    change = button(t("Set deadline"), Action.SET_DEADLINE, str(view.origin.map_id))
    return bidi_safe(Message(text=text, blocks=[section(text), actions(change)]), t)


def deadline_modal(t: Translator, view: DeadlineView) -> dict[str, Any]:
    advance = option(t("Move the map on to the next step at the deadline"), ADVANCE)
    checkbox: dict[str, Any] = {"type": "checkboxes", "options": [advance]}
    if view.advance:
        checkbox["initial_options"] = [advance]
    blocks = [
        datetime_picker(Field.WHEN, t("When step {number} closes", number=view.step), view.due_at),
        text_input(
            Field.TIMEZONE,
            t("Time zone the deadline is shown in"),
            initial=view.timezone,
            max_length=TIMEZONE_MAX,
            optional=True,
            placeholder=t("e.g. Asia/Tehran, Tehran or UTC+3:30"),
        ),
        input_block(Field.ADVANCE, t("At the deadline"), checkbox, optional=True),
    ]
    where = metadata(view.origin.map_id, view.origin.channel_id)
    return input_modal(t, View.SET_DEADLINE, t("Step deadline"), blocks, where, N_("Save"))


def nudge_message(t: Translator, nudged: Nudged) -> Message:
    """A direct message to someone who hasn't contributed to a step that closes soon."""
    text = t(
        "👋 In {channel}, {step} of the map “{title}” closes on {when} (your time), and you haven't added "
        "anything to it yet. Have a look when you can!",
        channel=f"<#{nudged.channel_id}>",
        step=_step(t, nudged.step),
        title=escape(nudged.title),
        when=when(t, nudged.due_at),
    )
    return bidi_safe(Message(text=text, blocks=[section(text)]), t)


def deadline_summary(t: Translator, closed: Closed) -> Message:
    """Posted in the channel at the deadline: who contributed to the step, who didn't."""
    lines = [
        t(
            "⏰ *The deadline of {step} of “{title}” has come.*",
            step=_step(t, closed.step),
            title=escape(closed.title),
        )
    ]
    if closed.contributors:
        named = people(t, closed.contributors)  # (not inside t.plural's arguments: Babel would miss it)
        lines.append(
            t.plural(
                "{count} person contributed: {people}",
                "{count} people contributed: {people}",
                len(closed.contributors),
                people=named,
            )
        )
    else:
        lines.append(t("Nobody contributed to it."))
    if closed.missing:
        lines.append(t("Not yet: {people}", people=people(t, closed.missing)))
    if closed.moved_on:
        lines.append(t("The map moves on to step {number}.", number=closed.step + 1))
    text = "\n".join(lines)
    return bidi_safe(Message(text=text, blocks=[section(text)]), t)
