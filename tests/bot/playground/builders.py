"""Every public Block Kit builder of `bot/blocks`, found by introspection, and realistic arguments for each
in English, Persian and Arabic: what the bot really sends, for the playground's renderer to draw."""

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import bot.blocks
import bot.blocks.analysis
import bot.blocks.audit
import bot.blocks.board
import bot.blocks.deadlines
import bot.blocks.exports
import bot.blocks.help
import bot.blocks.home
import bot.blocks.inline_form
import bot.blocks.iteration
import bot.blocks.maps
import bot.blocks.notices
import bot.blocks.reminders
import bot.blocks.snapshots
import bot.blocks.steps
import bot.blocks.timeline
import bot.blocks.touchpoints
import bot.blocks.waiting
from bot.document.diff import Changes, Moved, Place, Rescored
from bot.gateway import OUTSIDER
from bot.i18n import Translator
from bot.workshop.analysis import AnalysisForm, Finding, ShownNote, Summary
from bot.workshop.audit import AuditLine, Deletion
from bot.workshop.board import Board
from bot.workshop.deadlines import Closed, DeadlineView, Nudged
from bot.workshop.flow import MapListing
from bot.workshop.home import HomeMap
from bot.workshop.imports import Imported, Preview
from bot.workshop.iteration import ImprovementItem, ImprovementPage, Origin, Revisit, Taken
from bot.workshop.notices import StepStarted, TakenOver
from bot.workshop.revisits import RevisitPost
from bot.workshop.snapshots import Comparison, Restored, SnapshotItem, SnapshotList
from bot.workshop.timeline import Lane, Outline, Removal
from bot.workshop.touchpoints import Backed, Form, MapChoice, MessageRef
from handlers.commands import subcommands
from storage.models import AuditAction, ImprovementStatus, Phase, Polarity
from storage.repositories import MapCounts
from tests.support.fake_slack import ALICE, BOB, CAROL, TEAM_ID, WORKSHOP_CHANNEL
from tests.support.maps import WORDS

# Modules of small parts (text objects, elements, escaping, ids), not of messages or views.
HELPERS = {"kit", "mrkdwn", "ids"}


