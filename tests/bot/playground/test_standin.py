"""The Slack stand-in, called over HTTP with slack_sdk's own client, as the bot calls it: each method's
checks and Slack's errors, the workspace it keeps, trigger ids, the modal stack, response_url."""

import json
import time
from collections.abc import Iterator
from http.client import HTTPConnection
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.playground.limits import RateLimits
from bot.playground.standin import SIGN_IN_PAGE, ResponseTarget, SlackStandIn
from bot.playground.workspace import Person, Team, Workspace
from tests.support.fake_slack import Loopback

TEAM, BOT, TOKEN = "T0STAND01", "U0BOTSTND", "xoxb-stand-in"
ANNA, OMID = "U0ANNA001", "U0OMID001"
JOURNEY, QUIET = "C0JOURNEY", "C0QUIET01"


def _workspace() -> Workspace:
    space = Workspace()
    space.add_team(Team(TEAM, "Stand-in", "stand-in", BOT), TOKEN)
    space.people[ANNA] = Person(ANNA, TEAM, "Anna", "Anna Berg", tz="Europe/London", admin=True)
    space.people[OMID] = Person(OMID, TEAM, "امید", "Omid Karimi", locale="fa-IR", tz="Asia/Tehran")
    space.add_channel(JOURNEY, TEAM, "journey", {ANNA, OMID, BOT})
    space.add_channel(QUIET, TEAM, "quiet", {ANNA})  # the app isn't in it
    return space


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    stand_in = SlackStandIn(_workspace())
    server = Loopback(stand_in)
    server.start()
    yield stand_in
    server.stop()


@pytest.fixture
def client(slack: SlackStandIn) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.url)


def _error(call, **args) -> str:
    with pytest.raises(SlackApiError) as raised:
        call(**args)
    return raised.value.response["error"]


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _modal(title: str = "Add a stage", **extra) -> dict:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": [_section("x")],
        **extra,
    }


def test_auth_test_names_the_team_and_the_bot_and_a_wrong_token_is_refused(slack, client):
    answer = client.auth_test()
    assert (answer["team_id"], answer["user_id"]) == (TEAM, BOT)
    assert _error(WebClient(token="xoxb-wrong", base_url=slack.url).auth_test) == "invalid_auth"


def test_users_info_tells_locale_only_when_asked_and_the_time_zone_with_its_offset(client):
    omid = client.users_info(user=OMID)["user"]
    assert "locale" not in omid and omid["tz"] == "Asia/Tehran" and omid["tz_offset"] == 3.5 * 3600
    assert client.users_info(user=OMID, include_locale=True)["user"]["locale"] == "fa-IR"
    assert client.users_info(user=ANNA)["user"]["is_admin"] is True
    assert _error(client.users_info, user="U0NOBODY1") == "user_not_found"


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_messages_go_only_where_the_app_is_and_threads_keep_their_replies(slack, client):
    posted = client.chat_postMessage(channel=JOURNEY, text="The board")
    client.chat_postMessage(channel=JOURNEY, text="A reply", thread_ts=posted["ts"])
    journey = slack.workspace.conversations[JOURNEY]
    assert [m.text for m in journey.replies(posted["ts"])] == ["A reply"]
    assert journey.find(posted["ts"]).user == BOT

    assert _error(client.chat_postMessage, channel=QUIET, text="hi") == "not_in_channel"
    assert _error(client.chat_postMessage, channel="C0UNKNOWN", text="hi") == "channel_not_found"
    assert _error(client.chat_postMessage, channel=JOURNEY) == "no_text"
    assert _error(client.chat_postMessage, channel=JOURNEY, text="x" * 40_001) == "msg_too_long"


