"""Socket Mode: /touchpoint new arrives as an envelope over a WebSocket, as Slack sends it."""

import json
import queue
import threading
import time
import uuid

from sqlalchemy import select
from websockets.sync.server import ServerConnection, serve

from bot.app import build_runtime, create_app, stop_app
from bot.server import socket_mode_handler
from storage.models import Map
from tests.conftest import settings_for
from tests.support.fake_slack import APP_TOKEN
from tests.support.slack_driver import SlackDriver


class SlackSocketPeer:
    """Slack's side of a Socket Mode connection: says hello, sends envelopes, collects the acks."""

    def __init__(self) -> None:
        self.outbox: queue.Queue[dict] = queue.Queue()
        self.acks: queue.Queue[dict] = queue.Queue()
        self.stopping = threading.Event()
        self.server = serve(self._session, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link/?ticket=test"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _session(self, connection: ServerConnection) -> None:
        connection.send(
            json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0TOUCHPT1"}})
        )
        while not self.stopping.is_set():
            try:
                envelope = self.outbox.get(timeout=0.05)
            except queue.Empty:
                continue
            connection.send(json.dumps(envelope))
            self.acks.put(json.loads(connection.recv(timeout=5)))

    def send_command(self, fields: dict[str, str]) -> dict:
        envelope_id = str(uuid.uuid4())
        self.outbox.put(
            {
                "envelope_id": envelope_id,
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": fields,
            }
        )
        ack = self.acks.get(timeout=10)
        assert ack["envelope_id"] == envelope_id
        return ack

    def close(self) -> None:
        self.stopping.set()
        self.server.shutdown()


def test_new_map_over_socket_mode(database_url, fake_slack, uow):
    peer = SlackSocketPeer()
    fake_slack.socket_mode_url = peer.url
    settings = settings_for(database_url, fake_slack, signing_secret=None, app_token=APP_TOKEN)
    runtime = build_runtime(settings)
    app = create_app(settings, runtime=runtime)
    handler = socket_mode_handler(app, APP_TOKEN)
    handler.connect()
    try:
        fields = SlackDriver("", fake_slack.response_url("socket")).command_body("new Returns journey")
        ack = peer.send_command(fields)
        assert "payload" not in ack or not ack["payload"]  # an empty ack; the board follows

        [post] = fake_slack.wait_for("chat.postMessage")
        assert post.args["channel"] == "C0WORKSHOP"
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with uow() as session:
                maps = session.scalars(select(Map)).all()
            if maps and maps[0].board_ts:
                break
            time.sleep(0.02)
        assert [(m.title, m.board_ts) for m in maps] == [("Returns journey", post.answer["ts"])]

        help_ack = peer.send_command(SlackDriver("", "").command_body("help"))
        assert help_ack["payload"]["response_type"] == "ephemeral"
        assert "/touchpoint new" in help_ack["payload"]["text"]
    finally:
        handler.close()
        stop_app(app, runtime.workshop)
        peer.close()
    assert len(fake_slack.calls_to("apps.connections.open")) >= 1
