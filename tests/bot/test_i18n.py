"""The catalogs: complete for every message the code uses, the same placeholders as each msgid, plural forms
right for each language, and Slack's limits kept by every translated modal, button and option."""

from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.blocks.analysis import analysis_modal
from bot.blocks.board import board_message
from bot.blocks.exports import export_modal, import_modal, import_preview
from bot.blocks.iteration import improvement_list, improvement_modal, reminder_modal
from bot.blocks.timeline import channel_modal, rename_modal, stage_modal, starter_modal, timeline_editor
from bot.blocks.touchpoints import evidence_added_modal, from_message_modal, persona_modal, touchpoint_modal
from bot.i18n import EXTRACT_KEYWORDS, LANGUAGES, LOCALE_DIR, load_catalog, translator
from bot.method.vocabulary import Lane
from bot.workshop.analysis import AnalysisForm
from bot.workshop.board import Board
from bot.workshop.imports import Preview
from bot.workshop.iteration import ImprovementItem, ImprovementPage, Revisit
from bot.workshop.service import Origin
from bot.workshop.timeline import Outline
from bot.workshop.touchpoints import Backed, Form, MapChoice, MessageRef
from handlers.commands.subcommands import usage
from storage.models import ImprovementStatus, Phase, Polarity
from storage.repositories import MapCounts
from tests.support.fake_slack import MESSAGE_BLOCKS_MAX, validate_blocks, validate_view

ROOT = Path(__file__).resolve().parents[2]


def _used_messages() -> dict[str, tuple[str, ...]]:
    """Every message the code passes to t, t.plural, N_ or UserError, extracted as the docs say."""
    used: dict[str, tuple[str, ...]] = {}
    for folder in ("bot", "handlers"):
        for _name, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=EXTRACT_KEYWORDS
        ):
            forms = (message,) if isinstance(message, str) else tuple(message)
            used[forms[0]] = forms
    return used


def _catalog(language: str) -> Catalog:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "touchpoint.po").open("rb") as po:
        return read_po(po, locale=language)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


USED = _used_messages()


def test_extraction_finds_each_kind_of_message():
    """The keywords catch t(), t.plural(), N_() tables, Msg(N_()) and UserError("…")."""
    assert "Added the stage “{name}”." in USED  # t(…)
    assert USED["{count} stage"] == ("{count} stage", "{count} stages")  # t.plural(…)
    assert "Before purchase" in USED  # N_ table
    assert "stage" in USED  # Msg(N_("stage"))
    assert "The map is already at its first step." in USED  # UserError(…)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_translates_every_message_the_code_uses(language):
    catalog = _catalog(language)
    missing, untranslated = [], []
    for msgid, forms in USED.items():
        entry = catalog.get(forms if len(forms) > 1 else msgid)
        if entry is None:
            missing.append(msgid)
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(strings) or (len(forms) > 1 and len(strings) != catalog.num_plurals):
            untranslated.append(msgid)
    assert missing == [], f"{language}: run the extract and update of docs/architecture.md, then translate"
    assert untranslated == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    wrong = []
    for entry in _catalog(language):
        if not entry.id:
            continue
        if isinstance(entry.id, tuple):
            expected = _fields(entry.id[1])
            for form in entry.string:
                # Arabic says "one", "two" or "none" in words: its forms for 0, 1 and 2 may leave out {count}.
                if _fields(form) not in (expected, expected - {"count"}):
                    wrong.append((entry.id[0], form))
        elif _fields(entry.string) != _fields(entry.id):
            wrong.append((entry.id, entry.string))
    assert wrong == []


def test_plural_forms_follow_each_language():
    assert _catalog("fa").plural_forms == "nplurals=1; plural=0;"
    assert _catalog("ar").num_plurals == 6
    fa, ar = translator("fa"), translator("ar")
    assert [fa.plural("{count} stage", "{count} stages", n) for n in (1, 3)] == ["۱ مرحله", "۳ مرحله"]
    expected = {0: "لا مراحل", 1: "مرحلة واحدة", 2: "مرحلتان", 3: "٣ مراحل", 10: "١٠ مراحل"}
    expected |= {11: "١١ مرحلة", 99: "٩٩ مرحلة", 100: "١٠٠ مرحلة", 103: "١٠٣ مراحل"}
    assert {n: ar.plural("{count} stage", "{count} stages", n) for n in expected} == expected
    assert translator("en").plural("{count} stage", "{count} stages", 1) == "1 stage"


