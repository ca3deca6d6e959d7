"""`touchpoint-bot run` with no Slack setting at all, and `touchpoint-bot playground`, as a person runs them:
a real process that says first and loudly that it serves the playground, serves it, and stops cleanly."""

import json
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.request import urlopen

from tests.support.process import CLI, clean_env, free_port


def _launch(args: list[str], cwd: Path, **settings: str) -> tuple[subprocess.Popen, Path]:
    out = cwd / "out.log"
    with out.open("w") as output:
        process = subprocess.Popen(
            [CLI, *args], cwd=cwd, env=clean_env(**settings), stdout=output, stderr=output
        )
    return process, out


def _screen(port: int, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urlopen(f"http://127.0.0.1:{port}/play/screen?at=C0SUPPORT1", timeout=2) as answer:
                return json.loads(answer.read())
        except OSError:
            assert time.monotonic() < deadline, "the playground never answered"
            time.sleep(0.2)


def test_run_with_no_slack_setting_serves_the_playground_and_says_so_first(tmp_path):
    port = free_port()
    process, out = _launch(["run"], tmp_path, PORT=str(port))
    try:
        shown = _screen(port)
        assert shown["me"]["name"] == "Emma" and shown["messages"]  # the support channel's quotes
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, out.read_text()
    lines = out.read_text().splitlines()
    url = f"http://127.0.0.1:{port}"
    expected = f"No Slack settings: serving the playground at {url} (set SLACK_BOT_TOKEN … to serve Slack)"
    assert expected in lines[:3], lines[:5]
    assert "Traceback" not in out.read_text()
    assert (tmp_path / "touchpoint-playground.json").is_file() and (tmp_path / "touchpoint.sqlite3").is_file()


def test_playground_in_persian_starts_as_the_persian_speaker_and_says_who_can_reach_it(tmp_path):
    port = free_port()
    process, out = _launch(["playground", "--port", str(port), "--lang", "fa", "--host", "0.0.0.0"], tmp_path)
    try:
        assert _screen(port)["me"]["locale"] == "fa-IR"
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    assert f"anyone who can reach port {port} can act as any sample person" in out.read_text()


def test_a_taken_port_is_said_plainly(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [CLI, "playground", "--port", str(port)],
            cwd=tmp_path,
            env=clean_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr
