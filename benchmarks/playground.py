"""From a click in the playground's page to the bot's answer visible in the page, beside the same request
sent straight to the bot's /slack/events.

    python -m benchmarks.playground [--rounds 50]

Three kinds of action on a map at step 2: the board's *Add touchpoint* button, which opens a modal (the
answer: the modal shown); that modal's submission (the answer: the modal closed by the ack); a quick add,
`/touchpoint add <stage> / <channel> / <title>` (the answer: the bot's reply, only for who typed it).
In the page, Chromium times each action itself, from the click (or Enter) to the change in the page
(performance.now() in a MutationObserver: neither Selenium's round trips nor a frame's wait count).
Straight to the bot, the playground's server sends the same signed request as it does for the page (as
another sample person, so the page's screen stays still), timed to the same answer: views.open reaching
the Slack stand-in, the ack that closes the modal, the ack's reply stored.
Target: p95 under 500 ms, and the page adding under 30% to the direct p50.
"""

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.playground.blockkit import view_state
from bot.playground.people import EMMA, MARCUS, WORKSHOP
from bot.playground.serve import Running
from bot.playground.workspace import OpenView
from tests.browser.conftest import chromium
from tests.browser.person import Person
from tests.support.playground import started

# In the page: run `act` (JS that clicks or types), then resolve with the milliseconds until `done` holds,
# looked at on every change of the page (a MutationObserver: no frame's wait added).
TIMED = """
const [act, done] = [new Function(arguments[0]), new Function(arguments[1])];
const finish = arguments[arguments.length - 1];
const start = performance.now();
const watch = new MutationObserver(() => {
  if (done()) {
    watch.disconnect();
    finish(performance.now() - start);
  }
});
watch.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
act();
"""
MODAL_SHOWN = "return document.querySelector('#modal:not([hidden]) form.bk-modal') !== null"
MODAL_GONE = "return document.querySelector('#modal').hidden"
ADD = "tp_add_touchpoint"
DIRECT = MARCUS.id  # who acts straight to the bot: not the one the page shows, whose screen stays still
PLACES = "[data-block-id=stage] select, [data-block-id=channel] select"  # the touchpoint's stage and channel
CLICK_ADD = f"[...document.querySelectorAll('#feed button[data-action-id={ADD}]')].pop().click()"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Bench:
    def __init__(self, running: Running, person: Person) -> None:
        self.running = running
        self.person = person
        self.client = running.client

    def in_page(self, act: str, done: str) -> float:
        return self.person.driver.execute_async_script(TIMED, act, done)

    def _board(self) -> tuple[str, str]:
        """The ts of the latest message with the *Add touchpoint* button, and the button's block id, as the
        stand-in holds them (straight to the bot, nothing is read off the page)."""
        with self.running.slack.lock:
            for message in reversed(self.running.slack.workspace.conversations[WORKSHOP].messages):
                for block in message.blocks or []:
                    if any(e.get("action_id") == ADD for e in block.get("elements", [])):
                        return message.ts, block["block_id"]
        raise AssertionError("no Add touchpoint button")

    # --- the board's button that opens a modal --------------------------------------------------------
    def open_in_page(self) -> float:
        took = self.in_page(CLICK_ADD, MODAL_SHOWN)
        self.in_page("document.querySelector('#modal [data-modal=close]').click()", MODAL_GONE)
        return took

    def _open_direct(self) -> OpenView:
        opened = len(self.running.slack.calls_to("views.open"))
        self.client.act(DIRECT, WORKSHOP, *self._board(), ADD)
        self.running.slack.wait_for("views.open", opened + 1)
        with self.running.slack.lock:
            return self.running.slack.workspace.modals[DIRECT][-1]

    def open_direct(self) -> float:
        started_at = time.perf_counter()
        view = self._open_direct()
        took = (time.perf_counter() - started_at) * 1000
        self.client.close(DIRECT, view.id)
        return took

    # --- its submission ---------------------------------------------------------------------------------
    def submit_in_page(self, n: int) -> float:
        self.in_page(CLICK_ADD, MODAL_SHOWN)
        fill = (
            f"const form = document.querySelector('#modal form');"
            f"form.querySelector('[data-block-id=title] input').value = 'Page moment {n}';"
            "for (const s of form.querySelectorAll(" + repr(PLACES) + "))"
            "  s.value = [...s.options].find(o => o.value).value;"
        )
        return self.in_page(f"{fill} form.requestSubmit()", MODAL_GONE)

    def submit_direct(self, n: int) -> float:
        view = self._open_direct()
        form = {}
        for block in view.view["blocks"]:
            element, name = (
                block.get("element", {}),
                f"{block.get('block_id')}/{block.get('element', {}).get('action_id')}",
            )
            if block.get("block_id") == "title":
                form[name] = [f"Direct moment {n}"]
            elif block.get("block_id") in ("stage", "channel"):
                form[name] = [element["options"][0]["value"]]  # the first stage and channel, as in the page
        state = view_state(view.view, form)
        started_at = time.perf_counter()
        self.client.submit(DIRECT, view.id, state)
        return (time.perf_counter() - started_at) * 1000

    # --- a quick add by command --------------------------------------------------------------------------
    def quick_add_in_page(self, n: int) -> float:
        typed = f"/touchpoint add Awareness / Web / Typed in the page {n}"
        shown = (
            "return [...document.querySelectorAll('#feed .message.ephemeral')]"
            f".some(m => m.textContent.includes('Typed in the page {n}'))"
        )
        return self.in_page(
            f"const box = document.querySelector('#say'); box.value = {typed!r}; box.form.requestSubmit()",
            shown,
        )

    def quick_add_direct(self, n: int) -> float:
        started_at = time.perf_counter()
        self.client.say(DIRECT, WORKSHOP, f"/touchpoint add Awareness / Web / Typed straight {n}")
        return (time.perf_counter() - started_at) * 1000


