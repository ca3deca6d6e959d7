"""One sample person at the playground's page in Chromium: they type in the composer, click the board's
buttons, fill modals by their labels' fields, use message menus, and read what the page shows them."""

import time
from collections.abc import Callable

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver import ActionChains, Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select

from tests.support.bidi import bare

TIMEOUT = 30.0


class Person:
    def __init__(self, driver: Chrome, base: str, person: str, at: str) -> None:
        self.driver = driver
        self.person = person
        driver.get(f"{base}#as={person}&at={at}")
        self.until(lambda: self.driver.find_elements(By.CSS_SELECTOR, "#feed > *"), "the page never drew")

    # --- waiting -----------------------------------------------------------------------------------------
    def until(self, check: Callable[[], object], what: str, timeout: float = TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            try:
                found = check()
            except (StaleElementReferenceException, WebDriverException, IndexError):
                found = None  # the page redrew under us: look again
            if found:
                return found
            if time.monotonic() > deadline:
                self.driver.save_screenshot(f"/tmp/touchpoint-browser-{self.person}.png")
                raise AssertionError(f"{what} (screenshot: /tmp/touchpoint-browser-{self.person}.png)")
            time.sleep(0.05)

    def css(self, selector: str, root: WebElement | None = None) -> list[WebElement]:
        return (root or self.driver).find_elements(By.CSS_SELECTOR, selector)

    # --- the conversation ------------------------------------------------------------------------------
    def go(self, name: str) -> None:
        """Open a channel, or the app, from the sidebar by the name shown."""
        link = self.until(
            lambda: next(
                (a for a in self.css("#sidebar a") if a.text.strip().lstrip("#").strip() == name), None
            ),
            f"no {name} in the sidebar",
        )
        link.click()
        self.until(lambda: name in self.css("#pane-header h1")[0].text, f"{name} never opened")

    def type(self, text: str) -> None:
        box = self.css("#say")[0]
        box.send_keys(text)
        box.send_keys(Keys.ENTER)

    def command_menu(self, typed: str) -> str:
        """What Slack's command menu shows while `typed` is in the composer (then the composer is cleared)."""
        box = self.css("#say")[0]
        box.send_keys(typed)
        menu = self.until(lambda: self.css("#commands:not([hidden])"), "the command menu never showed")[0]
        shown = menu.text
        box.send_keys(Keys.CONTROL, "a", Keys.DELETE)
        return shown

    def messages(self, where: str = "#feed") -> list[WebElement]:
        return self.css(f"{where} .message")

    def feed_text(self) -> str:
        return bare(self.css("#feed")[0].text)

    def wait_for_text(self, text: str, where: str = "#feed") -> None:
        self.until(lambda: text in bare(self.css(where)[0].text), f"{text!r} never showed in {where}")

    def board(self) -> WebElement:
        """The latest message with the board's buttons."""

        def latest() -> WebElement | None:
            steps = "[data-action-id=tp_next_step], [data-action-id=tp_previous_step]"
            boards = [m for m in self.messages() if self.css(steps, m)]
            return boards[-1] if boards else None

        return self.until(latest, "no board in the channel")

    def board_text(self) -> str:
        return bare(self.board().text)

    def wait_board(self, text: str) -> str:
        return self.until(
            lambda: text in self.board_text() and self.board_text(), f"the board never showed {text!r}"
        )

    def wait_ephemeral(self, text: str) -> str:
        """The latest message only this person sees, once it says `text`."""

        def said() -> str | None:
            latest = ([bare(m.text) for m in self.css("#feed .message.ephemeral")] or [""])[-1]
            return latest if text in latest else None

        return self.until(said, f"no message only for {self.person} saying {text!r}")

    def click(self, action_id: str, where: str | None = None) -> None:
        """Click the button `action_id` on the board (or in the region `where`), confirming if it asks. The
        page redraws a message when the bot updates it, and a click on a message being redrawn does
        nothing: as a person would, click again until the page has sent the action."""

        def clicked() -> bool:
            region = self.css(where)[0] if where else self.board()
            buttons = self.css(f"button[data-action-id={action_id}]", region)
            if not buttons:
                return False
            sent = self.driver.execute_script("return page.sent")
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[-1])
            asks = buttons[-1].get_attribute("data-confirm")
            buttons[-1].click()
            if asks:
                self._confirm()
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline:
                if self.driver.execute_script("return page.sent") > sent:
                    return True
                time.sleep(0.05)
            return False

        self.until(clicked, f"no {action_id} button")

    def _confirm(self) -> WebElement:
        yes = self.until(
            lambda: self.css("#confirm:not([hidden]) .confirm-box button:last-child"), "no confirm"
        )
        yes[0].click()
        return yes[0]

    def images(self) -> list[WebElement]:
        """The map pictures shown in the channel, loaded."""
        return [
            img
            for img in self.css("#feed .files img")
            if self.driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img)
        ]

    def message_menu(self, text: str, item: str) -> None:
        """Open the "more actions" menu of the message saying `text`, and choose `item`."""

        def chosen() -> bool:
            message = next((m for m in self.messages() if text in bare(m.text)), None)
            if message is None:
                return False
            ActionChains(self.driver).move_to_element(message).perform()
            self.css(".more > button", message)[0].click()
            choice = next((b for b in self.css(".more menu button", message) if item in b.text), None)
            if choice is None:
                return False
            choice.click()
            return True

        self.until(chosen, f"no {item!r} in the menu of the message {text!r}")

    def open_thread(self) -> WebElement:
        """Open the latest thread in the channel from its message's "replies" link."""

        def opened() -> WebElement | None:
            links = self.css("#feed .message .replies")
            if links:
                links[-1].click()
            return (self.css("#thread:not([hidden])") or [None])[0]

        return self.until(opened, "no thread to open")

    def fire_next(self) -> str:
        self.css("#fire-next")[0].click()
        return self.until(
            lambda: self.css("#clock-note")[0].text not in ("", "…") and self.css("#clock-note")[0].text,
            "the clock never answered",
        )

    # --- modals -----------------------------------------------------------------------------------------
    def modal(self) -> WebElement:
        return self.until(lambda: self.css("#modal:not([hidden]) form.bk-modal"), "no modal opened")[0]

    def modal_title(self) -> str:
        return bare(self.css(".bk-modal-title", self.modal())[0].text)

    def labels(self) -> list[str]:
        return [bare(label.text) for label in self.css(".bk-label", self.modal())]

    def fill(
        self, field: str, value: str | list[str], within: Callable[[], WebElement] | None = None
    ) -> None:
        """Answer the modal's input block `field` (or the one in `within`, a form sent as a message): type
        in a text box, choose an option by its label's start (or value), tick radio buttons or boxes by
        their value; search an external select."""
        block = self.until(lambda: self.css(_field(field), (within or self.modal)()), f"no field {field}")[0]
        external = self.css("[data-type=external_select]", block)
        if external:
            search = self.css("input[type=search]", external[0])[0]
            search.click()
            search.send_keys(value)
            select = self.css("select", external[0])[0]
            self.until(
                lambda: any(value in bare(o.text) for o in Select(select).options), f"{value!r} never offered"
            )
            return self._choose(Select(select), value)
        ticks = self.css("input[type=radio], input[type=checkbox]", block)
        if ticks:
            for tick in ticks:
                if tick.get_attribute("value") in ([value] if isinstance(value, str) else value):
                    self.driver.execute_script("arguments[0].click()", tick)
            return None
        selects = self.css("select", block)
        if selects:
            return self._choose(Select(selects[0]), value)
        box = self.css("input, textarea", block)[0]
        box.clear()
        box.send_keys(value)

    def _choose(self, select: Select, value: str | list[str]) -> None:
        for wanted in [value] if isinstance(value, str) else value:
            option = next(
                (
                    o
                    for o in select.options
                    if o.get_attribute("value") == wanted or bare(o.text).startswith(wanted)
                ),
                None,
            )
            assert option is not None, f"{wanted!r} not among {[bare(o.text) for o in select.options]}"
            select.select_by_value(option.get_attribute("value"))

    def submit(self) -> None:
        """Submit the modal and wait until it closes or changes (an update, or errors under its inputs)."""
        modal = self.modal()
        view = self.css("#modal [data-view]")[0].get_attribute("data-view")
        before = modal.get_attribute("innerHTML")
        self.css("[data-modal=submit]", modal)[0].click()

        def answered() -> bool:
            refused = self.css("#alerts .notice")
            assert not refused, f"the page says: {refused[0].text}"
            shown = self.css("#modal:not([hidden]) [data-view]")
            if not shown:
                return True
            return (
                shown[0].get_attribute("data-view") != view
                or self.css("#modal form")[0].get_attribute("innerHTML") != before
            )

        self.until(answered, "the modal never answered")

    def close_modal(self) -> None:
        self.until(lambda: self.css("[data-modal=close]", self.modal())[0].click() or True, "no close button")
        self.modal_closed()

    def field_value(self, field: str) -> str:
        return self.until(
            lambda: bare(
                self.css(_field(field, " input", " textarea"), self.modal())[0].get_attribute("value")
            ),
            f"no {field} field",
        )

    def modal_text(self) -> str:
        return self.until(lambda: bare(self.modal().text), "no modal")

    def modal_closed(self) -> None:
        self.until(lambda: not self.css("#modal:not([hidden])"), "the modal never closed")

    def errors(self) -> list[str]:
        return [bare(e.text) for e in self.css(".bk-error", self.modal())]


def _field(name: str, *inside: str) -> str:
    """A selector of the input block `name`, or of one whose block id names what it is about
    (`positive.12`); of the elements `inside` it (descendant selectors) if any."""
    blocks = (f"fieldset[data-block-id='{name}']", f"fieldset[data-block-id^='{name}.']")
    return ", ".join(block + each for block in blocks for each in inside or ("",))
