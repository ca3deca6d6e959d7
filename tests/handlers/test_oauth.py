"""Many workspaces on one bot, installed by OAuth: the install end to end against the fake Slack's
oauth.v2.access, tokens sealed at rest and refreshed before they expire, two workspaces that never see
each other, and uninstall with retention and purge; and Enterprise Grid: a workspace of an org installs
the bot on its own, or the org installs it for all its workspaces at once. Slack's oauth.v2.access answers
name the org (`enterprise`), requests carry its id, and the bot's token is found for each workspace, by
requests and by the scheduler alike (which knows only the team), every map scoped to the workspace the
request came from."""

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.app import Runtime, build_runtime, create_app, stop_app
from bot.cli import main
from bot.config import OAuth
from bot.installs import InstalledTokens, NotInstalled
from storage.cipher import new_key
from storage.installations import BOTS, INSTALLATIONS
from storage.models import Map, Reminder, Stage, Workspace
from tests.conftest import served, settings_for
from tests.support.bidi import bare
from tests.support.fake_slack import ALICE, BOB, CLIENT_ID, CLIENT_SECRET, FakeSlack
from tests.support.oauth import consent, install, redirect
from tests.support.slack_driver import SlackDriver

AGENCY, CLIENT = "T0AGENCY1", "T0CLIENT2"  # two workspaces on one bot
AGENCY_CHANNEL, CLIENT_CHANNEL = "C0AGENCY1", "C0CLIENT2"
DANA, ERIN = "U0DANA001", "U0ERIN001"  # people of the client's workspace
KEY = new_key()


@dataclass
class OAuthBot:
    url: str
    driver: SlackDriver
    runtime: Runtime
    settings: object


@pytest.fixture
def oauth_bot(database_url: str, fake_slack: FakeSlack, clock) -> Iterator[OAuthBot]:
    fake_slack.add_workspace(AGENCY, AGENCY_CHANNEL, {ALICE, BOB})
    fake_slack.add_workspace(CLIENT, CLIENT_CHANNEL, {DANA, ERIN})
    settings = settings_for(
        database_url, fake_slack, bot_token=None, oauth=OAuth(CLIENT_ID, CLIENT_SECRET, (KEY,))
    )
    runtime = build_runtime(settings, clock)
    app = create_app(settings, clock, runtime)
    try:
        with served(app) as url:
            yield OAuthBot(
                url,
                SlackDriver(url + "/slack/events", fake_slack.response_url("command"), slack=fake_slack),
                runtime,
                settings,
            )
    finally:
        stop_app(app, runtime.workshop)


def _board_post(fake: FakeSlack, channel: str):
    call = fake.wait_for("chat.postMessage", 1, where=lambda c: c.args.get("channel") == channel)[-1]
    return call


def _rows(bot: OAuthBot, query):
    with bot.runtime.workshop.uow() as session:
        return session.execute(query).all()


def test_an_install_stores_the_token_sealed_and_the_workspace_can_start_a_map(oauth_bot, fake_slack):
    status, page = install(oauth_bot.url, fake_slack, CLIENT, DANA)

    assert status == 200, page
    [access] = fake_slack.calls_to("oauth.v2.access")
    token = access.answer["access_token"]
    [stored] = _rows(oauth_bot, select(BOTS.c.team_id, BOTS.c.bot_token, BOTS.c.bot_user_id))
    assert stored.team_id == CLIENT and stored.bot_user_id == fake_slack.bot_users[CLIENT]
    assert token not in stored.bot_token and not stored.bot_token.startswith("xox")  # sealed
    [installation] = _rows(oauth_bot, select(INSTALLATIONS.c.bot_token, INSTALLATIONS.c.user_id))
    assert token not in installation.bot_token and installation.user_id == DANA
    assert oauth_bot.runtime.installs.tokens(CLIENT) == token

    reply = oauth_bot.driver.command("new Onboarding", user=DANA, channel=CLIENT_CHANNEL, team=CLIENT)

    assert reply.status == 200
    board = _board_post(fake_slack, CLIENT_CHANNEL)
    assert board.team == CLIENT and "Onboarding" in bare(board.args["text"])


