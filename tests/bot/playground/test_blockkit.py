"""Block Kit drawn as HTML: every block and element type, the attributes the page's script relies on,
modals and the Home tab, left-to-right layout with the bot's direction marks kept."""

import json
import re
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from bot.blocks.ids import Action, Field, View
from bot.blocks.kit import button, option, plain
from bot.playground.blockkit import Directory, UnknownBlock, blocks_html, view_html
from tests.bot.playground.browser import harmless, interactive

DIRECTORY = Directory(
    people={"U0ALICE01": "Alice", "U0BOB0001": "بهرام", "U0CAROL01": "Carol"},
    channels={"C0WORKSHOP": "journey-workshop", "C0SUPPORT": "support"},
    file_url=lambda file_id: f"/files/{file_id}",
)
RLM = "\u200f"


def message(*blocks: dict) -> str:
    return blocks_html(list(blocks), DIRECTORY, surface="message")


def element(element: dict, block_id: str = "b1") -> str:
    """`element` in an actions block, as a message shows it."""
    return message({"type": "actions", "block_id": block_id, "elements": [element]})


def in_input(element: dict, *, optional: bool = False, **block: object) -> str:
    return blocks_html(
        [
            {
                "type": "input",
                "block_id": "f",
                "label": plain("Label"),
                "element": element,
                "optional": optional,
                **block,
            }
        ],
        DIRECTORY,
        surface="modal",
    )


def test_header_section_fields_accessory_context_and_divider():
    html = message(
        {"type": "header", "text": plain("Checkout :tada:")},
        {
            "type": "section",
            "block_id": "s",
            "text": {"type": "mrkdwn", "text": "*Step 1*"},
            "fields": [{"type": "mrkdwn", "text": "_one_"}, {"type": "plain_text", "text": "two"}],
            "accessory": button("Go", Action.ANALYSE, "7:1", "primary"),
        },
        {"type": "divider"},
        {
            "type": "context",
            "elements": [
                {"type": "image", "image_url": "https://example.com/a.png", "alt_text": "avatar"},
                {"type": "mrkdwn", "text": "by <@U0ALICE01>"},
            ],
        },
    )
    harmless(html)
    assert html.startswith('<div class="bk bk-message" dir="ltr">')
    assert (
        '<div class="bk-block bk-header" data-block-id="b0" role="heading" aria-level="2">Checkout 🎉</div>'
        in html
    )
    assert '<div class="bk-text"><b>Step 1</b></div>' in html
    assert (
        '<div class="bk-fields"><div class="bk-field-text"><i>one</i></div>'
        '<div class="bk-field-text">two</div></div>'
    ) in html
    assert (
        '<div class="bk-accessory"><button type="button" class="bk-button bk-primary" data-block-id="s" '
        'data-action-id="tp_analyse" data-type="button" data-value="7:1">Go</button></div>'
    ) in html
    assert '<hr class="bk-block bk-divider" data-block-id="b2">' in html
    assert (
        '<img class="bk-context-image" src="https://example.com/a.png" alt="avatar" loading="lazy">' in html
    )
    assert '<span class="bk-context-text">by <span class="bk-chip bk-mention">@Alice</span></span>' in html


def test_buttons_styles_links_and_confirm_dialogs():
    confirm = {
        "title": plain("Restore v2?"),
        "text": {"type": "mrkdwn", "text": "Nothing is lost."},
        "confirm": plain("Restore"),
        "deny": plain("Cancel"),
        "style": "danger",
    }
    danger = {**button("Delete", Action.DELETE_MAP, "7", "danger"), "confirm": confirm}
    html = element(danger)
    assert 'class="bk-button bk-danger"' in html
    [attrs] = interactive(harmless(html))
    assert json.loads(attrs["data-confirm"]) == confirm
    assert (attrs["data-block-id"], attrs["data-action-id"], attrs["data-type"], attrs["data-value"]) == (
        "b1",
        "tp_delete_map",
        "button",
        "7",
    )
    link = element(
        {"type": "button", "text": plain("Docs"), "url": "https://example.com/docs", "action_id": "d"}
    )
    assert (
        '<a class="bk-button" data-block-id="b1" data-action-id="d" data-type="button" '
        'data-url="https://example.com/docs" role="button" href="https://example.com/docs" target="_blank" '
        'rel="noopener noreferrer">Docs</a>'
    ) in link
    sneaky = element({"type": "button", "text": plain("x"), "url": "javascript:alert(1)", "action_id": "d"})
    assert "href" not in harmless(sneaky).elements[-1][1]


