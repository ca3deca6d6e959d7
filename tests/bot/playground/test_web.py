"""The playground over HTTP, as its page uses it: every action reaches the real bot as a signed request,
each person sees what Slack would show them (and only that), the clock fires what is due, and the
workspace survives a restart. Malformed requests get a 400, never a 500."""

import json
import time
from urllib.parse import urlencode
from urllib.request import urlopen

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.playground.people import BOT_TOKEN, EMMA, LAYLA, MARCUS, SARA, SUPPORT, WORKSHOP
from tests.bot.playground.browser import harmless
from tests.support.bidi import bare
from tests.support.hostile import examples
from tests.support.playground import Page, started, texts


def _board(playground, channel: str = WORKSHOP):
    """The bot's message carrying the board's buttons (its blocks), as the stand-in holds it."""
    with playground.slack.lock:
        conversation = playground.slack.workspace.conversations[channel]
        return next(m for m in conversation.messages if m.blocks and "tp_next_step" in json.dumps(m.blocks))


def _button(message, action_id: str) -> tuple[str, str]:
    for block in message.blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return block["block_id"], action_id
    raise AssertionError(f"no {action_id} on the board")


def test_a_command_answers_the_one_who_typed_it_and_the_board_is_everyones(page):
    page.do("say", **{"as": SARA.id, "at": WORKSHOP, "text": "/touchpoint new سفر مشتری --lang fa"})
    for person in (SARA.id, MARCUS.id):
        page.wait_for(person, WORKSHOP, lambda s: any("سفر مشتری" in bare(t) for t in texts(s)))

    page.do("say", **{"as": SARA.id, "at": WORKSHOP, "text": "/touchpoint help"})
    shown = page.wait_for(SARA.id, WORKSHOP, lambda s: any(m["ephemeral"] for m in s["messages"]))
    [help_text] = [m for m in shown["messages"] if m["ephemeral"]]
    assert help_text["author"]["name"] == "Touchpoint"
    assert not any(m["ephemeral"] for m in page.screen(MARCUS.id, WORKSHOP)["messages"])


def _add_stage(playground, page, person: str) -> dict:
    """Emma starts a map; `person` clicks its board's *Add stage*: the modal as they see it."""
    page.do("say", **{"as": EMMA.id, "at": WORKSHOP, "text": "/touchpoint new Checkout journey"})
    page.wait_for(EMMA.id, WORKSHOP, lambda s: s["messages"])
    board = _board(playground)
    block, action = _button(board, "tp_add_stage")
    page.do("act", **{"as": person, "at": WORKSHOP, "ts": board.ts, "block": block, "action": action})
    return page.wait_for(person, WORKSHOP, lambda s: s["modal"])


def test_a_click_on_the_board_opens_the_modal_for_the_one_who_clicked(playground, page):
    shown = _add_stage(playground, page, MARCUS.id)
    assert shown["modal"]["title"] and shown["modal"]["submit"]
    assert page.screen(EMMA.id, WORKSHOP)["modal"] is None
    page.do("close", **{"as": MARCUS.id, "view": shown["modal"]["id"]})
    assert page.screen(MARCUS.id, WORKSHOP)["modal"] is None


def test_the_bot_asks_to_be_invited_and_joins_with_slash_invite(playground, page):
    page.do("say", **{"as": EMMA.id, "at": SUPPORT, "text": "/touchpoint new Support journey"})
    shown = page.wait_for(EMMA.id, SUPPORT, lambda s: any(m["ephemeral"] for m in s["messages"]))
    assert "/invite @Touchpoint" in next(m["text"] for m in shown["messages"] if m["ephemeral"])

    page.do("say", **{"as": EMMA.id, "at": SUPPORT, "text": "/invite @Touchpoint"})
    shown = page.screen(MARCUS.id, SUPPORT)
    assert shown["conversation"]["app"] and any(m["subtype"] == "channel_join" for m in shown["messages"])
    page.do("say", **{"as": EMMA.id, "at": SUPPORT, "text": "/touchpoint new Support journey"})
    page.wait_for(MARCUS.id, SUPPORT, lambda s: any("Support journey" in bare(t) for t in texts(s)))


def test_the_message_shortcut_opens_its_modal_on_a_customer_quote(playground, page):
    quote = page.screen(MARCUS.id, SUPPORT)["messages"][0]
    page.do("shortcut", **{"as": MARCUS.id, "at": SUPPORT, "ts": quote["ts"], "callback": "tp_add_to_map"})
    told = page.wait_for(MARCUS.id, SUPPORT, lambda s: any(m["ephemeral"] for m in s["messages"]))
    assert "no touchpoint map yet" in next(m["text"] for m in told["messages"] if m["ephemeral"])

    page.do("say", **{"as": EMMA.id, "at": WORKSHOP, "text": "/touchpoint new Checkout journey"})
    page.wait_for(EMMA.id, WORKSHOP, lambda s: s["messages"])
    page.do("shortcut", **{"as": MARCUS.id, "at": SUPPORT, "ts": quote["ts"], "callback": "tp_add_to_map"})
    assert page.wait_for(MARCUS.id, SUPPORT, lambda s: s["modal"])["modal"]["title"]