def _row(name: str, page: list[float], direct: list[float]) -> str:
    p50, d50 = statistics.median(page), statistics.median(direct)
    return (
        f"{name:<22}{p50:>9.0f}{_percentile(page, 0.95):>9.0f}{d50:>11.0f}{_percentile(direct, 0.95):>11.0f}"
        f"{(p50 / d50 - 1) * 100:>+10.0f}%"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        running = started(f"sqlite:///{Path(directory) / 'bench.sqlite3'}", Path(directory) / "state.json")
        browser = chromium(Path(directory) / "profile")
        try:
            person = Person(browser, running.url, EMMA.id, WORKSHOP)
            for typed in ("new Benchmark journey", "stage add Awareness / before", "channel add Web", "next"):
                running.client.say(EMMA.id, WORKSHOP, f"/touchpoint {typed}")
            person.wait_board("Step 2 of 4")
            bench = Bench(running, person)
            bench.submit_in_page(0)  # a warm-up
            kinds: list[tuple[str, Callable[[int], float], Callable[[int], float]]] = [
                ("button opens a modal", lambda n: bench.open_in_page(), lambda n: bench.open_direct()),
                ("modal submission", bench.submit_in_page, bench.submit_direct),
                ("quick add", bench.quick_add_in_page, bench.quick_add_direct),
            ]
            print(f"{args.rounds} of each, in the page and straight to the bot, alternately; milliseconds")
            print(f"{'':<22}{'page p50':>9}{'p95':>9}{'direct p50':>11}{'p95':>11}{'page adds':>11}")
            for name, page, direct in kinds:
                in_page, straight = [], []
                for n in range(1, args.rounds + 1):
                    in_page.append(page(n))
                    straight.append(direct(n))
                print(_row(name, in_page, straight))
        finally:
            browser.quit()
            running.stop()


if __name__ == "__main__":
    main()