def test_overflow_is_a_menu_of_buttons_each_with_its_value():
    menu = {
        "type": "overflow",
        "action_id": Action.TIMELINE_ITEM,
        "options": [
            option("Rename…", "rename:7:stage:1"),
            {**option("Help", "help"), "url": "https://x.example"},
        ],
    }
    page = harmless(element(menu))
    [details] = interactive(page)
    assert (details["data-type"], details["data-action-id"]) == ("overflow", "tp_timeline_item")
    items = [attrs for tag, attrs in page.elements if tag == "button"]
    assert [(b["data-value"], b.get("data-url")) for b in items] == [
        ("rename:7:stage:1", None),
        ("help", "https://x.example"),
    ]


def test_static_select_with_groups_initial_option_and_placeholder():
    first, second = option("Awareness", "1"), option("Purchase", "2")
    select = {
        "type": "static_select",
        "action_id": "stage",
        "placeholder": plain("Choose a stage"),
        "option_groups": [
            {"label": plain("Before"), "options": [first]},
            {"label": plain("During"), "options": [second]},
        ],
        "initial_option": second,
    }
    html = element(select)
    assert (
        '<select class="bk-select" name="b1/stage" data-block-id="b1" data-action-id="stage" '
        'data-type="static_select"><option value="">Choose a stage</option>'
        '<optgroup label="Before"><option value="1">Awareness</option></optgroup>'
        '<optgroup label="During"><option value="2" selected>Purchase</option></optgroup></select>'
    ) in html


def test_multi_static_select_marks_every_initial_option():
    options = [option("A", "a"), option("B", "b"), option("C", "c")]
    select = {
        "type": "multi_static_select",
        "action_id": "m",
        "options": options,
        "initial_options": options[1:],
    }
    [control] = harmless(element(select)).controls
    assert "multiple" in control.attrs
    assert control.options == [("a", False), ("b", True), ("c", True)]


@pytest.mark.parametrize(
    ("kind", "initial", "offered"),
    [
        (
            "users_select",
            {"initial_user": "U0BOB0001"},
            [("U0ALICE01", "Alice"), ("U0CAROL01", "Carol"), ("U0BOB0001", "بهرام")],
        ),
        (
            "conversations_select",
            {"initial_conversation": "C0SUPPORT"},
            [("C0WORKSHOP", "#journey-workshop"), ("C0SUPPORT", "#support")],
        ),
        ("channels_select", {}, [("C0WORKSHOP", "#journey-workshop"), ("C0SUPPORT", "#support")]),
    ],
)
def test_people_and_channel_selects_offer_the_directory(kind, initial, offered):
    html = element({"type": kind, "action_id": "who", **initial})
    assert re.findall(r'<option value="(\w+)"(?: selected)?>([^<]+)</option>', html) == offered
    chosen = next(iter(initial.values()), None)
    assert (f'<option value="{chosen}" selected>' in html) == (chosen is not None)
    multi = harmless(element({"type": "multi_" + kind, "action_id": "who"})).controls[0]
    assert "multiple" in multi.attrs and len(multi.options) == len(offered)


def test_external_select_is_a_search_box_and_a_select_the_script_fills():
    initial = option("Checkout page", "2")
    html = in_input(
        {"type": "external_select", "action_id": "f", "min_query_length": 0, "initial_option": initial}
    )
    page = harmless(html)
    [wrapper] = interactive(page)
    assert (wrapper["data-type"], wrapper["data-min-query-length"], wrapper["class"]) == (
        "external_select",
        "0",
        "bk-external",
    )
    search, select = page.controls
    assert search.attrs["type"] == "search" and "name" not in search.attrs
    assert select.attrs["name"] == "f/f" and select.options == [("", False), ("2", True)]
    default = harmless(element({"type": "multi_external_select", "action_id": "x"}))
    assert interactive(default)[0]["data-min-query-length"] == "3"  # Slack's default


