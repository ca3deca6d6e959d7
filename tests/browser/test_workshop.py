"""Two sample people walk a map through all four steps in the playground's page, in a real Chromium, in
English and in Persian: a new map, stages and channels by modal and by command, touchpoints by modal, by
`/touchpoint add` and by the message shortcut, a blind analysis with votes, the summary, an improvement,
a snapshot, and a revisit reminder fired with the clock control. What is checked is what the people see:
the board's text, the map picture shown, the modals' inputs, the messages only they see."""

from dataclasses import dataclass

import pytest

from bot.i18n import translator
from bot.method.steps import STEPS
from bot.playground.client import APP
from bot.playground.people import EMMA, LAYLA, MARCUS, SARA, WORKSHOP
from tests.browser.person import Person
from tests.support.bidi import bare


@dataclass(frozen=True)
class Walk:
    """What two people type and choose, in their language."""

    language: str
    facilitator: str  # starts the map
    colleague: str
    title: str
    new: str  # after /touchpoint
    stage: str  # by modal, before purchase
    stage_command: str  # adds `purchase`, during purchase
    purchase: str
    channel: str  # by modal
    channel_command: str  # adds `email`
    email: str
    touchpoint: str  # by modal, on purchase × channel
    quick_add: str  # adds `newsletter` on stage × email
    newsletter: str
    quote: str  # the start of the customer quote the shortcut keeps
    note_plus: str
    note_minus: str
    improvement: str
    zone: str


WALKS = {
    "en": Walk(
        "en", EMMA.id, MARCUS.id, "Checkout journey", "new Checkout journey",
        "Awareness", "stage add Purchase / during", "Purchase",
        "Website", "channel add Email", "Email",
        "Checkout page", "add Awareness / Email / Newsletter", "Newsletter",
        "Customer call", "Clear prices", "Slow to load", "Keep the card form after a reload", "Europe/London",
    ),
    "fa": Walk(
        "fa", SARA.id, LAYLA.id, "سفر خرید", "new سفر خرید --lang fa",
        "آگاهی", "مرحله افزودن خرید / هنگام", "خرید",
        "وب‌سایت", "کانال افزودن ایمیل", "ایمیل",
        "صفحهٔ پرداخت", "افزودن آگاهی / ایمیل / خبرنامه", "خبرنامه",
        "تماس مشتری", "قیمت‌ها روشن است", "کند است", "فرم کارت پس از بارگذاری بماند", "Asia/Tehran",
    ),
}  # fmt: skip


def heading(language: str, number: int) -> str:
    """The board's step heading, as its people read it."""
    t = translator(language)
    return bare(t("*Step {number} of 4: {name}*", number=number, name=t(STEPS[number - 1].name))).strip("*")


