"""Screenshots of the playground for the README, taken from a real Chromium: run by hand from the repository,

    python docs/screenshots.py            # docs/playground-en.png, -fa.png and -ar.png
    python docs/screenshots.py --inputs   # docs/inputs-<what>-<lang>.png: the forms' pickers, the Home tab

Each language gets its own `touchpoint-bot playground --demo --lang …` in a scratch directory (the demo map
in that language, at step 3, its board and picture posted), seen by its sample person. Needs the `test`
extra (Selenium) and Debian's chromium and chromium-driver.
"""

import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

from selenium.webdriver.remote.webdriver import WebDriver

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.playground.people import FIRST_PERSON, WORKSHOP  # noqa: E402
from tests.browser.conftest import chromium  # noqa: E402
from tests.support.process import CLI, clean_env, free_port  # noqa: E402


def _serving(port: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urlopen(f"http://127.0.0.1:{port}/play/screen", timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def _playground(language: str) -> Iterator[tuple[int, WebDriver]]:
    """A demo playground in `language` on a free port, and a Chromium sized for the README, both stopped
    afterwards."""
    with tempfile.TemporaryDirectory() as scratch:
        port = free_port()
        command = [CLI, "playground", "--demo", "--lang", language, "--port", str(port)]
        with (Path(scratch) / "playground.log").open("w") as log:
            server = subprocess.Popen(command, cwd=scratch, env=clean_env(), stdout=log, stderr=log)
        try:
            _serving(port)
            browser = chromium(Path(scratch) / "profile")
            try:
                browser.set_window_size(1440, 1000)
                yield port, browser
            finally:
                browser.quit()
        finally:
            server.terminate()
            server.wait(timeout=60)


def shoot(language: str, out: Path) -> None:
    with _playground(language) as (port, browser):
        browser.get(f"http://127.0.0.1:{port}/#as={FIRST_PERSON[language]}&at={WORKSHOP}")
        deadline = time.monotonic() + 60
        while not browser.execute_script(
            "const img = document.querySelector('#feed .files img');"
            "return img !== null && img.complete && img.naturalWidth > 0"
        ):
            assert time.monotonic() < deadline, "the map picture never showed"
            time.sleep(0.2)
        # The board at the top of the conversation, the map's picture under it.
        browser.execute_script("document.querySelector('#feed .message').scrollIntoView()")
        time.sleep(0.5)
        browser.save_screenshot(str(out))
    print(f"wrote {out.relative_to(ROOT)}")


def shoot_inputs(language: str, out: Path) -> None:
    """The inputs Slack offers now, as the playground draws them: the deadline's date-time picker, the
    reminder's menu and time picker, a stage's number input, and the Home tab's buttons."""
    from tests.browser.person import Person

    with _playground(language) as (port, browser):
        me = Person(browser, f"http://127.0.0.1:{port}/", FIRST_PERSON[language], WORKSHOP)

        def modal(name: str) -> None:
            me.modal()
            time.sleep(0.5)
            browser.save_screenshot(str(out / f"inputs-{name}-{language}.png"))
            me.close_modal()

        me.until(lambda: me.css("#feed .bk-image img"), "the board never showed the map")
        browser.execute_script("document.querySelector('#feed .message').scrollIntoView()")
        time.sleep(0.5)
        browser.save_screenshot(str(out / f"inputs-board-{language}.png"))
        me.type("/touchpoint deadline")
        me.click("tp_set_deadline", "#feed")
        modal("deadline")
        me.type("/touchpoint next")
        me.click("tp_set_reminder")
        modal("reminder")
        me.type("/touchpoint new Onboarding")
        me.click("tp_add_stage")
        modal("stage")
        me.css("#sidebar a[data-at=home]")[0].click()  # the app: its Home tab
        me.until(lambda: me.css("[data-action-id=tp_open_channel]"), "the Home tab never showed")
        time.sleep(0.5)
        browser.save_screenshot(str(out / f"inputs-home-{language}.png"))
    print(f"wrote {out.relative_to(ROOT)}/inputs-*-{language}.png")


if __name__ == "__main__":
    if "--inputs" in sys.argv:
        for language in [each for each in sys.argv[1:] if each != "--inputs"] or ["en", "fa", "ar"]:
            shoot_inputs(language, ROOT / "docs")
    else:
        for language in sys.argv[1:] or ["en", "fa", "ar"]:
            shoot(language, ROOT / "docs" / f"playground-{language}.png")