def test_radio_buttons_and_checkboxes_with_descriptions():
    options = [
        {**option("Open", "open"), "description": {"type": "mrkdwn", "text": "*not* started"}},
        option("Done", "done"),
    ]
    radios = harmless(
        in_input(
            {"type": "radio_buttons", "action_id": "f", "options": options, "initial_option": options[1]}
        )
    )
    assert [
        (c.attrs["type"], c.attrs["value"], "checked" in c.attrs, "required" in c.attrs)
        for c in radios.controls
    ] == [
        ("radio", "open", False, True),
        ("radio", "done", True, True),
    ]
    assert interactive(radios)[0]["role"] == "radiogroup"
    boxes = in_input({"type": "checkboxes", "action_id": "f", "options": options}, optional=True)
    assert '<span class="bk-description"><b>not</b> started</span>' in boxes
    assert [c.attrs["type"] for c in harmless(boxes).controls] == ["checkbox", "checkbox"]
    assert '<span class="bk-optional">(optional)</span>' in boxes


def test_pickers_with_their_initial_values():
    date = harmless(
        in_input({"type": "datepicker", "action_id": "f", "initial_date": "2025-03-28"})
    ).controls[0]
    assert (date.attrs["type"], date.value, date.attrs["name"]) == ("date", "2025-03-28", "f/f")
    clock = {"type": "timepicker", "action_id": "f", "initial_time": "09:30", "timezone": "Asia/Tehran"}
    time = harmless(in_input(clock)).controls[0]
    assert (time.attrs["type"], time.value, time.attrs["data-timezone"]) == ("time", "09:30", "Asia/Tehran")
    moment = {
        "type": "datetimepicker",
        "action_id": "f",
        "initial_date_time": 1743168600,
    }  # 2025-03-28 13:30 UTC
    in_tehran = blocks_html(
        [{"type": "actions", "elements": [moment]}], DIRECTORY, surface="modal", zone="Asia/Tehran"
    )
    assert 'type="datetime-local" value="2025-03-28T17:00"' in in_tehran


def test_a_table_draws_its_first_row_as_the_heading_and_its_cells_as_slack_shows_them():
    mention = {"type": "rich_text_section", "elements": [{"type": "user", "user_id": "U0BOB0001"}]}
    grid = {
        "type": "table",
        "column_settings": [{"is_wrapped": True}, {"align": "right"}],
        "rows": [
            [{"type": "raw_text", "text": "Touchpoint"}, {"type": "raw_text", "text": "Owner"}],
            [{"type": "raw_text", "text": "<b>Pay</b>"}, {"type": "rich_text", "elements": [mention]}],
        ],
    }
    drawn = message(grid)
    assert '<th class="bk-cell bk-wrap">Touchpoint</th>' in drawn
    assert '<td class="bk-cell bk-wrap">&lt;b&gt;Pay&lt;/b&gt;</td>' in drawn  # raw text, never markup
    assert 'class="bk-cell bk-align-right"' in drawn and "بهرام" in drawn


def test_the_element_focused_on_load_is_marked_for_the_script():
    focused = {"type": "number_input", "action_id": "f", "is_decimal_allowed": False, "focus_on_load": True}
    [control] = harmless(in_input(focused)).controls
    assert "data-focus-on-load" in control.attrs
    [plain_one] = harmless(in_input({**focused, "focus_on_load": False})).controls
    assert "data-focus-on-load" not in plain_one.attrs


def test_text_number_email_url_and_file_inputs():
    single = {
        "type": "plain_text_input",
        "action_id": "f",
        "initial_value": 'say "hi" <b>',
        "min_length": 2,
        "max_length": 150,
        "placeholder": plain("e.g. Awareness"),
    }
    [box] = harmless(in_input(single)).controls
    assert (box.attrs["type"], box.value, box.attrs["minlength"], box.attrs["maxlength"]) == (
        "text",
        'say "hi" <b>',
        "2",
        "150",
    )
    assert (box.attrs["placeholder"], "required" in box.attrs) == ("e.g. Awareness", True)
    [area] = harmless(in_input({**single, "multiline": True}, optional=True)).controls
    assert (area.tag, area.value, "required" in area.attrs) == ("textarea", 'say "hi" <b>', False)
    number = {
        "type": "number_input",
        "action_id": "f",
        "is_decimal_allowed": False,
        "min_value": "1",
        "initial_value": "3",
    }
    [count] = harmless(in_input(number)).controls
    assert (count.attrs["type"], count.attrs["step"], count.attrs["min"], count.value) == (
        "number",
        "1",
        "1",
        "3",
    )
    for kind, html_type in (("email_text_input", "email"), ("url_text_input", "url")):
        assert harmless(in_input({"type": kind, "action_id": "f"})).controls[0].attrs["type"] == html_type
    csv = {"type": "file_input", "action_id": "f", "filetypes": ["csv", "txt"], "max_files": 1}
    [upload] = harmless(in_input(csv)).controls
    assert (upload.attrs["type"], upload.attrs["accept"], "multiple" in upload.attrs) == (
        "file",
        ".csv,.txt",
        False,
    )


