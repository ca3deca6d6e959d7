"""A modal's HTML form, filled as a person fills it in a browser, read back as Slack's `view.state.values`:
the same answers the tests' Slack driver reports for the bot's real modals, in Slack's documented shapes,
and nothing a browser could not have sent."""

import contextlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.blocks.kit import option, plain
from bot.i18n import translator
from bot.playground.blockkit import BadForm, Directory, view_html, view_state
from handlers.views import state
from tests.bot.playground.browser import Page, harmless
from tests.bot.playground.builders import SAMPLES
from tests.support.fake_slack import ALICE, BOB, CAROL, WORKSHOP_CHANNEL
from tests.support.hostile import examples, hostile_text
from tests.support.slack_driver import state_of

DIRECTORY = Directory({ALICE: "Alice", BOB: "بهرام", CAROL: "كريم"}, {WORKSHOP_CHANNEL: "journey-workshop"})
CSV = {"id": "F00000001", "name": "touchpoints.csv", "title": "touchpoints.csv", "filetype": "csv"}


def modal(name: str, language: str = "en") -> dict[str, Any]:
    return SAMPLES[name](translator(language))


def submit(
    view: dict[str, Any],
    answers: dict[str, Any],
    *,
    suggested: dict[str, list[dict]] | None = None,
    files: dict[str, dict] | None = None,
) -> dict[str, dict[str, Any]]:
    """Fill `view`'s form in the browser with `answers` (by block id, as the Slack driver takes them) and
    submit it: the view state the playground reports."""
    page: Page = harmless(view_html(view, DIRECTORY))
    names = {
        b["block_id"]: f"{b['block_id']}/{b['element']['action_id']}"
        for b in view["blocks"]
        if b["type"] == "input"
    }
    for name, options in (suggested or {}).items():
        page.offer(name, [o["value"] for each in options for o in each.get("options", [each])])
    uploaded = {}
    for block_id, answer in answers.items():
        match answer:
            case {"value": str(value)}:  # an option the bot suggested to an external select
                page.fill(names[block_id], value)
            case [{"id": _}, *_]:  # files: the page uploads them and sends their ids
                uploaded[names[block_id]] = [each["id"] for each in answer]
            case _:
                page.fill(names[block_id], answer)
    form = page.form_data() | uploaded
    return view_state(view, form, options=suggested, files=files)