def test_chat_update_changes_the_apps_own_messages_only_and_says_so(slack, client):
    ts = client.chat_postMessage(channel=JOURNEY, text="Step 1")["ts"]
    seen = slack.version
    client.chat_update(channel=JOURNEY, ts=ts, text="Step 2")
    message = slack.workspace.conversations[JOURNEY].find(ts)
    assert (message.text, message.edited) == ("Step 2", True)
    assert slack.wait_changed(seen, timeout=0) > seen  # the page redraws, the keeper saves

    with slack.lock:
        anna_said = slack.post(slack.workspace.conversations[JOURNEY], ANNA, text="Mine")
    assert _error(client.chat_update, channel=JOURNEY, ts=anna_said.ts, text="x") == "cant_update_message"
    assert _error(client.chat_update, channel=JOURNEY, ts="1.000001", text="x") == "message_not_found"


def test_an_ephemeral_message_is_seen_by_its_one_person_in_the_channel(slack, client):
    client.chat_postEphemeral(channel=JOURNEY, user=OMID, text="Only you")
    journey = slack.workspace.conversations[JOURNEY]
    assert [m.text for m in slack.workspace.visible(journey, OMID)] == ["Only you"]
    assert slack.workspace.visible(journey, ANNA) == []
    assert (
        _error(client.chat_postEphemeral, channel=JOURNEY, user="U0OUTSIDE", text="x")
        == "user_not_in_channel"
    )


def _plain(text: str) -> dict:
    return {"type": "plain_text", "text": text}


def _options(count: int, text: str = "o") -> list[dict]:
    return [{"text": _plain(f"{text}{n}"), "value": f"v{n}"} for n in range(count)]


def _cell(text: str) -> dict:
    return {"type": "raw_text", "text": text}


def _table(rows: list[list[dict]]) -> dict:
    return {"type": "table", "rows": rows}


def _number_input(**bounds: str) -> dict:
    element = {"type": "number_input", "action_id": "n", "is_decimal_allowed": False, **bounds}
    return {"type": "input", "block_id": "n", "label": _plain("n"), "element": element}


CONFIRM = {"title": _plain("t" * 101), "text": _plain("?"), "confirm": _plain("Yes"), "deny": _plain("No")}


@pytest.mark.parametrize(
    "blocks",
    [
        [_section("x")] * 51,
        [
            {
                "type": "actions",
                "elements": [{"type": "static_select", "action_id": "a", "options": _options(1, "x" * 75)}],
            }
        ],
        [
            {
                "type": "input",
                "label": _plain("l"),
                "element": {"type": "radio_buttons", "action_id": "a", "options": _options(11)},
            }
        ],
        [
            {
                "type": "actions",
                "elements": [{"type": "button", "action_id": "a", "text": _plain("Go"), "confirm": CONFIRM}],
            }
        ],
        [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}],
        [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}, "colour": "red"}],
        [_table([[_cell("x")]] * 101)],
        [_table([[_cell("x")] * 21])],
        [_table([[{"type": "mrkdwn", "text": "x"}]])],
        [_table([[_cell("a")]]), _table([[_cell("b")]])],
        [_number_input(min_value="10", max_value="2")],
        [_number_input(min_value="1", max_value="5", initial_value="6")],
        [_number_input(min_value="1.5")],
    ],
    ids=[
        "51 blocks",
        "option text",
        "11 radio buttons",
        "confirm title",
        "field text",
        "unknown field",
        "101 table rows",
        "21 table cells",
        "table cell type",
        "two tables",
        "number range",
        "number out of range",
        "decimal bound",
    ],
)
def test_blocks_slack_would_refuse_are_refused_and_shown_where_they_would_have_appeared(
    slack, client, blocks
):
    assert _error(client.chat_postMessage, channel=JOURNEY, text="x", blocks=blocks) == "invalid_blocks"
    [notice] = [m.notice for m in slack.workspace.conversations[JOURNEY].messages]
    assert notice.method == "chat.postMessage" and notice.error == "invalid_blocks" and notice.detail
    assert len(slack.rejected) == 1


def test_a_table_within_slacks_limits_is_taken(slack, client):
    rows = [[_cell("Touchpoint"), _cell("Votes")]] + [[_cell(f"t{n}"), _cell(str(n))] for n in range(99)]
    table = {**_table(rows), "column_settings": [{"is_wrapped": True}, {"align": "right"}]}
    assert client.chat_postMessage(channel=JOURNEY, text="x", blocks=[_section("Pains"), table])["ok"]


def test_a_direct_message_opens_once_per_person(slack, client):
    first = client.conversations_open(users=OMID)["channel"]["id"]
    assert client.conversations_open(users=OMID)["channel"]["id"] == first and first.startswith("D")
    client.chat_postMessage(channel=first, text="Your export")
    assert slack.workspace.conversations[first].user == OMID
    assert client.conversations_members(channel=first)["members"] == sorted([OMID, BOT])


def test_conversation_members_come_in_pages_and_only_where_the_app_is(client):
    first = client.conversations_members(channel=JOURNEY, limit=2)
    rest = client.conversations_members(
        channel=JOURNEY, limit=2, cursor=first["response_metadata"]["next_cursor"]
    )
    assert sorted(first["members"] + rest["members"]) == sorted([ANNA, OMID, BOT])
    assert rest["response_metadata"]["next_cursor"] == ""
    assert _error(client.conversations_members, channel=QUIET) == "channel_not_found"


def test_a_trigger_opens_one_modal_for_its_person_once(slack, client):
    trigger = slack.issue_trigger(TEAM, OMID)
    opened = client.views_open(trigger_id=trigger, view=_modal())["view"]
    assert [v.id for v in slack.workspace.modals[OMID]] == [opened["id"]]
    assert _error(client.views_open, trigger_id=trigger, view=_modal()) == "exchanged_trigger_id"
    assert _error(client.views_open, trigger_id="1.2.made-up", view=_modal()) == "invalid_trigger_id"


def test_a_trigger_expires_after_slacks_three_seconds(slack, client):
    slack.trigger_ttl = 0.05  # Slack's 3 seconds, shortened so the test doesn't wait
    trigger = slack.issue_trigger(TEAM, OMID)
    time.sleep(0.1)
    assert _error(client.views_open, trigger_id=trigger, view=_modal()) == "expired_trigger_id"


def test_views_push_stops_at_three_and_update_finds_a_view_by_id_or_external_id(slack, client):
    root = client.views_open(trigger_id=slack.issue_trigger(TEAM, ANNA), view=_modal(external_id="root"))[
        "view"
    ]
    for _ in range(2):
        client.views_push(trigger_id=slack.issue_trigger(TEAM, ANNA), view=_modal("Pushed"))
    assert len(slack.workspace.modals[ANNA]) == 3
    assert slack.workspace.modals[ANNA][-1].root_id == root["id"]
    pushing = {"trigger_id": slack.issue_trigger(TEAM, ANNA), "view": _modal("Too deep")}
    assert _error(client.views_push, **pushing) == "push_limit_reached"

    renamed = _modal("Renamed", external_id="root")
    updated = client.views_update(view_id=root["id"], view=renamed, hash=root["hash"])["view"]
    assert updated["title"]["text"] == "Renamed" and updated["hash"] != root["hash"]
    assert (
        _error(client.views_update, view_id=root["id"], view=_modal(), hash=root["hash"]) == "hash_conflict"
    )
    client.views_update(external_id="root", view=_modal("By external id", external_id="root"))
    assert slack.workspace.modals[ANNA][0].view["title"]["text"] == "By external id"
    assert _error(client.views_update, view_id="V0NOWHERE", view=_modal()) == "not_found"


def _note(block_id: str, action_id: str = "note", **element) -> dict:
    return {
        "type": "input",
        "block_id": block_id,
        "label": _plain("Note"),
        "element": {"type": "plain_text_input", "action_id": action_id, **element},
    }