def test_each_person_has_their_own_home_tab_in_their_language(page):
    page.do("home", **{"as": LAYLA.id})
    shown = page.wait_for(LAYLA.id, "home", lambda s: s["home"])
    assert "نقاط التواصل" in bare(shown["home"]["html"]) or "نقطة التواصل" in bare(shown["home"]["html"])
    assert page.screen(EMMA.id, "home")["home"] is None


def test_fire_what_is_due_next_moves_the_bots_clock_and_the_reminder_fires(playground, page):
    page.do("say", **{"as": EMMA.id, "at": WORKSHOP, "text": "/touchpoint new Checkout journey"})
    page.wait_for(EMMA.id, WORKSHOP, lambda s: s["messages"])
    page.do(
        "say",
        **{"as": EMMA.id, "at": WORKSHOP, "text": "/touchpoint remind every monday 09:00 / Europe/London"},
    )
    before = page.screen(EMMA.id, WORKSHOP)
    posted = len(before["messages"])

    fired = page.do("fire-next")
    assert fired["fired"] is not None and fired["now"] > fired["fired"]
    shown = page.wait_for(
        EMMA.id, WORKSHOP, lambda s: len([m for m in s["messages"] if not m["ephemeral"]]) > posted
    )
    assert shown["clock"]["now"] >= fired["fired"]
    assert any(f["image"] for m in shown["messages"] for f in m["files"])  # the revisit shows the map


def test_a_restart_keeps_the_conversation_and_the_bot_still_updates_its_board(database_url, tmp_path):
    state = tmp_path / "touchpoint-playground.json"
    first = started(database_url, state)
    try:
        page = Page(first.url)
        page.do("say", **{"as": EMMA.id, "at": WORKSHOP, "text": "/touchpoint new Checkout journey"})
        page.wait_for(EMMA.id, WORKSHOP, lambda s: s["messages"])
    finally:
        first.stop()

    again = started(database_url, state)
    try:
        page = Page(again.url)
        [board] = [m for m in page.screen(MARCUS.id, WORKSHOP)["messages"] if "Checkout journey" in m["text"]]
        page.do("say", **{"as": EMMA.id, "at": WORKSHOP, "text": "/touchpoint stage add Awareness / before"})
        page.wait_for(
            MARCUS.id, WORKSHOP, lambda s: any(m["ts"] == board["ts"] and m["edited"] for m in s["messages"])
        )
        assert not again.slack.rejected
    finally:
        again.stop()


def test_what_slack_would_refuse_is_shown_where_it_would_have_appeared(playground, page):
    with_bad_blocks = {
        "channel": WORKSHOP,
        "text": "x",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn"}}],
    }
    try:
        WebClient(token=BOT_TOKEN, base_url=playground.slack.url).chat_postMessage(**with_bad_blocks)
    except SlackApiError as error:
        assert error.response["error"] == "invalid_blocks"
    [shown] = page.screen(MARCUS.id, WORKSHOP)["messages"]
    assert shown["notice"]["error"] == "invalid_blocks" and shown["notice"]["detail"]
    playground.slack.calls.clear()  # sent by the test, not the bot


def test_malformed_requests_are_told_what_is_wrong(page):
    assert page.request("play/say", b"not json") == (400, {"error": "the body is not JSON"})
    assert page.request("play/say", b"[]")[0] == 400
    assert page.request("play/say", json.dumps({"as": "U0NOBODY1"}).encode())[0] == 400
    assert page.request("play/say", json.dumps({"as": EMMA.id, "at": WORKSHOP}).encode())[0] == 400
    assert page.request("play/screen?as=U0TOUCHPT")[0] == 400  # the bot is not a sample person
    assert page.request(f"play/screen?as={EMMA.id}&at=D0LAYLA01")[0] == 400  # someone else's DM
    assert page.request("play/nothing", b"{}")[0] == 404
    assert page.request("play/events?as=U0NOBODY1")[0] == 400


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)
FIELDS = st.dictionaries(
    st.sampled_from(
        ["as", "at", "ts", "block", "action", "choice", "view", "form", "text", "callback", "typed"]
    ),
    st.one_of(JSON, st.sampled_from([EMMA.id, WORKSHOP, SUPPORT, "home", "1.000001"])),
)
ACTIONS = ["say", "act", "view-act", "submit", "close", "shortcut", "suggest", "home", "dismiss", "upload"]


def test_junk_thrown_at_every_endpoint_gets_an_answer_never_a_500(page):
    @hypothesis_settings(max_examples=examples(60))
    @given(action=st.sampled_from(ACTIONS), fields=FIELDS, raw=st.binary(max_size=40) | st.none())
    def throw(action, fields, raw):
        body = raw if raw is not None else json.dumps(fields).encode()
        status, answer = page.request(f"play/{action}?{urlencode({'as': str(fields.get('as', ''))})}", body)
        assert status in (200, 400, 404, 409), (status, answer)
        assert status == 200 or answer["error"]

    throw()


