"""The modals a person opens are in their own Slack locale from their first click, the map's words in the
map's language: a Persian or Arabic reader on an English map, an English reader on a Persian one, each
board button's modal and the ones commands open; a form that waits for Slack to say who the person is
opens a waiting modal in time, and comes in their language as soon as Slack does."""

import re

import pytest
from sqlalchemy import select

from bot.blocks.ids import Action
from bot.blocks.kit import button
from bot.i18n import translator
from bot.workshop import starter
from handlers.actions.open_modal import ACTIONS
from storage.models import Touchpoint
from tests.support.fake_slack import BOB
from tests.support.maps import WORDS, whole_map

LOCALES = pytest.mark.parametrize("lang, locale", [("fa", "fa-IR"), ("ar", "ar-SA")])
RLM = "\u200f"
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
PHASE_NAMES = {"before": "Before purchase", "during": "During purchase", "after": "After purchase"}


def _never_met(fake_slack, user: str, locale: str) -> None:
    fake_slack.person(user).locale = locale
    assert not [c for c in fake_slack.calls_to("users.info") if c.args.get("user") == user]


def _map(uow, language: str) -> int:
    with uow() as session:
        return whole_map(session, language).id


def _click(bot, action_id: str, value: str, user: str = BOB) -> None:
    """Click a button `action_id` carrying `value`, as the board's do."""
    clicked = [{"type": "actions", "elements": [button("…", action_id, value)]}]
    assert bot.driver.click(clicked, action_id, user=user).status == 200


def _open(bot, fake_slack, action_id: str, value: str, user: str = BOB) -> dict:
    """Click a button `action_id` carrying `value` and return the form it opens."""
    opened = len(fake_slack.calls_to("views.open"))
    _click(bot, action_id, value, user)
    return fake_slack.opened_form(opened).json("view")


def _texts(view: dict) -> dict[str, list[str]]:
    """A modal's words: its frame (title, buttons), its labels, hints and notes, and its options."""
    frame = [view[key]["text"] for key in ("title", "submit", "close") if key in view]
    labels, options = [], []
    for block in view["blocks"]:
        if "label" in block:
            labels.append(block["label"]["text"])
        element = block.get("element", {})
        if "placeholder" in element:
            labels.append(element["placeholder"]["text"])
        options += [option["text"]["text"] for option in element.get("options", [])]
        if block.get("type") == "section":
            labels.append(block["text"]["text"])
    return {"frame": frame, "labels": labels, "options": options}


def _reads_in_rtl(text: str) -> bool:
    """Whether `text` is directed and worded for a reader of Persian or Arabic (an example of what to type
    may be Latin)."""
    return text.startswith(RLM) and len(ARABIC_SCRIPT.findall(text)) >= 3


def _reads_in_english(text: str) -> bool:
    return RLM not in text and not ARABIC_SCRIPT.search(text)


@LOCALES
@pytest.mark.parametrize("action_id", ACTIONS)
def test_each_board_button_opens_its_modal_in_the_readers_language(
    bot, fake_slack, uow, lang, locale, action_id
):
    map_id = _map(uow, "en")
    _never_met(fake_slack, BOB, locale)
    view = _open(bot, fake_slack, action_id, str(map_id))
    texts, t = _texts(view), translator(lang)
    assert view["close"]["text"] == RLM + t("Cancel")
    assert texts["labels"] and all(_reads_in_rtl(text) for text in texts["frame"] + texts["labels"])
    if action_id == Action.ADD_TOUCHPOINT:  # the map's stages as it holds them, each with its phase
        stages = [option.split(" · ") for option in texts["options"][:3]]
        assert stages == [[RLM + name, t(PHASE_NAMES[phase])] for name, phase in WORDS["en"]["stages"]]
    elif action_id == Action.STARTER_SET:  # the names the map will hold: English, as the map is
        names = [option.removeprefix(RLM).split(" (")[0] for option in texts["options"]]
        assert names == [s.name for s in starter.STAGES] + [c.name for c in starter.CHANNELS]
        assert texts["options"][0].endswith(f"({t('Before purchase')})")
    else:
        assert all(_reads_in_rtl(text) for text in texts["options"])


