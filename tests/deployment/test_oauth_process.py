"""`touchpoint-bot run` installed by OAuth, logging at DEBUG: no token or OAuth secret in any line."""

from storage.cipher import new_key
from tests.support.bidi import bare
from tests.support.fake_slack import CLIENT_ID, CLIENT_SECRET
from tests.support.oauth import install
from tests.support.process import start_bot
from tests.support.slack_driver import SIGNING_SECRET, SlackDriver

TEAM, CHANNEL, DANA = "T0CLIENT2", "C0CLIENT2", "U0DANA001"


def test_an_oauth_install_and_its_token_refresh_leave_no_secret_in_the_log(
    tmp_path, database_url, fake_slack
):
    fake_slack.add_workspace(TEAM, CHANNEL, {DANA})
    fake_slack.rotation_seconds = 600  # the first use refreshes the token
    bot = start_bot(
        tmp_path,
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET=CLIENT_SECRET,
        TOUCHPOINT_ENCRYPTION_KEY=new_key(),
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.url,
        DATABASE_URL=database_url,
        LOG_LEVEL="DEBUG",
    )
    try:
        status, page = install(bot.base_url, fake_slack, TEAM, DANA)
        assert status == 200, page
        driver = SlackDriver(
            bot.base_url + "/slack/events", fake_slack.response_url("command"), slack=fake_slack
        )
        assert driver.command("new Onboarding", user=DANA, channel=CHANNEL, team=TEAM).status == 200
        [board] = fake_slack.wait_for("chat.postMessage", 1)
        assert board.team == TEAM and "Onboarding" in bare(board.args["text"])
    finally:
        log = bot.stop()

    assert "Refreshed the bot token of team T0CLIENT2" in log
    exchanges = fake_slack.calls_to("oauth.v2.access")
    assert len(exchanges) == 2  # the install, then the refresh
    secrets = {CLIENT_SECRET, exchanges[0].args["code"]} | {
        exchange.answer[field] for exchange in exchanges for field in ("access_token", "refresh_token")
    }
    assert "oauth.v2.access" in log  # slack_sdk's debug lines about the exchanges are there, redacted
    assert [secret for secret in secrets if secret in log] == []