@pytest.mark.parametrize("forgery", ["no cookie", "another state", "state used twice"])
def test_an_install_without_its_own_state_is_refused(oauth_bot, fake_slack, forgery):
    state, cookie = consent(oauth_bot.url)
    code = fake_slack.authorize(CLIENT, DANA)
    if forgery == "state used twice":
        status, _ = redirect(oauth_bot.url, code, state, cookie)
        assert status == 200
        code = fake_slack.authorize(CLIENT, ERIN)
    elif forgery == "another state":
        state = consent(oauth_bot.url)[0]

    status, page = redirect(oauth_bot.url, code, state, None if forgery == "no cookie" else cookie)

    assert status in (400, 401), page  # Bolt: a missing or mismatched cookie 400, a spent state 401
    assert len(fake_slack.calls_to("oauth.v2.access")) == (1 if forgery == "state used twice" else 0)
    assert len(_rows(oauth_bot, select(BOTS.c.id))) == (1 if forgery == "state used twice" else 0)


def test_two_workspaces_share_one_bot_and_never_see_each_others_maps(oauth_bot, fake_slack):
    for team, person in ((AGENCY, ALICE), (CLIENT, DANA)):
        assert install(oauth_bot.url, fake_slack, team, person)[0] == 200
    oauth_bot.driver.command("new Agency journey", user=ALICE, channel=AGENCY_CHANNEL, team=AGENCY)
    oauth_bot.driver.command("new Client journey", user=DANA, channel=CLIENT_CHANNEL, team=CLIENT)
    agency_board = _board_post(fake_slack, AGENCY_CHANNEL)
    _board_post(fake_slack, CLIENT_CHANNEL)

    # Dana, of the client's workspace, aims at the agency's channel and its board's buttons.
    stolen_stage = oauth_bot.driver.command(
        "stage add Stolen", user=DANA, channel=AGENCY_CHANNEL, team=CLIENT
    )
    oauth_bot.driver.click(
        agency_board.json("blocks"),
        _first_button(agency_board),
        user=DANA,
        channel=AGENCY_CHANNEL,
        team=CLIENT,
    )
    listed = oauth_bot.driver.command("list", user=DANA, channel=CLIENT_CHANNEL, team=CLIENT)

    with oauth_bot.runtime.workshop.uow() as session:
        maps = {m.team_id: (m.title, m.channel_id) for m in session.scalars(select(Map))}
        stolen = session.scalar(select(func.count()).select_from(Stage).where(Stage.name == "Stolen"))
    assert maps == {AGENCY: ("Agency journey", AGENCY_CHANNEL), CLIENT: ("Client journey", CLIENT_CHANNEL)}
    assert stolen == 0
    # The board's button answers after its ack; both commands answer in theirs (Dana's language is known).
    said = [bare(r["text"]) for r in fake_slack.wait_for_response(2)] + [stolen_stage.body, listed.body]
    assert "That map isn't in this channel." in said  # the board's button
    assert any("There is no touchpoint map in this channel yet" in each for each in said)  # the command
    assert not any("Agency journey" in each for each in said)
    for call in fake_slack.calls:  # every call carried the token of the workspace it was for
        channel = call.args.get("channel") or call.args.get("channel_id")
        if channel in (AGENCY_CHANNEL, CLIENT_CHANNEL):
            assert call.team == (AGENCY if channel == AGENCY_CHANNEL else CLIENT), call
    assert not [c for c in fake_slack.calls if c.error == "channel_not_found"]


def _first_button(message) -> str:
    for block in message.json("blocks"):
        for element in block.get("elements", []) + ([block["accessory"]] if "accessory" in block else []):
            if element.get("type") == "button":
                return element["action_id"]
    raise AssertionError("no button")