def test_input_blocks_show_label_hint_error_and_dispatch():
    html = blocks_html(
        [
            {
                "type": "input",
                "block_id": Field.TITLE,
                "label": plain("Touchpoint"),
                "hint": plain("Short and clear"),
                "dispatch_action": True,
                "element": {"type": "plain_text_input", "action_id": Field.TITLE},
            }
        ],
        DIRECTORY,
        surface="modal",
        errors={Field.TITLE: "A touchpoint needs a title <here>"},
    )
    harmless(html)
    assert (
        '<fieldset class="bk-block bk-input bk-has-error" data-block-id="title" data-dispatch="true">' in html
    )
    assert '<legend class="bk-label">Touchpoint</legend>' in html
    assert '<div class="bk-error" role="alert">A touchpoint needs a title &lt;here&gt;</div>' in html
    assert html.index("bk-error") < html.index('<div class="bk-hint">Short and clear</div>')


def test_images_by_url_by_slack_file_and_never_by_script():
    def image(**source: object) -> str:
        return message({"type": "image", "alt_text": "the map", "title": plain("Map v2"), **source})

    assert '<figcaption class="bk-image-title">Map v2</figcaption>' in image(
        image_url="https://example.com/m.png"
    )
    assert 'src="https://files.example/m.png"' in image(slack_file={"url": "https://files.example/m.png"})
    assert 'src="/files/F0MAP001"' in image(slack_file={"id": "F0MAP001"})
    hidden = harmless(image(image_url="javascript:alert(1)"))
    assert (
        "span",
        {"class": "bk-image-full bk-image-missing", "role": "img", "aria-label": "the map"},
    ) in hidden.elements


