"""Running `touchpoint-bot` as a real process, as a user or an operator would."""

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

CLI = str(Path(sys.executable).with_name("touchpoint-bot"))


def clean_env(**settings: str) -> dict[str, str]:
    """A clean environment: nothing from the developer's own Slack settings leaks in."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT", "TMPDIR")}
    return {**keep, **settings}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class BotProcess:
    process: subprocess.Popen
    base_url: str
    log: Path

    def kill(self) -> None:
        """Kill the bot outright (SIGKILL, as `kill -9` or a crashed host would): nothing runs after."""
        self.process.kill()
        self.process.wait(timeout=30)

    def stop(self) -> str:
        """Stop the bot as an operator would (SIGTERM) and return what it logged."""
        self.process.terminate()
        self.process.wait(timeout=30)
        return self.log.read_text()


def start_bot(cwd: Path, **settings: str) -> BotProcess:
    """Start `touchpoint-bot run` over HTTP and wait until /healthz answers."""
    return wait_until_healthy(launch_bot(cwd, **settings))


def start_bots(cwd: Path, count: int, **settings: str) -> list[BotProcess]:
    """Start `count` instances at once (each in a directory of its own under `cwd`), as a deployment
    does, and wait until each answers."""
    directories = [cwd / f"instance-{n}" for n in range(count)]
    for directory in directories:
        directory.mkdir()
    bots = [launch_bot(d, **settings) for d in directories]
    try:
        return [wait_until_healthy(bot) for bot in bots]
    except AssertionError:
        for bot in bots:
            bot.process.kill()
        raise


def launch_bot(cwd: Path, **settings: str) -> BotProcess:
    """Start `touchpoint-bot run` over HTTP, without waiting for it.

    Its output goes to a file: a pipe nobody reads fills up and blocks the bot.
    """
    port = free_port()
    log = cwd / "touchpoint-bot.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [CLI, "run"], cwd=cwd, env=clean_env(PORT=str(port), **settings), stdout=output, stderr=output
        )
    return BotProcess(process, f"http://127.0.0.1:{port}", log)


def wait_until_healthy(bot: BotProcess) -> BotProcess:
    process, log = bot.process, bot.log
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the bot exited: {log.read_text()}")
        try:
            with urlopen(bot.base_url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return bot
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"the bot never became healthy: {log.read_text()}")
