"""Requests that are not Slack's, or not well formed, are refused before anything is touched."""

import time
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest
from sqlalchemy import func, select

from storage.models import Map, ProcessedRequest


def _nothing_stored(uow) -> bool:
    with uow() as session:
        return not session.scalar(select(func.count()).select_from(Map)) and not session.scalar(
            select(func.count()).select_from(ProcessedRequest)
        )


def test_unsigned_badly_signed_and_stale_requests_get_401(bot, fake_slack, uow):
    body = urlencode(bot.driver.command_body("new Checkout journey")).encode()
    form = "application/x-www-form-urlencoded"
    assert bot.driver.post(body, form, signature="v0=" + "0" * 64).status == 401
    assert bot.driver.post(body, form, signature="not-a-signature").status == 401
    six_minutes_ago = int(time.time()) - 6 * 60
    assert bot.driver.post(body, form, timestamp=six_minutes_ago).status == 401
    tampered = body.replace(b"Checkout", b"Hijacked")
    signed_for_the_original = bot.driver.post  # signs what it sends, so sign then swap the body:
    from tests.support.slack_driver import sign

    now = int(time.time())
    assert (
        signed_for_the_original(
            tampered, form, timestamp=now, signature=sign(bot.driver.secret, now, body)
        ).status
        == 401
    )
    time.sleep(0.2)
    assert fake_slack.calls_to("chat.postMessage") == []
    assert _nothing_stored(uow)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b"payload=%7Bbroken", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00", "application/x-www-form-urlencoded"),
        (b"", "application/x-www-form-urlencoded"),
    ],
)
def test_signed_but_malformed_bodies_get_400(bot, fake_slack, uow, body, content_type):
    assert bot.driver.post(body, content_type).status == 400
    assert _nothing_stored(uow)


def test_health_check_answers_without_a_signature(bot):
    with urlopen(bot.url + "/healthz", timeout=5) as response:
        assert (response.status, response.read()) == (200, b"ok\n")
