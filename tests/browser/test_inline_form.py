"""When Slack is too busy to open a modal (its budget for views.open spent, as when a whole room clicks at
once), the form comes as a message only the person sees, in their language, right to left in Persian and
Arabic: they fill it in in the channel, press its *Save*, and the board counts the touchpoint."""

import pytest
from selenium.webdriver.remote.webelement import WebElement

from bot.blocks.ids import Action
from bot.i18n import translator
from bot.playground.people import EMMA, LAYLA, SARA, WORKSHOP
from bot.playground.standin import Failure
from tests.browser.person import Person
from tests.support.bidi import bare

PEOPLE = {"en": EMMA.id, "fa": SARA.id, "ar": LAYLA.id}


@pytest.mark.parametrize("language", PEOPLE)
def test_a_form_slack_is_too_busy_to_open_comes_as_a_message_and_saves(playground, browsers, language):
    t = translator(language)
    person = Person(browsers(), playground.url, PEOPLE[language], WORKSHOP)
    for command in ("new Onboarding --lang " + language, "stage add Apply", "channel add Email", "next"):
        person.type(f"/touchpoint {command}")
    person.until(
        lambda: person.css(f"button[data-action-id={Action.ADD_TOUCHPOINT}]", person.board()), "no step 2"
    )

    playground.slack.fail(
        "views.open", Failure(status=429, error="ratelimited", headers={"Retry-After": "30"})
    )
    person.click(Action.ADD_TOUCHPOINT)

    def form() -> WebElement:
        saves = person.css(f"#feed .message.ephemeral button[data-action-id={Action.INLINE_SAVE}]")
        return saves[-1].find_element("xpath", "./ancestor::form")

    person.until(form, "the form never came as a message")
    assert bare(t("Add a touchpoint")) in bare(form().text)
    person.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", form())
    person.driver.save_screenshot(f"/tmp/touchpoint-inline-form-{language}.png")
    person.fill("stage", "Apply", within=form)
    person.fill("channel", "Email", within=form)
    person.fill("title", "Offer letter", within=form)
    person.click(Action.INLINE_SAVE, where="#feed")
    person.wait_ephemeral(bare(t("Saved.")))
    person.wait_board(bare(t.plural("{count} touchpoint", "{count} touchpoints", 1)))
    person.driver.save_screenshot(f"/tmp/touchpoint-inline-saved-{language}.png")