@pytest.mark.parametrize("action_id", ACTIONS)
def test_an_english_reader_gets_english_modals_on_a_persian_map(bot, fake_slack, uow, action_id):
    map_id = _map(uow, "fa")
    _never_met(fake_slack, BOB, "en-US")
    view = _open(bot, fake_slack, action_id, str(map_id))
    texts = _texts(view)
    assert view["close"]["text"] == "Cancel"
    assert all(_reads_in_english(text) for text in texts["frame"] + texts["labels"])
    if action_id == Action.ADD_TOUCHPOINT:
        stages = [option.split(" · ") for option in texts["options"][:3]]
        assert stages == [[name, PHASE_NAMES[phase]] for name, phase in WORDS["fa"]["stages"]]
    elif action_id == Action.STARTER_SET:
        fa = translator("fa")
        names = [option.split(" (")[0] for option in texts["options"]]
        assert names == [fa(s.name) for s in starter.STAGES] + [fa(c.name) for c in starter.CHANNELS]
        assert texts["options"][0].endswith("(Before purchase)")
    else:
        assert all(_reads_in_english(text) for text in texts["options"])


@LOCALES
def test_the_analysis_modal_is_in_the_readers_language_with_the_maps_words(
    bot, fake_slack, uow, lang, locale
):
    map_id = _map(uow, "en")
    with uow() as session:
        touchpoint_id, title = session.execute(
            select(Touchpoint.id, Touchpoint.title).where(Touchpoint.map_id == map_id).order_by(Touchpoint.id)
        ).first()
    _never_met(fake_slack, BOB, locale)
    view = _open(bot, fake_slack, Action.ANALYSE, f"{map_id}:{touchpoint_id}")
    texts = _texts(view)
    assert view["close"]["text"] == RLM + translator(lang)("Cancel")
    assert all(_reads_in_rtl(text) for text in texts["frame"])
    assert any(title in text for text in texts["labels"])  # the touchpoint as the map holds it


@LOCALES
@pytest.mark.parametrize("command, title", [("export", "Export the map"), ("import", "Import touchpoints")])
def test_a_modal_a_command_opens_is_in_the_readers_language(
    bot, fake_slack, uow, lang, locale, command, title
):
    _map(uow, "en")
    _never_met(fake_slack, BOB, locale)
    opened = len(fake_slack.calls_to("views.open"))
    assert bot.driver.command(command, user=BOB).status == 200
    view = fake_slack.opened_form(opened).json("view")
    assert view["title"]["text"] == RLM + translator(lang)(title)
    assert all(_reads_in_rtl(text) for text in _texts(view)["labels"])


def test_a_form_waiting_for_slack_to_say_who_the_person_is_comes_in_their_language(bot, fake_slack, uow):
    map_id = _map(uow, "en")
    _never_met(fake_slack, BOB, "fa-IR")
    fake_slack.stall("users.info", 2.0)  # longer than the trigger can wait, well within the modal's life
    _click(bot, Action.ADD_PERSONA, str(map_id))
    [waiting] = fake_slack.wait_for("views.open")
    assert waiting.json("view")["close"]["text"] == "Cancel"  # the map's language, while Slack is silent
    form = fake_slack.opened_form(0)
    assert form.method == "views.update"
    assert form.json("view")["close"]["text"] == RLM + translator("fa")("Cancel")
    assert form.args["hash"] and not form.error  # the modal as opened, not one the person changed since

    updates = len(fake_slack.calls_to("views.update"))  # known from now on: opened in Persian at once
    again = _open(bot, fake_slack, Action.ADD_STAGE, str(map_id))
    assert again["close"]["text"] == RLM + translator("fa")("Cancel")
    assert len(fake_slack.calls_to("views.update")) == updates


@pytest.mark.parametrize(
    "map_language, locale, directed", [("en", "fa-IR", True), ("en", "ar-SA", True), ("fa", "en-US", False)]
)
def test_the_touchpoints_a_modal_suggests_are_directed_as_the_modal(
    bot, fake_slack, uow, map_language, locale, directed
):
    map_id = _map(uow, map_language)
    _never_met(fake_slack, BOB, locale)
    _open(bot, fake_slack, Action.ADD_IMPROVEMENT, str(map_id))
    call = fake_slack.opened_form(0)
    suggested = bot.driver.suggest(call.json("view"), call.answer["view"]["id"], "touchpoint", "", user=BOB)
    titles = [option["text"]["text"] for option in suggested.json()["options"]]
    assert len(titles) == 4 and all(title.startswith(RLM) is directed for title in titles)
    assert {title.removeprefix(RLM) for title in titles} == set(WORDS[map_language]["touchpoints"])