def builders() -> dict[str, Callable[..., Any]]:
    """Every public function of `bot.blocks.*` (helpers aside) that returns a message, messages, a view,
    blocks or Block Kit parts, by `module.name`."""
    found = {}
    for module_info in pkgutil.iter_modules(bot.blocks.__path__):
        if module_info.name in HELPERS:
            continue
        module = importlib.import_module(f"bot.blocks.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            returns = str(inspect.signature(function).return_annotation)
            ours = function.__module__ == module.__name__ and not name.startswith("_")
            if ours and ("Message" in returns or "dict" in returns):
                found[f"{module_info.name}.{name}"] = function
    return found


def _words(t: Translator) -> dict[str, Any]:
    return WORDS[t.language]


def _origin(t: Translator) -> Origin:
    return Origin(map_id=7, channel_id=WORKSHOP_CHANNEL, language=t.language)


def _places(t: Translator) -> list[Place]:
    w = _words(t)
    return [
        Place(title, w["stages"][n % 3][0], w["channels"][n % 3]) for n, title in enumerate(w["touchpoints"])
    ]


def _changes(t: Translator) -> Changes:
    places = _places(t)
    w = _words(t)
    return Changes(
        added=places[:2],
        removed=places[3:],
        moved=[Moved(places[0], places[1])],
        renamed=[Moved(places[1], places[2])],
        rose=[Rescored(places[0], -1.0, 1.5)],
        fell=[Rescored(places[2], 1.0, -0.5)],
        noted=places[:1],
        notes_added=3,
        done=[w["action"]],
        stages_added=[w["stages"][0][0]],
        channels_removed=[w["channels"][2]],
    )


def _board(t: Translator, step: int = 3) -> Board:
    counts = MapCounts(stages=3, channels=3, touchpoints=4, notes=6, votes=5, analysed=3, improvements=2)
    people = ([ALICE], [ALICE, BOB, CAROL])
    return Board(7, _words(t)["title"], t.language, step, False, *people, counts, picture_file_id="F0MAP0001")


def _form(t: Translator) -> Form:
    w = _words(t)
    stages = [(n + 1, name, Phase(phase)) for n, (name, phase) in enumerate(w["stages"])]
    channels = [(n + 1, name) for n, name in enumerate(w["channels"])]
    personas = [(n + 1, name) for n, (name, _) in enumerate(w["personas"])]
    return Form(7, WORKSHOP_CHANNEL, t.language, stages, channels, personas)


def _analysis_form(t: Translator) -> AnalysisForm:
    w = _words(t)
    notes = [
        ShownNote(Polarity.POSITIVE, w["notes"][0], ALICE),
        ShownNote(Polarity.NEGATIVE, w["notes"][1], BOB),
    ]
    return AnalysisForm(
        map_id=7,
        channel_id=WORKSHOP_CHANNEL,
        language=t.language,
        touchpoint_id=2,
        title=w["touchpoints"][1],
        stage=w["stages"][1][0],
        channel=w["channels"][0],
        description=w["notes"][1],
        need=w["notes"][0],
        owner_id=BOB,
        evidence=[
            (Polarity.NEGATIVE, "https://touchpoint-test.slack.com/archives/C0SUPPORT/p1700000000000100")
        ],
        notes=notes,
        hidden_notes=2,
        blind=True,
        my_score=1,
        voted=True,
        votes_left=2,
        votes_per_person=3,
    )


def _improvements(t: Translator) -> list[ImprovementItem]:
    w = _words(t)
    return [
        ImprovementItem(1, w["touchpoints"][1], w["action"], BOB, ImprovementStatus.IN_PROGRESS),
        ImprovementItem(2, w["touchpoints"][3], w["notes"][2], None, ImprovementStatus.OPEN),
    ]


DUE = datetime(2025, 3, 28, 17, 0, tzinfo=ZoneInfo("Asia/Tehran"))
TAKEN = datetime(2025, 3, 20, 9, 30, tzinfo=UTC)
MESSAGE = MessageRef("C0SUPPORT", "1700000000.000100", "The card form resets when the page reloads <3 & more")

# Realistic arguments for each builder, given a translator in the map's language.
SAMPLES: dict[str, Callable[[Translator], Any]] = {
    "analysis.analysis_prompt": lambda t: bot.blocks.analysis.analysis_prompt(t, 2000, 7, unlisted=True),
    "analysis.find_modal": lambda t: bot.blocks.analysis.find_modal(t, _origin(t)),
    "analysis.revealed_message": lambda t: bot.blocks.analysis.revealed_message(t),
    "analysis.analysis_list_messages": lambda t: bot.blocks.analysis.analysis_list_messages(
        t, 7, [(n + 1, p.stage, p.channel, p.title, n % 2) for n, p in enumerate(_places(t))], 2, 1976
    ),
    "analysis.analysis_modal": lambda t: bot.blocks.analysis.analysis_modal(t, _analysis_form(t)),
    "analysis.summary_messages": lambda t: bot.blocks.analysis.summary_messages(
        t,
        Summary(
            pains=[Finding(2, _words(t)["touchpoints"][1], {"votes": 3, "negatives": 2})],
            low_stages=[Finding(None, _words(t)["stages"][1][0], {"mean": -1.5})],
            disagreements=[Finding(4, _words(t)["touchpoints"][3], {"low": -2, "high": 2})],
        ),
    ),
    "audit.confirm_deletion": lambda t: bot.blocks.audit.confirm_deletion(
        t, Deletion(7, _words(t)["title"], touchpoints=4, notes=6)
    ),
    "audit.deleted_notice": lambda t: bot.blocks.audit.deleted_notice(t, _words(t)["title"], ALICE),
    "audit.takeover_notice": lambda t: bot.blocks.audit.takeover_notice(t, _words(t)["title"], CAROL),
    "audit.audit_list": lambda t: bot.blocks.audit.audit_list(
        t,
        [
            AuditLine(TAKEN, ALICE, AuditAction.MAP_DELETED, {"title": _words(t)["title"], "touchpoints": 4}),
            AuditLine(TAKEN, BOB, AuditAction.STAGE_REMOVED, {"name": "X", "title": "Y", "touchpoints": 1}),
            AuditLine(
                TAKEN, ALICE, AuditAction.FACILITATOR_ADDED, {"user": BOB, "title": _words(t)["title"]}
            ),
            AuditLine(TAKEN, CAROL, AuditAction.FACILITATOR_TAKEOVER, {"title": _words(t)["title"]}),
        ],
    ),
    "board.board_message": lambda t: bot.blocks.board.board_message(_board(t), t),
    "deadlines.deadline_message": lambda t: bot.blocks.deadlines.deadline_message(
        t, DeadlineView(_origin(t), 2, DUE, "Asia/Tehran", advance=True)
    ),
    "deadlines.deadline_modal": lambda t: bot.blocks.deadlines.deadline_modal(
        t, DeadlineView(_origin(t), 2, DUE, "Asia/Tehran", advance=True)
    ),
    "deadlines.nudge_message": lambda t: bot.blocks.deadlines.nudge_message(
        t, Nudged(_words(t)["title"], WORKSHOP_CHANNEL, 2, DUE)
    ),
    "deadlines.deadline_summary": lambda t: bot.blocks.deadlines.deadline_summary(
        t, Closed(_words(t)["title"], 2, [ALICE, BOB], [CAROL], moved_on=True)
    ),
    "exports.export_modal": lambda t: bot.blocks.exports.export_modal(t, _origin(t)),
    "exports.import_modal": lambda t: bot.blocks.exports.import_modal(
        t, _origin(t), problem="Line 3, column C: “Touchpoint” is empty; every touchpoint needs one."
    ),
    "exports.import_reading": lambda t: bot.blocks.exports.import_reading(t, _origin(t), "tp-import-V1-abc"),
    "exports.import_preview": lambda t: bot.blocks.exports.import_preview(
        t,
        Preview(
            origin=_origin(t),
            draft_id=3,
            total=12,
            first=[(p.stage, p.channel, p.title) for p in _places(t)],
            new_stages=[(_words(t)["stages"][0][0], Phase.BEFORE)],
            new_channels=[_words(t)["channels"][1]],
            new_personas=[_words(t)["personas"][0][0]],
            ignored=["Notes <internal>"],
        ),
    ),
    "exports.imported_message": lambda t: bot.blocks.exports.imported_message(
        t, Imported(_origin(t), 12), BOB
    ),
    "help.usage_message": lambda t: bot.blocks.help.usage_message(
        t, subcommands.HELP, subcommands.WORDS, unknown="frobnicate <x>"
    ),
    "home.home_view": lambda t: bot.blocks.home.home_view(
        [
            HomeMap(7, _words(t)["title"], WORKSHOP_CHANNEL, 3, facilitator=True, waiting=2),
            HomeMap(8, "Onboarding", WORKSHOP_CHANNEL, 1, facilitator=False, waiting=0),
        ],
        t,
        TEAM_ID,
    ),
    "home.guest_home_view": lambda t: bot.blocks.home.guest_home_view(t(OUTSIDER), t),
    "iteration.improvement_modal": lambda t: bot.blocks.iteration.improvement_modal(t, _origin(t)),
    "iteration.improvement_list": lambda t: bot.blocks.iteration.improvement_list(
        t, ImprovementPage(7, _words(t)["title"], t.language, 1, 2, 22, _improvements(t))
    ),
    "iteration.snapshot_message": lambda t: bot.blocks.iteration.snapshot_message(
        t, Taken(7, 3, ALICE, 4, 2)
    ),
    "iteration.reminder_modal": lambda t: bot.blocks.iteration.reminder_modal(
        t, Revisit(_origin(t), "every monday 09:00", "Asia/Tehran")
    ),
    "maps.map_list": lambda t: bot.blocks.maps.map_list(
        [MapListing(7, _words(t)["title"], 3, True), MapListing(8, "Onboarding", 1, False)], t
    ),
    "notices.messages": lambda t: [
        message
        for notice in (StepStarted(t.language, 2), TakenOver(t.language, _words(t)["title"], CAROL))
        for message in bot.blocks.notices.messages(notice)
    ],
    "reminders.revisit_message": lambda t: bot.blocks.reminders.revisit_message(
        t,
        RevisitPost(7, _words(t)["title"], t.language, 2, _changes(t), [BOB], _improvements(t), open_total=2),
    ),
    "reminders.failure_message": lambda t: bot.blocks.reminders.failure_message(
        t, t("the revisit reminder"), _words(t)["title"], WORKSHOP_CHANNEL, "not_in_channel"
    ),
    "snapshots.snapshot_list": lambda t: bot.blocks.snapshots.snapshot_list(
        t,
        SnapshotList(_origin(t), _words(t)["title"], [SnapshotItem(2, TAKEN, ALICE, 4, 2)], total=5),
    ),
    "snapshots.comparison_message": lambda t: bot.blocks.snapshots.comparison_message(
        t, Comparison(_origin(t), _words(t)["title"], 1, None, _changes(t))
    ),
    "snapshots.restored_message": lambda t: bot.blocks.snapshots.restored_message(
        t, Restored(_origin(t), version=1, as_version=4, kept=3, by=ALICE)
    ),
    "steps.step_prompt": lambda t: bot.blocks.steps.step_prompt(2, t),
    "timeline.stage_modal": lambda t: bot.blocks.timeline.stage_modal(t, 7, WORKSHOP_CHANNEL, 3),
    "timeline.channel_modal": lambda t: bot.blocks.timeline.channel_modal(t, 7, WORKSHOP_CHANNEL, 3),
    "timeline.starter_modal": lambda t: bot.blocks.timeline.starter_modal(t, t, 7, WORKSHOP_CHANNEL),
    "timeline.confirm_removal": lambda t: bot.blocks.timeline.confirm_removal(
        Removal(7, Lane.STAGE, 2, _words(t)["stages"][1][0], touchpoints=3), t
    ),
    "timeline.timeline_editor": lambda t: bot.blocks.timeline.timeline_editor(
        t,
        Outline(7, WORKSHOP_CHANNEL, t.language, _form(t).stages, _form(t).channels),
    ),
    "timeline.rename_modal": lambda t: bot.blocks.timeline.rename_modal(
        t, 7, WORKSHOP_CHANNEL, Lane.STAGE, 2, _words(t)["stages"][1][0]
    ),
    "touchpoints.touchpoint_modal": lambda t: bot.blocks.touchpoints.touchpoint_modal(
        t, _form(t), title=MESSAGE.text, evidence=(MESSAGE, Polarity.NEGATIVE)
    ),
    "touchpoints.persona_modal": lambda t: bot.blocks.touchpoints.persona_modal(t, 7, WORKSHOP_CHANNEL),
    "touchpoints.from_message_modal": lambda t: bot.blocks.touchpoints.from_message_modal(
        t,
        [MapChoice(7, WORKSHOP_CHANNEL, _words(t)["title"]), MapChoice(8, WORKSHOP_CHANNEL, "Onboarding")],
        MESSAGE,
    ),
    "touchpoints.touchpoint_select": lambda t: bot.blocks.touchpoints.touchpoint_select(t),
    "inline_form.inline_form": lambda t: bot.blocks.inline_form.inline_form(
        t, bot.blocks.analysis.analysis_modal(t, _analysis_form(t))
    ),
    "waiting.waiting_modal": lambda t: bot.blocks.waiting.waiting_modal(t),
    "waiting.said_modal": lambda t: bot.blocks.waiting.said_modal(
        t, t("I'm not in this channel yet: invite me with `/invite @Touchpoint`, then try again.")
    ),
    "touchpoints.touchpoint_options": lambda t: bot.blocks.touchpoints.touchpoint_options(
        [(n + 1, p.title) for n, p in enumerate(_places(t))], t
    ),
    "touchpoints.evidence_added_modal": lambda t: bot.blocks.touchpoints.evidence_added_modal(
        t, Backed(7, _words(t)["touchpoints"][1], positive=1, negative=3), Polarity.NEGATIVE
    ),
}
