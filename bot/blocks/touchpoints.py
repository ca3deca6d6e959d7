"""Step 2's modals: a touchpoint (typed, or drafted from a message), a persona, a message as evidence."""

import json
from collections.abc import Mapping
from typing import Any, TypeVar

from bot.blocks.ids import Field, View
from bot.blocks.kit import bidi_safe, context, input_block, input_modal, option, plain, section, text_input
from bot.blocks.mrkdwn import escape
from bot.blocks.timeline import metadata
from bot.i18n import N_, Translator
from bot.method.vocabulary import NOTE_MAX, PHASES, TITLE_MAX, Polarity
from bot.workshop.touchpoints import Backed, Form, MapChoice, MessageRef

Choice = TypeVar("Choice", bound=str)

POLARITIES = {Polarity.NEGATIVE: N_("Against: a pain or a gap"), Polarity.POSITIVE: N_("For: it works well")}
MODES = {"evidence": N_("Evidence for a touchpoint on the map"), "new": N_("A new touchpoint")}


def _select(options: list[dict[str, Any]], placeholder: str, initial: dict[str, Any] | None = None) -> dict:
    element = {"type": "static_select", "options": options, "placeholder": plain(placeholder)}
    if initial is not None:
        element["initial_option"] = initial
    return element


def _radio(t: Translator, choices: Mapping[Choice, str], initial: Choice) -> dict[str, Any]:
    options = [option(t(label), value) for value, label in choices.items()]
    return {
        "type": "radio_buttons",
        "options": options,
        "initial_option": options[list(choices).index(initial)],
    }


def message_metadata(
    map_id: int, channel_id: str, message: MessageRef, polarity: Polarity | None = None
) -> str:
    """The map and the message a draft came from (its text cut short, to fit Slack's 3,000 characters)."""
    meta = {
        "map": map_id,
        "channel": channel_id,
        "message": [message.channel_id, message.ts, message.text[:1000]],
    }
    if polarity is not None:
        meta["polarity"] = polarity.value
    return json.dumps(meta, ensure_ascii=False)


def touchpoint_modal(
    t: Translator,
    form: Form,
    *,
    title: str = "",
    description: str = "",
    evidence: tuple[MessageRef, Polarity] | None = None,
) -> dict[str, Any]:
    stages = [option(f"{name} · {t(PHASES[phase])}", str(stage_id)) for stage_id, name, phase in form.stages]
    channels = [option(name, str(channel_id)) for channel_id, name in form.channels]
    blocks = [
        input_block(Field.STAGE, t("Stage"), _select(stages, t("Choose a stage"))),
        input_block(Field.CHANNEL, t("Channel"), _select(channels, t("Choose a channel"))),
        text_input(
            Field.TITLE,
            t("Touchpoint"),
            initial=title[:TITLE_MAX],
            max_length=TITLE_MAX,
            placeholder=t("e.g. Order confirmation email"),
        ),
        text_input(
            Field.DESCRIPTION,
            t("What happens"),
            initial=description[:NOTE_MAX],
            max_length=NOTE_MAX,
            optional=True,
            multiline=True,
        ),
        text_input(
            Field.NEED, t("What the customer needs here"), max_length=NOTE_MAX, optional=True, multiline=True
        ),
        input_block(
            Field.OWNER,
            t("Owner"),
            {"type": "users_select", "placeholder": plain(t("Who looks after it"))},
            optional=True,
        ),
    ]
    if form.personas:
        personas = [option(name, str(persona_id)) for persona_id, name in form.personas]
        element = {"type": "multi_static_select", "options": personas, "placeholder": plain(t("Everyone"))}
        blocks.append(input_block(Field.PERSONAS, t("Personas"), element, optional=True))
    else:
        blocks.append(context(t("No personas yet: add them with the board's *Add persona* button.")))
    if evidence is None:
        meta = metadata(form.map_id, form.channel_id)
    else:
        blocks.append(context(t("The message will be kept as evidence for this touchpoint.")))
        meta = message_metadata(form.map_id, form.channel_id, *evidence)
    return input_modal(t, View.ADD_TOUCHPOINT, t("Add a touchpoint"), blocks, meta)


def persona_modal(t: Translator, map_id: int, channel_id: str) -> dict[str, Any]:
    blocks = [
        text_input(Field.NAME, t("Persona"), max_length=60, placeholder=t("e.g. First-time buyer")),
        text_input(Field.DESCRIPTION, t("Who they are"), max_length=300, optional=True, multiline=True),
    ]
    return input_modal(t, View.ADD_PERSONA, t("Add a persona"), blocks, metadata(map_id, channel_id))


def from_message_modal(t: Translator, maps: list[MapChoice], message: MessageRef) -> dict[str, Any]:
    """The *Add to touchpoint map* shortcut: which map; is the message evidence or a new touchpoint."""
    first = maps[0]
    blocks: list[dict[str, Any]] = [context("> " + escape(message.text[:500]).replace("\n", "\n> "))]
    if len(maps) > 1:
        choices = [option(m.title, f"{m.map_id}:{m.channel_id}") for m in maps]
        blocks.append(input_block(Field.MAP, t("Map"), _select(choices, t("Choose a map"), choices[0])))
    else:
        blocks.append(context(t("Map: *{title}*", title=escape(first.title))))
    blocks += [
        input_block(Field.MODE, t("This message is"), _radio(t, MODES, "evidence")),
        input_block(
            Field.TOUCHPOINT,
            t("Touchpoint it backs"),
            touchpoint_select(t),
            optional=True,
        ),
        input_block(Field.POLARITY, t("It speaks"), _radio(t, POLARITIES, Polarity.NEGATIVE)),
    ]
    meta = message_metadata(first.map_id, first.channel_id, message)
    return input_modal(t, View.FROM_MESSAGE, t("Add to touchpoint map"), blocks, meta, submit=N_("Next"))


def touchpoint_select(t: Translator) -> dict[str, Any]:
    """A menu of the map's touchpoints, searched as the person types (`handlers/options/touchpoints.py`
    answers it for any modal whose metadata names the map)."""
    return {"type": "external_select", "min_query_length": 0, "placeholder": plain(t("Type to search"))}


def touchpoint_options(choices: list[tuple[int, str]], t: Translator) -> list[dict[str, Any]]:
    """The options of the touchpoint menu, right to left in a Persian or Arabic map."""
    return bidi_safe([option(title, str(touchpoint_id)) for touchpoint_id, title in choices], t)


def evidence_added_modal(t: Translator, backed: Backed, polarity: Polarity) -> dict[str, Any]:
    said = (
        t("Kept as evidence for “{title}”.", title=escape(backed.title))
        if polarity is Polarity.POSITIVE
        else t("Kept as evidence against “{title}”.", title=escape(backed.title))
    )
    tally = t(
        "It is now backed by {positive} for and {negative} against.",
        positive=backed.positive,
        negative=backed.negative,
    )
    view = {
        "type": "modal",
        "title": plain(t("Add to touchpoint map")),
        "close": plain(t("Done")),
        "blocks": [section(f"{said}\n{tally}")],
    }
    return bidi_safe(view, t)