def test_an_update_keeps_what_was_typed_in_an_input_whose_ids_it_keeps_as_slack_does(slack, client):
    opened = client.views_open(
        trigger_id=slack.issue_trigger(TEAM, ANNA),
        view={**_modal(), "blocks": [_note("same"), _note("renamed"), _note("other", "changed")]},
    )["view"]
    slack.workspace.modals[ANNA][0].state = {
        "same": {"note": {"type": "plain_text_input", "value": "typed here"}},
        "renamed": {"note": {"type": "plain_text_input", "value": "and here"}},
        "other": {"note": {"type": "plain_text_input", "value": "and there"}},
    }
    update = [_note("same", initial_value="fresh"), _note("renamed.2"), _note("other", "changed.2")]
    client.views_update(view_id=opened["id"], view={**_modal(), "blocks": update})
    shown = [b["element"].get("initial_value") for b in slack.workspace.modals[ANNA][0].view["blocks"]]
    assert shown == ["typed here", None, None]


@pytest.mark.parametrize(
    "view",
    [
        _modal("A title of more than 24 chars"),
        _modal(private_metadata="m" * 3001),
        _modal(blocks=[_section("x")] * 101),
        _modal(
            blocks=[
                {
                    **_number_input(),
                    "block_id": block_id,
                    "element": {**_number_input()["element"], "focus_on_load": True},
                }
                for block_id in ("a", "b")
            ]
        ),
    ],
    ids=["title", "private_metadata", "101 blocks", "two focused"],
)
def test_views_slack_would_refuse_are_refused_and_the_person_is_shown_why(slack, client, view):
    error = _error(client.views_open, trigger_id=slack.issue_trigger(TEAM, ANNA), view=view)
    assert error in ("invalid_arguments", "invalid_blocks")
    [alert] = slack.alerts[ANNA]
    assert alert.method == "views.open" and alert.error == error


def test_each_person_has_their_own_home_tab(slack, client):
    home = {"type": "home", "blocks": [_section("Your maps")]}
    client.views_publish(user_id=ANNA, view=home)
    client.views_publish(user_id=OMID, view={**home, "blocks": [_section("نقشه‌های شما")]})
    assert slack.workspace.homes[ANNA].view["blocks"][0]["text"]["text"] == "Your maps"
    assert slack.workspace.homes[OMID].view["blocks"][0]["text"]["text"] == "نقشه‌های شما"
    assert _error(client.views_publish, user_id=ANNA, view=_modal()) == "invalid_arguments"


def test_an_uploaded_file_is_shared_in_its_message_and_served_only_with_a_token(slack, client):
    client.files_upload_v2(
        channel=JOURNEY, content=b"\x89PNG map", filename="map.png", title="Map", initial_comment="The map"
    )
    [message] = slack.workspace.conversations[JOURNEY].messages
    [file_id] = message.files
    assert message.text == "The map" and slack.workspace.files[file_id].data == b"\x89PNG map"

    private = urlsplit(client.files_info(file=file_id)["file"]["url_private"])
    for token, kind, body in (
        (TOKEN, "application/octet-stream", b"\x89PNG map"),
        ("xoxb-wrong", "text/html; charset=utf-8", SIGN_IN_PAGE),  # Slack's sign-in page, with a 200
    ):
        connection = HTTPConnection(private.netloc)
        connection.request("GET", private.path, headers={"Authorization": f"Bearer {token}"})
        answer = connection.getresponse()
        assert (answer.status, answer.getheader("Content-Type"), answer.read()) == (200, kind, body)
        connection.close()


def test_an_image_block_shows_only_a_file_the_workspace_shared(slack, client):
    shared = client.files_upload_v2(channel=JOURNEY, content=b"\x89PNG map", filename="map.png")["file"]["id"]

    def image(file_id: str) -> list[dict]:
        return [{"type": "image", "slack_file": {"id": file_id}, "alt_text": "The map"}]

    assert client.chat_postMessage(channel=JOURNEY, text="Map", blocks=image(shared))["ok"]
    assert _error(client.chat_postMessage, channel=JOURNEY, text="Map", blocks=image("F0NOWHERE")) == (
        "invalid_blocks"
    )


def _respond(url: str, **body) -> int:
    request = Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        with urlopen(request) as answer:
            return answer.status
    except Exception as error:  # HTTPError
        return error.code  # type: ignore[attr-defined]