@pytest.mark.parametrize("language", WALKS)
def test_two_people_walk_a_map_through_all_four_steps_in_the_page(playground, browsers, language):
    walk = WALKS[language]
    t = translator(language)
    lead = Person(browsers(), playground.url, walk.facilitator, WORKSHOP)
    mate = Person(browsers(), playground.url, walk.colleague, WORKSHOP)

    # The composer shows the command's usage hint as Slack does, from app.yaml.
    assert APP.usage_hint in lead.command_menu("/touch")

    # Step 1: a new map; a stage and a channel by modal, a stage and a channel by command.
    lead.type(f"/touchpoint {walk.new}")
    assert heading(language, 1) in lead.wait_board(walk.title)
    mate.wait_board(walk.title)

    mate.click("tp_add_stage")
    assert mate.modal_title() and len(mate.labels()) == 3  # name, phase, position
    mate.fill("name", walk.stage)
    mate.fill("phase", "before")
    mate.submit()
    mate.modal_closed()
    lead.type(f"/touchpoint {walk.stage_command}")
    lead.click("tp_add_channel")
    lead.fill("name", walk.channel)
    lead.submit()
    lead.modal_closed()
    mate.type(f"/touchpoint {walk.channel_command}")
    counts = (
        bare(t.plural("{count} stage", "{count} stages", 2)),
        bare(t.plural("{count} channel", "{count} channels", 2)),
    )
    for count in counts:
        lead.wait_board(count)
    lead.click("tp_next_step")
    lead.wait_board(heading(language, 2))

    # Step 2: a touchpoint by modal, one by /touchpoint add, one drafted from a customer quote.
    mate.click("tp_add_touchpoint")
    mate.fill("stage", walk.purchase)
    mate.fill("channel", walk.channel)
    mate.fill("title", walk.touchpoint)
    mate.submit()
    mate.modal_closed()
    lead.type(f"/touchpoint {walk.quick_add}")
    lead.wait_ephemeral(walk.newsletter)  # the quick add is answered to who typed it
    mate.go("customer-support")
    mate.message_menu(walk.quote, "Add to touchpoint map")
    mate.fill("mode", "new")
    mate.fill("polarity", "negative")
    mate.submit()  # the modal turns into a new touchpoint's form, drafted from the quote
    assert walk.quote in bare(
        mate.css("[data-block-id=title] input, [data-block-id=title] textarea", mate.modal())[
            0
        ].get_attribute("value")
    )
    mate.fill("stage", walk.stage)
    mate.fill("channel", walk.email)
    mate.submit()
    mate.modal_closed()
    mate.go("onboarding-journey")
    lead.wait_board(bare(t.plural("{count} touchpoint", "{count} touchpoints", 3)))
    lead.click("tp_next_step")
    lead.wait_board(heading(language, 3))

    # Step 3: blind analysis; the colleague notes, scores and votes; the facilitator can't see it until
    # revealed; then the summary.
    lead.click("tp_go_blind")
    lead.click("tp_show_analysis")
    mate.open_thread()
    mate.click("tp_analyse", where="#thread")
    mate.fill("positive", walk.note_plus)
    mate.fill("negative", walk.note_minus)
    mate.fill("score", "-1")
    mate.fill("vote", "vote")
    mate.submit()
    mate.modal_closed()
    lead.wait_board(bare(t.plural("{count} vote", "{count} votes", 1)))
    lead.open_thread()
    lead.click("tp_analyse", where="#thread")
    assert walk.note_minus not in lead.modal_text()  # blind: only one's own notes
    lead.close_modal()
    lead.click("tp_reveal")
    lead.click("tp_analyse", where="#thread")
    lead.until(lambda: walk.note_minus in lead.modal_text(), "the revealed notes never showed")
    lead.fill("score", "-2")
    lead.submit()
    lead.modal_closed()
    lead.click("tp_post_summary")
    mate.wait_for_text(walk.touchpoint)
    mate.until(lambda: "🔥" in mate.feed_text(), "the summary's top pain never showed")
    lead.click("tp_next_step")
    lead.wait_board(heading(language, 4))

    # Step 4: an improvement (its touchpoint found by typing), a snapshot, a revisit reminder the clock fires.
    mate.click("tp_add_improvement")
    mate.fill("touchpoint", walk.touchpoint[:4])
    mate.fill("action", walk.improvement)
    mate.fill("owner", walk.colleague)
    mate.submit()
    mate.modal_closed()
    lead.wait_board(bare(t.plural("{count} improvement", "{count} improvements", 1)))
    lead.click("tp_take_snapshot")
    lead.until(lambda: "📸" in lead.feed_text(), "the snapshot was never announced")
    lead.click("tp_set_reminder")
    lead.fill("schedule", "every monday")  # at 09:00, the time picker's first time
    lead.fill("timezone", walk.zone)
    lead.submit()
    lead.modal_closed()
    pictures = len(mate.images())
    assert "Fired" in lead.fire_next()
    mate.until(lambda: len(mate.images()) > pictures, "the revisit reminder never showed the map")
    mate.wait_board(heading(language, 4))  # read while the page may be redrawing the board
    mate.wait_board(bare(t.plural("{count} snapshot", "{count} snapshots", 1)))
