"""Installing the bot by OAuth as a person does: the install page, consent on Slack, the redirect."""

import html
import re
from email.message import Message
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlencode, urlparse
from urllib.request import Request, urlopen

from bot.oauth import BOT_SCOPES
from tests.support.fake_slack import CLIENT_ID, FakeSlack


def get(url: str, cookie: str | None = None) -> tuple[int, str, Message]:
    request = Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), response.headers
    except HTTPError as error:
        return error.code, error.read().decode(), error.headers


def consent(base_url: str) -> tuple[str, str]:
    """Open the install page: the state in Slack's authorize link, and the cookie that goes with it."""
    status, page, headers = get(base_url + "/slack/install")
    assert status == 200
    link = html.unescape(re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page).group(1))
    query = parse_qs(urlparse(link).query)
    assert query["client_id"] == [CLIENT_ID]
    assert set(query["scope"][0].split(",")) == set(BOT_SCOPES)
    return query["state"][0], headers.get("Set-Cookie", "").split(";")[0]


def redirect(base_url: str, code: str, state: str, cookie: str | None) -> tuple[int, str]:
    """Slack sending the person back to the bot with the code of their consent."""
    status, page, _ = get(
        base_url + "/slack/oauth_redirect?" + urlencode({"code": code, "state": state}), cookie
    )
    return status, page


def install(base_url: str, fake: FakeSlack, team: str, installer: str) -> tuple[int, str]:
    """The whole install of the bot in `team` by `installer`."""
    state, cookie = consent(base_url)
    return redirect(base_url, fake.authorize(team, installer), state, cookie)