def test_a_modal_filled_in_on_the_page_reaches_the_bot_as_slacks_view_state(playground, page):
    modal = _add_stage(playground, page, EMMA.id)["modal"]

    form = harmless(modal["html"])
    [name] = [c.attrs["name"] for c in form.controls if c.kind == "text"][:1]
    form.fill(name, "")
    page.do("submit", **{"as": EMMA.id, "view": modal["id"], "form": form.form_data()})
    refused = page.screen(EMMA.id, WORKSHOP)["modal"]
    assert refused["id"] == modal["id"] and refused["errors"]  # response_action: errors, under the input
    assert 'class="bk-error"' in refused["html"]

    form.fill(name, "Awareness")
    page.do("submit", **{"as": EMMA.id, "view": modal["id"], "form": form.form_data()})
    shown = page.wait_for(MARCUS.id, WORKSHOP, lambda s: any("1 stage" in bare(t) for t in [json.dumps(s)]))
    assert page.screen(EMMA.id, WORKSHOP)["modal"] is None  # the empty ack closed it
    assert "Awareness" in bare(json.dumps(shown)) or "1 stage" in bare(json.dumps(shown))

    status, answer = page.request(
        "play/submit", json.dumps({"as": EMMA.id, "view": modal["id"], "form": {}}).encode()
    )
    assert status == 409 and "no longer open" in answer["error"]


def test_the_page_and_its_files_are_served_and_nothing_else(page):
    for path, kind in (
        ("", "text/html"),
        ("static/playground.js", "javascript"),
        ("static/blockkit.css", "css"),
    ):
        with urlopen(page.base + path) as answer:
            assert answer.status == 200 and kind in answer.headers["Content-Type"]
    with urlopen(page.base + "static/fonts/Vazirmatn-Regular.ttf") as answer:
        assert answer.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    for path in ("static/../../pyproject.toml", "static/fonts/OFL.txt", "files/F0NOTHING/x.png", "nowhere"):
        assert page.request(path)[0] == 404, path


def test_the_analyse_form_goes_on_to_the_next_touchpoint_without_what_was_typed_about_the_last(
    database_url, tmp_path
):
    """Slack keeps what was typed in an input a view update keeps (same block and action ids): the next
    touchpoint's form must come empty, or the first one's notes would be saved again on the second."""
    playground = started(database_url, tmp_path / "touchpoint-playground.json")
    try:
        page = Page(playground.url)
        for said in (
            "new Onboarding",
            "stage add Awareness",
            "channel add Website",
            "add Awareness / Website / Search ad",
            "add Awareness / Website / Landing page",
        ):
            page.do("say", **{"as": EMMA.id, "at": WORKSHOP, "text": f"/touchpoint {said}"})
        page_wait(lambda: "2 touchpoints" in bare(json.dumps(_board(playground).blocks)) or None)
        while "tp_show_analysis" not in json.dumps((board := _board(playground)).blocks):
            block, action = _button(board, "tp_next_step")
            page.do(
                "act", **{"as": EMMA.id, "at": WORKSHOP, "ts": board.ts, "block": block, "action": action}
            )
            page_wait(lambda shown=board.blocks: _board(playground).blocks != shown or None)
        block, action = _button(board, "tp_show_analysis")
        page.do("act", **{"as": LAYLA.id, "at": WORKSHOP, "ts": board.ts, "block": block, "action": action})

        def analyse_button():
            with playground.slack.lock:
                messages = playground.slack.workspace.conversations[WORKSHOP].messages
                return next(
                    ((m, b) for m in messages for b in m.blocks or [] if '"tp_analyse"' in json.dumps(b)),
                    None,
                )

        listing, button = page_wait(analyse_button)
        chosen = next(e for e in button.get("elements", [button.get("accessory")]) if e)
        page.do(
            "act",
            **{
                "as": LAYLA.id,
                "at": WORKSHOP,
                "ts": listing.ts,
                "block": button["block_id"],
                "action": chosen["action_id"],
            },
        )
        first = page.wait_for(LAYLA.id, WORKSHOP, lambda s: s["modal"])["modal"]
        assert 'data-action-id="next"' in first["html"], first[
            "html"
        ]  # Then analyse the next touchpoint, ticked
        form = harmless(first["html"])
        [positive] = [c.attrs["name"] for c in form.controls if "positive" in (c.attrs["name"] or "")]
        form.fill(positive, "Typed about the first touchpoint")
        page.do("submit", **{"as": LAYLA.id, "view": first["id"], "form": form.form_data()})

        following = page.wait_for(
            LAYLA.id, WORKSHOP, lambda s: s["modal"] and s["modal"]["html"] != first["html"]
        )["modal"]
        assert following["id"] == first["id"]  # the same modal, now about the next touchpoint
        assert "Typed about the first touchpoint" not in following["html"]
    finally:
        playground.stop()
    assert not playground.slack.rejected


def page_wait(find, timeout: float = 15):
    deadline = time.monotonic() + timeout
    while (found := find()) is None:
        assert time.monotonic() < deadline, "never seen"
        time.sleep(0.05)
    return found
