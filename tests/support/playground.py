"""A whole playground in the test's (or benchmark's) process, on a free port: the stand-in, the bot, the
scheduler, the page's endpoints; and the page's endpoints called as its script calls them."""

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from bot.playground.serve import Options, Running, start


def started(database_url: str, state: Path, **options: Any) -> Running:
    """The playground on a free port. Trigger ids live a minute rather than Slack's 3 seconds, as in the
    tests' fake: on a busy machine the bot may take longer to open a modal (timing is the benchmarks')."""
    values: dict[str, Any] = {
        "scheduler_interval": 0.2,
        "log_level": "WARNING",
        "trigger_ttl": 60.0,
    } | options
    return start(Options(database_url, port=0, state=state, **values))


class Page:
    """The page's endpoints, as its script calls them."""

    def __init__(self, base: str) -> None:
        self.base = base

    def request(self, path: str, body: bytes | None = None, method: str | None = None) -> tuple[int, Any]:
        request = Request(
            self.base + path, data=body, method=method or ("POST" if body is not None else "GET")
        )
        try:
            with urlopen(request, timeout=30) as answer:
                return answer.status, json.loads(answer.read() or b"null")
        except HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def do(self, endpoint: str, /, **fields: Any) -> Any:
        status, answer = self.request(f"play/{endpoint}", json.dumps(fields).encode())
        assert status == 200, answer
        return answer

    def screen(self, person: str, at: str, **more: str) -> dict[str, Any]:
        status, answer = self.request("play/screen?" + urlencode({"as": person, "at": at, **more}))
        assert status == 200, answer
        return answer

    def wait_for(
        self, person: str, at: str, check: Callable[[dict[str, Any]], Any], timeout: float = 15
    ) -> dict[str, Any]:
        """The person's screen once `check` finds what it looks for (the bot answers after its ack)."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen(person, at)
            if check(shown):
                return shown
            assert time.monotonic() < deadline, f"never seen: {json.dumps(shown, ensure_ascii=False)[:1500]}"
            time.sleep(0.05)


def texts(shown: dict[str, Any]) -> list[str]:
    return [m["text"] for m in shown.get("messages", [])]