def test_a_response_url_answers_ephemerally_in_channel_or_in_place_of_the_message_acted_on(slack, client):
    board = client.chat_postMessage(channel=JOURNEY, text="Board")["ts"]
    url = slack.issue_response_url(ResponseTarget(TEAM, JOURNEY, OMID, source_ts=board))
    journey = slack.workspace.conversations[JOURNEY]

    assert _respond(url, text="Just you") == 200
    assert [m.text for m in slack.workspace.visible(journey, ANNA)] == ["Board"]
    assert [m.text for m in slack.workspace.visible(journey, OMID)] == ["Board", "Just you"]

    _respond(url, text="Everyone", response_type="in_channel")
    _respond(url, text="Board, replaced", replace_original=True)
    assert [m.text for m in slack.workspace.visible(journey, ANNA)] == ["Board, replaced", "Everyone"]

    _respond(url, delete_original=True)
    assert [m.text for m in slack.workspace.visible(journey, ANNA)] == ["Everyone"]
    assert _respond(url, text="A fifth time") == 200
    assert _respond(url, text="A sixth time") == 404  # five uses at most
    assert _respond(slack.root + "responses/never-issued", text="x") == 404


def test_a_reply_to_an_ephemeral_message_replaces_it_for_its_person(slack, client):
    ts = client.chat_postEphemeral(channel=JOURNEY, user=OMID, text="Delete the map?")["message_ts"]
    url = slack.issue_response_url(ResponseTarget(TEAM, JOURNEY, OMID, source_ts=ts))
    _respond(url, text="Deleted.", replace_original=True)
    journey = slack.workspace.conversations[JOURNEY]
    assert [m.text for m in slack.workspace.visible(journey, OMID)] == ["Deleted."]


def test_a_response_url_is_refused_after_thirty_minutes_and_a_named_one_after_five_uses(slack):
    url = slack.issue_response_url(ResponseTarget(TEAM, JOURNEY, OMID))
    assert _respond(url, text="In time") == 200
    slack.targets[url.rsplit("/", 1)[-1]].issued -= 30 * 60 + 1
    assert _respond(url, text="Too late") == 404
    named = slack.response_url("tests")
    assert [_respond(named, text=f"{n}") for n in range(6)] == [200] * 5 + [404]
    assert [c.error for c in slack.calls_to("response_url") if c.error] == ["expired_url", "used_url"]


def test_slacks_pace_of_one_message_a_second_in_a_channel_is_kept_when_asked(slack, client):
    client.chat_postMessage(channel=JOURNEY, text="One")
    client.chat_postMessage(channel=JOURNEY, text="Two")  # no pace asked: Slack lets a short burst by
    slack.limits = RateLimits(post_burst=1)
    client.chat_postMessage(channel=JOURNEY, text="Three")
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel=JOURNEY, text="Four")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "1"
    space = slack.workspace
    space.add_channel("C0OTHER01", TEAM, "other", {ANNA, BOT})
    client.chat_postMessage(channel="C0OTHER01", text="Elsewhere")  # the pace is per channel
    time.sleep(1.0)
    client.chat_postMessage(channel=JOURNEY, text="Four, a second later")
    texts = [m.text for m in space.conversations[JOURNEY].messages]
    assert texts == ["One", "Two", "Three", "Four, a second later"]


def test_an_ephemeral_to_a_person_not_active_in_the_channel_is_answered_ok_and_never_shown(slack, client):
    slack.inactive.add((JOURNEY, OMID))
    answer = client.chat_postEphemeral(channel=JOURNEY, user=OMID, text="Only for Omid")
    assert answer["ok"] and answer["message_ts"]
    assert slack.workspace.conversations[JOURNEY].messages == []
    assert [(m.text, m.only_for) for m in slack.undelivered] == [("Only for Omid", OMID)]
    client.chat_postEphemeral(channel=JOURNEY, user=ANNA, text="Only for Anna")  # active: shown
    assert [m.only_for for m in slack.workspace.conversations[JOURNEY].messages] == [ANNA]
    assert _error(client.chat_postEphemeral, channel=JOURNEY, user="U0STRANGR", text="Hi") == (
        "user_not_in_channel"
    )
