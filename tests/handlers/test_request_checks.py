"""Requests that are not Slack's, or not well formed, are refused before anything is touched."""

import hashlib
import hmac
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest
from sqlalchemy import func, select

from storage.models import Map, ProcessedRequest
from tests.support.slack_driver import SIGNING_SECRET, SlackDriver


def _nothing_stored(uow) -> bool:
    with uow() as session:
        return not session.scalar(select(func.count()).select_from(Map)) and not session.scalar(
            select(func.count()).select_from(ProcessedRequest)
        )


def test_every_test_request_is_signed_on_the_wire_as_slack_signs_it():
    """The driver every end-to-end test uses (tests/support/slack_driver.py, on bot/playground/payloads.py)
    sends each body over HTTP with `x-slack-signature` = v0 HMAC-SHA256 of `v0:<timestamp>:<body>` under
    the signing secret, and `x-slack-request-timestamp`: what a listener on the wire receives, checked
    here independently of the code that signs it."""
    received: list[tuple[dict[str, str], bytes]] = []

    class Listener(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(200)
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Listener)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        driver = SlackDriver(f"http://127.0.0.1:{server.server_port}/slack/events", "http://unused/")
        driver.command("new Checkout journey")
        driver.click(
            [{"type": "actions", "elements": [{"type": "button", "action_id": "a", "value": "1"}]}], "a"
        )
        driver.event({"type": "app_home_opened", "user": "U0ALICE01", "tab": "home"})
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert len(received) == 3
    for headers, body in received:
        timestamp = headers["x-slack-request-timestamp"]
        expected = hmac.new(SIGNING_SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256)
        assert headers["x-slack-signature"] == "v0=" + expected.hexdigest()
        assert abs(time.time() - int(timestamp)) < 60


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