def test_rich_text_sections_lists_quotes_code_and_inline_elements():
    def run(*elements: dict) -> dict:
        return {"type": "rich_text_section", "elements": list(elements)}

    html = message(
        {
            "type": "rich_text",
            "elements": [
                run(
                    {"type": "text", "text": "Hi ", "style": {"bold": True}},
                    {"type": "user", "user_id": "U0BOB0001"},
                    {"type": "text", "text": " in "},
                    {"type": "channel", "channel_id": "C0WORKSHOP"},
                    {"type": "broadcast", "range": "here"},
                    {"type": "emoji", "name": "tada", "unicode": "1f389"},
                    {"type": "emoji", "name": "white_check_mark"},
                    {"type": "link", "url": "https://example.com", "text": "docs", "style": {"italic": True}},
                    {"type": "usergroup", "usergroup_id": "S0TEAM001"},
                    {"type": "date", "timestamp": 1392734382, "format": "{date}", "fallback": "Feb 18"},
                    {"type": "text", "text": "<b>x</b>", "style": {"code": True, "strike": True}},
                ),
                {
                    "type": "rich_text_list",
                    "style": "ordered",
                    "indent": 1,
                    "offset": 2,
                    "elements": [run({"type": "text", "text": "third"})],
                },
                {
                    "type": "rich_text_list",
                    "style": "bullet",
                    "elements": [run({"type": "text", "text": "dot"})],
                },
                {"type": "rich_text_quote", "elements": [{"type": "text", "text": "said\nthis"}]},
                {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": "code  here"}]},
            ],
        }
    )
    harmless(html)
    assert (
        '<div class="bk-rt-section"><b>Hi </b><span class="bk-chip bk-mention">@بهرام</span> in '
        '<span class="bk-chip bk-channel">#journey-workshop</span>'
        '<span class="bk-chip bk-broadcast">@here</span>'
        "🎉✅"
        '<a class="bk-link" href="https://example.com" target="_blank" rel="noopener noreferrer">'
        "<i>docs</i></a>"
        '<span class="bk-chip bk-mention">@S0TEAM001</span>Feb 18'
        '<s class="bk-strike"><code class="bk-code">&lt;b&gt;x&lt;/b&gt;</code></s></div>'
    ) in html
    assert '<ol class="bk-rt-list bk-rt-indent-1" start="3"><li>third</li></ol>' in html
    assert '<ul class="bk-rt-list bk-rt-indent-0"><li>dot</li></ul>' in html
    assert '<blockquote class="bk-quote">said<br>this</blockquote>' in html
    assert '<pre class="bk-pre">code  here</pre>' in html


def test_file_blocks_show_the_remote_file():
    assert "📄 map-v2.pdf" in message({"type": "file", "external_id": "map-v2.pdf", "source": "remote"})


@pytest.mark.parametrize(
    "blocks",
    [
        [{"type": "video", "title": plain("x")}],
        [{"type": "actions", "elements": [{"type": "workflow_button", "text": plain("x")}]}],
        [{"type": "section", "text": {"type": "markdown", "text": "x"}}],
        [
            {
                "type": "rich_text",
                "elements": [{"type": "rich_text_section", "elements": [{"type": "canvas"}]}],
            }
        ],
        [{"type": "rich_text", "elements": [{"type": "rich_text_table"}]}],
        [{"text": plain("no type")}],
    ],
)
def test_what_it_cannot_draw_is_refused_by_name(blocks):
    with pytest.raises(UnknownBlock):
        message(*blocks)


def test_a_modal_has_its_title_blocks_and_buttons_but_not_its_metadata():
    view = {
        "type": "modal",
        "callback_id": View.ADD_STAGE,
        "title": plain("Add a stage"),
        "submit": plain("Add"),
        "close": plain("Cancel"),
        "private_metadata": '{"map": 7, "secret": "s3cr3t"}',
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hello"}}],
    }
    page = harmless(view_html(view, DIRECTORY))
    assert page.elements[0] == ("form", {"class": "bk bk-modal", "dir": "ltr"})
    buttons = [
        (attrs.get("type"), attrs["data-modal"]) for tag, attrs in page.elements if "data-modal" in attrs
    ]
    assert buttons == [("button", "close"), ("button", "close"), ("submit", "submit")]
    assert "Add a stage" in page.text and "Add" in page.text and "Cancel" in page.text
    assert "s3cr3t" not in view_html(view, DIRECTORY) and "callback" not in view_html(view, DIRECTORY)
    done = harmless(view_html({**view, "submit": None, "close": plain("Done")}, DIRECTORY))
    assert [attrs["data-modal"] for _, attrs in done.elements if "data-modal" in attrs] == ["close", "close"]
    assert "Done" in done.text


def test_the_home_tab_is_its_blocks():
    home = view_html({"type": "home", "blocks": [{"type": "header", "text": plain("Touchpoint")}]}, DIRECTORY)
    assert home.startswith('<div class="bk bk-home" dir="ltr">')
    with pytest.raises(UnknownBlock):
        view_html({"type": "workflow_step", "blocks": []}, DIRECTORY)


def test_text_is_laid_out_left_to_right_with_the_bots_marks_kept():
    text = f"{RLM}*گام ۳ از ۴*\n{RLM}\u2068<@U0ALICE01>\u2069 · ۵ رأی"
    html = message({"type": "section", "text": {"type": "mrkdwn", "text": text}})
    assert html.count(RLM) == 2 and "\u2068" in html and "\u2069" in html
    assert re.findall(r'\bdir="(\w+)"', html) == ["ltr"]  # the root's, and no other
    css = (Path(__file__).parents[3] / "bot/playground/static/blockkit.css").read_text()
    assert not re.search(r"^\s*(direction|unicode-bidi)\s*:", css, re.MULTILINE)


def test_the_stylesheet_ships_with_the_package():
    assert "bk-modal" in files("bot.playground").joinpath("static/blockkit.css").read_text()
    project = tomllib.loads((Path(__file__).parents[3] / "pyproject.toml").read_text())
    assert "playground/static/*" in project["tool"]["setuptools"]["package-data"]["bot"]


def test_the_bots_ids_leave_the_form_names_unambiguous():
    """A control is named `<block_id>/<action_id>`; the bot's ids have no `/`, so a name reads one way."""
    assert not [str(each) for ids in (Action, Field, View) for each in ids if "/" in each]