def expected(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What the Slack driver reports for the same answers (the shape the bot's handlers take today)."""
    return {
        b["block_id"]: {b["element"]["action_id"]: state_of(b["element"], answers[b["block_id"]])}
        for b in view["blocks"]
        if b["type"] == "input" and b["block_id"] in answers
    }


def answered(values: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    return {block_id: values[block_id] for block_id in answers}


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_touchpoint_modal_round_trips_as_the_driver_reports_it(language):
    view = modal("touchpoints.touchpoint_modal", language)
    answers = {
        "stage": "2",
        "channel": "3",
        "title": "صفحهٔ پرداخت <&>",
        "description": "line one\nline two",
        "owner": BOB,
        "personas": ["1", "2"],
    }
    values = submit(view, answers)
    assert answered(values, answers) == expected(view, answers)
    assert values["need"] == {"need": {"type": "plain_text_input", "value": None}}  # Slack: empty is null
    submitted = {"state": {"values": values}}
    assert state.text(submitted, "description") == "line one\nline two"  # the browser's CRLF undone
    assert (state.selected_id(submitted, "stage"), state.user(submitted, "owner")) == (2, BOB)
    assert state.checked_ids(submitted, "personas") == [1, 2]


def test_the_analysis_modal_with_a_score_a_vote_and_an_empty_note():
    view = modal("analysis.analysis_modal")
    ids = {b["element"]["action_id"]: b["block_id"] for b in view["blocks"] if b["type"] == "input"}
    assert ids["positive"] == "positive.2"  # the touchpoint's: the next one's form starts empty
    positive, negative, score, vote = (ids[field] for field in ("positive", "negative", "score", "vote"))
    answers = {positive: "Clear prices", score: "-1", vote: ["vote"]}
    values = submit(view, answers)
    assert answered(values, answers) == expected(view, answers)
    assert values[negative]["negative"]["value"] is None
    unticked = submit(view, {vote: []})
    assert unticked[vote] == {"vote": {"type": "checkboxes", "selected_options": []}}
    assert unticked[score]["score"]["selected_option"]["value"] == "1"  # as the modal opened: +1


def test_the_reminder_and_deadline_modals():
    reminder = modal("iteration.reminder_modal", "ar")
    answers = {"schedule": "every friday", "at": "17:00", "timezone": "Asia/Riyadh"}
    assert submit(reminder, answers) == expected(reminder, answers)
    deadline = modal("deadlines.deadline_modal")
    answers = {"when": "2025-03-28T17:00", "timezone": "Europe/London", "advance": []}
    assert submit(deadline, answers) == expected(deadline, answers)


def test_a_stages_position_is_a_number_input_read_as_its_text():
    view = modal("timeline.stage_modal", "fa")
    answers = {"name": "آگاهی", "phase": "before", "position": "2"}
    values = submit(view, answers)
    assert answered(values, answers) == expected(view, answers)
    assert values["position"]["position"] == {"type": "number_input", "value": "2"}
    with pytest.raises(BadForm):
        submit(view, {"position": "first"})  # a browser's number box sends no words


def test_external_selects_report_the_option_as_the_bot_suggested_it():
    view = modal("touchpoints.from_message_modal")
    suggested = modal("touchpoints.touchpoint_options", "fa")
    answers = {
        "map": "8:" + WORKSHOP_CHANNEL,
        "mode": "evidence",
        "touchpoint": suggested[2],
        "polarity": "positive",
    }
    values = submit(view, answers, suggested={"touchpoint/touchpoint": suggested})
    assert values == expected(view, answers)
    assert values["touchpoint"]["touchpoint"]["selected_option"] == suggested[2]  # its text, marks and all
    improvement = modal("iteration.improvement_modal")
    answers = {"touchpoint": suggested[0], "action": "Fix it", "owner": CAROL, "status": "in_progress"}
    groups = [{"label": plain("Checkout"), "options": suggested}]
    assert submit(improvement, answers, suggested={"touchpoint/touchpoint": groups}) == expected(
        improvement, answers
    )


def test_a_file_input_reports_the_files_the_page_uploaded():
    view = modal("exports.import_modal")
    answers = {"file": [CSV], "pasted": "Stage,Channel,Touchpoint"}
    values = submit(view, answers, files={CSV["id"]: CSV})
    assert values == expected(view, answers)
    assert state.file_id({"state": {"values": values}}, "file") == CSV["id"]
    assert submit(view, {})["file"] == {"file": {"type": "file_input", "files": []}}


def _element_state(element: dict[str, Any], values: list[str], **options: Any) -> dict[str, Any]:
    view = {
        "type": "modal",
        "blocks": [{"type": "input", "block_id": "b", "label": plain("x"), "element": element}],
    }
    return view_state(view, {"b/a": values}, **options)["b"]["a"]


@pytest.mark.parametrize(
    ("element", "values", "reported"),
    [
        ({"type": "plain_text_input"}, [""], {"value": None}),
        ({"type": "number_input", "is_decimal_allowed": False}, ["42"], {"value": "42"}),
        ({"type": "number_input", "is_decimal_allowed": True}, ["-4.5"], {"value": "-4.5"}),
        ({"type": "email_text_input"}, ["a@example.com"], {"value": "a@example.com"}),
        ({"type": "url_text_input"}, [], {"value": None}),
        ({"type": "datepicker"}, ["2025-03-28"], {"selected_date": "2025-03-28"}),
        ({"type": "datepicker"}, [""], {"selected_date": None}),
        ({"type": "timepicker"}, ["09:30"], {"selected_time": "09:30"}),
        (
            {"type": "timepicker", "timezone": "Asia/Tehran"},
            ["09:30"],
            {"selected_time": "09:30", "timezone": "Asia/Tehran"},
        ),
        ({"type": "datetimepicker"}, ["2025-03-28T13:30"], {"selected_date_time": 1743168600}),
        ({"type": "users_select"}, [""], {"selected_user": None}),
        ({"type": "multi_users_select"}, [ALICE, BOB], {"selected_users": [ALICE, BOB]}),
        ({"type": "conversations_select"}, [WORKSHOP_CHANNEL], {"selected_conversation": WORKSHOP_CHANNEL}),
        ({"type": "multi_conversations_select"}, [], {"selected_conversations": []}),
        ({"type": "channels_select"}, [WORKSHOP_CHANNEL], {"selected_channel": WORKSHOP_CHANNEL}),
        ({"type": "multi_channels_select"}, [WORKSHOP_CHANNEL], {"selected_channels": [WORKSHOP_CHANNEL]}),
        ({"type": "static_select", "options": [option("A", "a")]}, [""], {"selected_option": None}),
        ({"type": "radio_buttons", "options": [option("A", "a")]}, [], {"selected_option": None}),
        ({"type": "multi_static_select", "options": [option("A", "a")]}, [], {"selected_options": []}),
        ({"type": "external_select"}, [], {"selected_option": None}),
    ],
)
def test_each_element_in_slacks_documented_shape(element, values, reported):
    assert _element_state({**element, "action_id": "a"}, values) == {"type": element["type"], **reported}


def test_a_date_time_picker_reads_the_time_in_the_persons_zone():
    picker = {"type": "datetimepicker", "action_id": "a"}
    assert (
        _element_state(picker, ["2025-03-28T17:00"], zone="Asia/Tehran")["selected_date_time"] == 1743168600
    )


def test_stateful_elements_outside_input_blocks_are_reported_too():
    view = {
        "type": "modal",
        "blocks": [
            {
                "type": "section",
                "block_id": "s",
                "text": plain("x"),
                "accessory": {"type": "users_select", "action_id": "u"},
            },
            {"type": "actions", "elements": [{"type": "button", "text": plain("b")}, {"type": "datepicker"}]},
        ],
    }
    assert view_state(view, {"s/u": [BOB], "b1/a1": ["2025-01-02"]}) == {
        "s": {"u": {"type": "users_select", "selected_user": BOB}},
        "b1": {"a1": {"type": "datepicker", "selected_date": "2025-01-02"}},
    }


@pytest.mark.parametrize(
    ("element", "values"),
    [
        ({"type": "static_select", "options": [option("A", "a")]}, ["forged"]),
        ({"type": "checkboxes", "options": [option("A", "a")]}, ["a", "forged"]),
        ({"type": "external_select"}, ["never suggested"]),
        ({"type": "plain_text_input"}, ["one", "two"]),
        ({"type": "number_input", "is_decimal_allowed": False}, ["4.5"]),
        ({"type": "number_input", "is_decimal_allowed": True}, ["nan"]),
        ({"type": "datepicker"}, ["28/03/2025"]),
        ({"type": "datepicker"}, ["20250328"]),
        ({"type": "datepicker"}, ["２０٢٥-03-28"]),
        ({"type": "timepicker"}, ["25:00"]),
        ({"type": "datetimepicker"}, ["tomorrow"]),
        ({"type": "file_input"}, ["F0NOTMINE"]),
    ],
)
def test_what_no_browser_could_send_is_refused(element, values):
    with pytest.raises(BadForm):
        _element_state({**element, "action_id": "a"}, values)


def test_two_elements_whose_names_clash_are_refused():
    def block(block_id: str, action_id: str) -> dict[str, Any]:
        element = {"type": "plain_text_input", "action_id": action_id}
        return {"type": "input", "block_id": block_id, "label": plain("x"), "element": element}

    with pytest.raises(ValueError, match="named 'a/b/c'"):
        view_state({"type": "modal", "blocks": [block("a/b", "c"), block("a", "b/c")]}, {})


MODALS = [name for name in SAMPLES if name.endswith("_modal") and "evidence_added" not in name]


@settings(max_examples=examples(100))
@given(
    st.sampled_from(MODALS),
    st.dictionaries(
        st.sampled_from(["name/name", "stage/stage", "score/score", "file/file", "x"]),
        st.lists(hostile_text(big=False), max_size=3),
    ),
)
def test_any_form_is_read_or_refused_never_crashes(name, form):
    with contextlib.suppress(BadForm):
        view_state(modal(name), form)