def test_a_catalog_is_read_from_its_po_when_no_up_to_date_mo_exists(tmp_path):
    folder = tmp_path / "fa" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "touchpoint.po").write_bytes((LOCALE_DIR / "fa/LC_MESSAGES/touchpoint.po").read_bytes())
    assert load_catalog("fa", tmp_path).gettext("Add stage") == "افزودن مرحله"
    assert load_catalog("ar", tmp_path).gettext("Add stage") == "Add stage"


# --- Slack's limits in every language -------------------------------------------------------------------
OUTLINE = Outline(
    7, "C1", "en", [(1, "آگاهی", Phase.BEFORE), (2, "Purchase", Phase.DURING)], [(3, "Website")]
)
ORIGIN = Origin(7, "C1", "en")
PREVIEW = Preview(
    ORIGIN,
    3,
    12,
    [("آگاهی", "وب‌سایت", "تبلیغ")] * 10,
    [("Consideration", Phase.BEFORE)],
    ["Email"],
    ["Buyer"],
    ["x"],
)
FORM = AnalysisForm(
    7, "C1", "en", 9, "Checkout", "Purchase", "Website", "A description", "To pay", "U1",
    [(Polarity.NEGATIVE, "https://x.slack.com/archives/C1/p1")], [], 2, True, None, False, 1, 3,
)  # fmt: skip
PAGE = ImprovementPage(
    7, "Checkout", "en", 1, 1, 3,
    [ImprovementItem(i, "Checkout", "Keep", None, status) for i, status in enumerate(ImprovementStatus)],
)  # fmt: skip


def _board(step: int) -> Board:
    counts = MapCounts(stages=2, channels=1, touchpoints=3, notes=4, votes=2, analysed=1, improvements=1)
    return Board(7, "Checkout", "en", step, False, ["U1"], ["U1", "U2"], counts)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_modal_button_and_option_fits_slacks_limits(language):
    """validate_view and validate_blocks check modal titles and submit/close labels (24 characters), button
    texts (75) and option texts (75), as Slack does."""
    t = translator(language)
    modals = [
        stage_modal(t, 7, "C1", 2),
        channel_modal(t, 7, "C1", 1),
        starter_modal(t, t, 7, "C1"),
        rename_modal(t, 7, "C1", Lane.STAGE, 1, "آگاهی"),
        touchpoint_modal(t, Form(**vars(OUTLINE), personas=[(4, "First-time buyer")])),
        persona_modal(t, 7, "C1"),
        from_message_modal(t, [MapChoice(7, "C1", "A"), MapChoice(8, "C1", "B")], MessageRef("C", "1", "")),
        evidence_added_modal(t, Backed(7, "Checkout", 2, 1), Polarity.POSITIVE),
        analysis_modal(t, FORM),
        improvement_modal(t, ORIGIN),
        reminder_modal(t, Revisit(ORIGIN, "every monday 09:00", "Asia/Tehran")),
        export_modal(t, ORIGIN),
        import_modal(t, ORIGIN),
        import_preview(t, PREVIEW),
    ]  # fmt: skip
    for view in modals:
        validate_view(view)
    messages = [board_message(_board(step), t) for step in (1, 2, 3, 4)]
    messages += [improvement_list(t, PAGE), usage(t), *timeline_editor(t, OUTLINE)]
    for message in messages:
        validate_blocks(message.blocks, MESSAGE_BLOCKS_MAX)


def test_the_help_lists_the_persian_and_arabic_words_in_those_languages():
    assert "افزودن" not in usage(translator("en")).text
    for language, word in (("fa", "مرحله"), ("ar", "إضافة")):
        text = usage(translator(language)).text
        assert word in text and "`/touchpoint language fa|ar|en`" in text