def test_a_rotating_token_is_refreshed_once_though_two_instances_need_it(oauth_bot, fake_slack, clock):
    fake_slack.rotation_seconds = 600  # ten minutes left: inside the two hours before expiry
    install(oauth_bot.url, fake_slack, CLIENT, DANA)
    first = fake_slack.calls_to("oauth.v2.access")[0].answer["access_token"]
    instances = [
        oauth_bot.runtime.installs.tokens,
        build_runtime(oauth_bot.settings, clock).installs.tokens,
    ]
    seen: list[str] = []
    threads = [threading.Thread(target=lambda t=t: seen.append(t(CLIENT))) for t in instances * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    refreshes = [
        c for c in fake_slack.calls_to("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"
    ]
    assert len(refreshes) == 1
    renewed = refreshes[0].answer["access_token"]
    assert seen == [renewed] * 8 and renewed != first and first not in fake_slack.tokens
    oauth_bot.driver.command("new After the refresh", user=DANA, channel=CLIENT_CHANNEL, team=CLIENT)
    assert _board_post(fake_slack, CLIENT_CHANNEL).team == CLIENT


def test_uninstall_stops_the_team_at_once_and_its_maps_go_after_retention(oauth_bot, fake_slack, monkeypatch):
    for team, person in ((AGENCY, ALICE), (CLIENT, DANA)):
        install(oauth_bot.url, fake_slack, team, person)
    oauth_bot.driver.command("new Client journey", user=DANA, channel=CLIENT_CHANNEL, team=CLIENT)
    oauth_bot.driver.command("new Agency journey", user=ALICE, channel=AGENCY_CHANNEL, team=AGENCY)
    _board_post(fake_slack, CLIENT_CHANNEL)
    oauth_bot.driver.command(
        "remind every monday 09:00 / UTC", user=DANA, channel=CLIENT_CHANNEL, team=CLIENT
    )
    [(enabled, next_fire)] = _rows(oauth_bot, select(Reminder.enabled, Reminder.next_fire_at))
    assert enabled and next_fire is not None

    for retry in (None, 1):  # Slack redelivers an event it got no answer for
        reply = oauth_bot.driver.event(
            {"type": "app_uninstalled", "event_ts": "1.2"},
            team=CLIENT,
            event_id="EvUNINSTALL",
            retry_num=retry,
        )
        assert reply.status == 200

    assert [r.team_id for r in _rows(oauth_bot, select(BOTS.c.team_id))] == [AGENCY]
    [(enabled, next_fire)] = _rows(oauth_bot, select(Reminder.enabled, Reminder.next_fire_at))
    assert (enabled, next_fire) == (False, None)
    [(uninstalled_at,)] = _rows(
        oauth_bot, select(Workspace.uninstalled_at).where(Workspace.team_id == CLIENT)
    )
    assert uninstalled_at is not None
    posts = len(fake_slack.calls_to("chat.postMessage"))
    oauth_bot.driver.command("new Still here?", user=DANA, channel=CLIENT_CHANNEL, team=CLIENT)
    assert len(fake_slack.calls_to("chat.postMessage")) == posts  # the team has no token any more

    workspaces = oauth_bot.runtime.workshop.workspaces
    now = datetime.now(UTC)
    assert workspaces.sweep(timedelta(days=14), now + timedelta(days=13)) == []
    assert workspaces.sweep(timedelta(days=14), now + timedelta(days=15)) == [CLIENT]
    assert [r.team_id for r in _rows(oauth_bot, select(Map.team_id))] == [AGENCY]
    assert [r.team_id for r in _rows(oauth_bot, select(Workspace.team_id))] == [AGENCY]


def test_purge_deletes_a_workspace_at_once(oauth_bot, fake_slack, monkeypatch, capsys):
    for team, person in ((AGENCY, ALICE), (CLIENT, DANA)):
        install(oauth_bot.url, fake_slack, team, person)
    oauth_bot.driver.command("new Client journey", user=DANA, channel=CLIENT_CHANNEL, team=CLIENT)
    oauth_bot.driver.command("new Agency journey", user=ALICE, channel=AGENCY_CHANNEL, team=AGENCY)
    _board_post(fake_slack, CLIENT_CHANNEL)
    _board_post(fake_slack, AGENCY_CHANNEL)
    monkeypatch.setenv("DATABASE_URL", oauth_bot.settings.database_url)

    assert main(["purge", "--team", CLIENT]) == 0

    assert "purged workspace T0CLIENT2" in capsys.readouterr().out
    assert [r.team_id for r in _rows(oauth_bot, select(Map.team_id))] == [AGENCY]
    assert [r.team_id for r in _rows(oauth_bot, select(BOTS.c.team_id))] == [AGENCY]
    assert [r.team_id for r in _rows(oauth_bot, select(INSTALLATIONS.c.team_id))] == [AGENCY]


def test_a_request_with_a_token_about_to_expire_is_served_with_the_rotated_token(oauth_bot, fake_slack):
    """As app.oauth.yaml sets it (token_rotation_enabled): the first request after the token nears its
    expiry refreshes it in Bolt's authorize step, and every call of that request uses the new token."""
    fake_slack.rotation_seconds = 600
    install(oauth_bot.url, fake_slack, CLIENT, DANA)
    first = fake_slack.calls_to("oauth.v2.access")[0].answer
    assert first["refresh_token"] and first["expires_in"] == 600

    oauth_bot.driver.command("new Rotated", user=DANA, channel=CLIENT_CHANNEL, team=CLIENT)
    board = _board_post(fake_slack, CLIENT_CHANNEL)
    [refresh] = [
        c for c in fake_slack.calls_to("oauth.v2.access") if c.args.get("grant_type") == "refresh_token"
    ]
    assert refresh.args["refresh_token"] == first["refresh_token"]
    renewed = refresh.answer["access_token"]
    # Slack took the board from the client's workspace, whose one valid token is the renewed one.
    assert board.team == CLIENT and board.error is None
    assert renewed in fake_slack.tokens and first["access_token"] not in fake_slack.tokens
    [(expires_at,)] = _rows(oauth_bot, select(BOTS.c.bot_token_expires_at).where(BOTS.c.team_id == CLIENT))
    assert expires_at is not None


ORG = "E0GRIDORG"
SALES, SUPPORT = "T0SALES01", "T0SUPPRT2"  # two workspaces of the org
SALES_CHANNEL, SUPPORT_CHANNEL = "C0SALES01", "C0SUPPRT2"
GINA, HUGO = "U0GINA001", "U0HUGO001"


@pytest.fixture
def grid(fake_slack: FakeSlack) -> FakeSlack:
    fake_slack.add_workspace(SALES, SALES_CHANNEL, {GINA, ALICE})
    fake_slack.add_workspace(SUPPORT, SUPPORT_CHANNEL, {HUGO, BOB})
    with fake_slack.lock:
        for team in (SALES, SUPPORT):
            fake_slack.workspace.teams[team].enterprise_id = ORG
    return fake_slack


def _boards(fake: FakeSlack, channel: str):
    """The boards posted in `channel`, once the first is (the bot posts it after the ack)."""
    return fake.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == channel and not c.error)


def _a_fresh_instance(bot: OAuthBot) -> InstalledTokens:
    """Another process's token source (the scheduler's, started after the requests): nothing cached."""
    tokens = bot.runtime.installs.tokens
    return InstalledTokens(tokens.store, tokens.rotator)


def test_a_workspace_of_an_org_installs_alone_and_its_requests_and_schedules_find_its_token(oauth_bot, grid):
    status, page = install(oauth_bot.url, grid, SALES, GINA)

    assert status == 200, page
    [access] = grid.calls_to("oauth.v2.access")
    assert access.answer["enterprise"]["id"] == ORG and access.answer["team"]["id"] == SALES
    [stored] = _rows(oauth_bot, select(BOTS.c.enterprise_id, BOTS.c.team_id, BOTS.c.is_enterprise_install))
    assert tuple(stored) == (ORG, SALES, False)

    reply = oauth_bot.driver.command(
        "new Grid journey", user=GINA, channel=SALES_CHANNEL, team=SALES, enterprise=ORG
    )

    assert reply.status == 200
    [board] = _boards(grid, SALES_CHANNEL)
    assert "Grid journey" in bare(board.args["text"])
    assert _a_fresh_instance(oauth_bot)(SALES) == access.answer["access_token"]
    with pytest.raises(NotInstalled):  # the org's other workspace didn't install it
        _a_fresh_instance(oauth_bot)(SUPPORT)


def test_an_org_wide_install_serves_every_workspace_of_the_org_each_with_its_own_maps(oauth_bot, grid):
    state, cookie = consent(oauth_bot.url)
    status, page = redirect(oauth_bot.url, grid.authorize(SALES, GINA, org_wide=True), state, cookie)

    assert status == 200, page
    [access] = grid.calls_to("oauth.v2.access")
    assert access.answer["is_enterprise_install"] is True and access.answer["team"] is None
    [stored] = _rows(oauth_bot, select(BOTS.c.enterprise_id, BOTS.c.team_id, BOTS.c.is_enterprise_install))
    assert tuple(stored) == (ORG, None, True)

    for team, person, channel in ((SALES, GINA, SALES_CHANNEL), (SUPPORT, HUGO, SUPPORT_CHANNEL)):
        reply = oauth_bot.driver.command(
            f"new Map of {team}", user=person, channel=channel, team=team, enterprise=ORG, org_wide=True
        )
        assert reply.status == 200
        [board] = _boards(grid, channel)
        assert f"Map of {team}" in bare(board.args["text"])

    # Each map belongs to the workspace its request came from, not to the org.
    assert sorted(tuple(r) for r in _rows(oauth_bot, select(Map.team_id, Map.title))) == [
        (SALES, f"Map of {SALES}"),
        (SUPPORT, f"Map of {SUPPORT}"),
    ]
    assert sorted(tuple(r) for r in _rows(oauth_bot, select(Workspace.team_id, Workspace.enterprise_id))) == [
        (ORG, None),  # the install itself, recorded under the org's id
        (SALES, ORG),
        (SUPPORT, ORG),
    ]
    # Hugo, of the org's support workspace, aims at the sales channel: no map of another workspace.
    oauth_bot.driver.command(
        "stage add Stolen", user=HUGO, channel=SALES_CHANNEL, team=SUPPORT, enterprise=ORG, org_wide=True
    )
    assert _rows(oauth_bot, select(Stage.name).where(Stage.name == "Stolen")) == []
    # The scheduler of another process finds the org-wide token for each workspace.
    token = access.answer["access_token"]
    assert _a_fresh_instance(oauth_bot)(SALES) == token == _a_fresh_instance(oauth_bot)(SUPPORT)


def _reminders_on(bot: OAuthBot) -> dict[str, bool]:
    """Each map's team -> whether its revisit reminder still fires."""
    query = select(Map.team_id, Reminder.enabled).join(Map, Map.id == Reminder.map_id)
    return {row.team_id: row.enabled for row in _rows(bot, query)}


def test_an_org_wide_install_stops_where_it_is_taken_out_then_everywhere_when_uninstalled(oauth_bot, grid):
    state, cookie = consent(oauth_bot.url)
    assert redirect(oauth_bot.url, grid.authorize(SALES, GINA, org_wide=True), state, cookie)[0] == 200
    for team, person, channel in ((SALES, GINA, SALES_CHANNEL), (SUPPORT, HUGO, SUPPORT_CHANNEL)):
        for line in ("new A journey", "remind every monday 09:00 / UTC"):
            oauth_bot.driver.command(
                line, user=person, channel=channel, team=team, enterprise=ORG, org_wide=True
            )
        _boards(grid, channel)
    assert _reminders_on(oauth_bot) == {SALES: True, SUPPORT: True}

    # An org admin takes the app out of the support workspace: the org's other workspace goes on.
    taken_out = {"type": "team_access_revoked", "team_ids": [SUPPORT], "event_ts": "1.2"}
    for retry in (None, 1):
        reply = oauth_bot.driver.event(
            taken_out, team=SALES, enterprise=ORG, org_wide=True, event_id="EvREVOKED", retry_num=retry
        )
        assert reply.status == 200
    assert _reminders_on(oauth_bot) == {SALES: True, SUPPORT: False}
    assert [tuple(r) for r in _rows(oauth_bot, select(BOTS.c.enterprise_id, BOTS.c.team_id))] == [(ORG, None)]

    # Then the app is uninstalled from the whole org: every workspace stops, the org's install goes.
    reply = oauth_bot.driver.event(
        {"type": "app_uninstalled", "event_ts": "1.3"}, team=SALES, enterprise=ORG, org_wide=True
    )
    assert reply.status == 200
    assert _reminders_on(oauth_bot) == {SALES: False, SUPPORT: False}
    assert _rows(oauth_bot, select(BOTS.c.enterprise_id)) == []
    uninstalled = _rows(oauth_bot, select(Workspace.team_id).where(Workspace.uninstalled_at.is_not(None)))
    assert sorted(r.team_id for r in uninstalled) == [ORG, SALES, SUPPORT]
    workspaces = oauth_bot.runtime.workshop.workspaces
    assert sorted(workspaces.sweep(timedelta(days=14), datetime.now(UTC) + timedelta(days=15))) == [
        ORG,
        SALES,
        SUPPORT,
    ]
    assert _rows(oauth_bot, select(Map.team_id)) == []
