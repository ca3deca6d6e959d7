"""Step 1's modals: add a stage, add a channel, tick a starter set; and the removal confirmation."""

import json
from typing import Any

from bot.blocks.ids import Action, Field, View
from bot.blocks.kit import (
    Reader,
    actions,
    bidi_safe,
    button,
    chunked,
    input_modal,
    number_input,
    option,
    plain,
    section,
    text_input,
)
from bot.blocks.mrkdwn import escape
from bot.gateway import Message
from bot.i18n import N_, Translator
from bot.method.vocabulary import KIND, NAME_MAX, PHASES, Lane, Phase
from bot.workshop import starter
from bot.workshop.timeline import Outline, Removal


def metadata(map_id: int, channel_id: str) -> str:
    """What a modal remembers of where it was opened; checked again on submission."""
    return json.dumps({"map": map_id, "channel": channel_id})


def _position_input(t: Translator, count: int) -> dict[str, Any]:
    return number_input(
        Field.POSITION,
        t("Position (1 = first; empty = last, after {count})", count=count),
        low=1,
        high=count + 1,
        optional=True,
    )


def stage_modal(t: Translator, map_id: int, channel_id: str, stage_count: int) -> dict[str, Any]:
    phase = {
        "type": "input",
        "block_id": Field.PHASE,
        "label": plain(t("Purchase phase")),
        "element": {
            "type": "static_select",
            "action_id": Field.PHASE,
            "options": [option(t(label), value) for value, label in PHASES.items()],
            "initial_option": option(t(PHASES[Phase.BEFORE]), Phase.BEFORE),
        },
    }
    blocks = [
        text_input(Field.NAME, t("Stage name"), max_length=NAME_MAX, placeholder=t("e.g. Awareness")),
        phase,
        _position_input(t, stage_count),
    ]
    return input_modal(t, View.ADD_STAGE, t("Add a stage"), blocks, metadata(map_id, channel_id))


def channel_modal(t: Translator, map_id: int, channel_id: str, channel_count: int) -> dict[str, Any]:
    blocks = [
        text_input(Field.NAME, t("Channel name"), max_length=NAME_MAX, placeholder=t("e.g. Website")),
        _position_input(t, channel_count),
    ]
    return input_modal(t, View.ADD_CHANNEL, t("Add a channel"), blocks, metadata(map_id, channel_id))


def starter_modal(t: Translator, words: Translator, map_id: int, channel_id: str) -> dict[str, Any]:
    """The starter set to tick, worded by `t` (the reader's language) but for its stages' and channels'
    names, which are written as the map will hold them, in the map's language (`words`)."""

    def checkboxes(block_id: str, label: str, choices: list[tuple[str, str]]) -> dict[str, Any]:
        options = [option(text, key) for key, text in choices]
        return {
            "type": "input",
            "block_id": block_id,
            "label": plain(label),
            "optional": True,
            "element": {
                "type": "checkboxes",
                "action_id": block_id,
                "options": options,
                "initial_options": options,
            },
        }

    stages = [(s.key, f"{words(s.name)} ({t(PHASES[s.phase])})") for s in starter.STAGES]
    channels = [(c.key, words(c.name)) for c in starter.CHANNELS]
    blocks = [
        section(t("Tick what fits your journey. Names the map already has are skipped.")),
        checkboxes(Field.STAGES, t("Stages"), stages),
        checkboxes(Field.CHANNELS, t("Channels"), channels),
    ]
    return input_modal(t, View.STARTER_SET, t("Starter set"), blocks, metadata(map_id, channel_id))


def confirm_removal(removal: Removal, t: Reader) -> Message:
    text = t.plural(
        "“{name}” holds {count} touchpoint. Removing the {kind} removes it too.",
        "“{name}” holds {count} touchpoints. Removing the {kind} removes them too.",
        removal.touchpoints,
        name=escape(removal.name),
        kind=t(KIND[removal.lane]),
    )
    value = f"{removal.map_id}:{removal.lane.value}:{removal.item_id}"
    remove = button(t("Remove"), Action.REMOVE_CONFIRMED, value, "danger")
    return bidi_safe(Message(text=text, blocks=[section(text), actions(remove)]), t)


EDIT_OPERATIONS = {
    "rename": N_("Rename…"),
    "earlier": N_("Move earlier"),
    "later": N_("Move later"),
    "remove": N_("Remove"),
}


def timeline_editor(t: Translator, outline: Outline) -> list[Message]:
    """The map's stages and channels, each with a menu to rename, move or remove it."""

    def menu(lane: Lane, item_id: int) -> dict[str, Any]:
        options = [
            option(t(label), f"{op}:{outline.map_id}:{lane.value}:{item_id}")
            for op, label in EDIT_OPERATIONS.items()
        ]
        return {"type": "overflow", "action_id": Action.TIMELINE_ITEM, "options": options}

    blocks = [section(t("*Stages*"))]
    blocks += [
        section(f"{t.number(n)}. {escape(name)} · _{t(PHASES[phase])}_", menu(Lane.STAGE, item_id))
        for n, (item_id, name, phase) in enumerate(outline.stages, start=1)
    ]
    blocks.append(section(t("*Channels*")))
    blocks += [
        section(f"{t.number(n)}. {escape(name)}", menu(Lane.CHANNEL, item_id))
        for n, (item_id, name) in enumerate(outline.channels, start=1)
    ]
    return bidi_safe([Message(text=t("Edit the timeline"), blocks=chunk) for chunk in chunked(blocks)], t)


def rename_modal(
    t: Translator, map_id: int, channel_id: str, lane: Lane, item_id: int, name: str
) -> dict[str, Any]:
    label = t("New name")
    blocks = [text_input(Field.NAME, label, initial=name, max_length=NAME_MAX)]
    meta = json.dumps({"map": map_id, "channel": channel_id, "lane": lane.value, "item": item_id})
    return input_modal(t, View.RENAME, t("Rename"), blocks, meta, submit=N_("Save"))
