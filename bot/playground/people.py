"""The playground's sample workspace: four people with their own names, Slack locales and time zones (one
a workspace admin), a channel the bot is in, one it isn't, and a few messages to start from."""

from bot.playground.workspace import Person, Team, Workspace

TEAM_ID = "T0PLAYGRND"
BOT_USER = "U0TOUCHPT"
BOT_TOKEN = "xoxb-playground-touchpoint"
WORKSHOP = "C0JOURNEY1"  # the bot is in it
SUPPORT = "C0SUPPORT1"  # the bot isn't, until someone types /invite @Touchpoint

EMMA = Person(
    "U0EMMA001", TEAM_ID, "Emma", "Emma Clarke", "en-GB", "Europe/London", admin=True, title="Head of CX"
)
MARCUS = Person(
    "U0MARCUS1", TEAM_ID, "Marcus", "Marcus Reed", "en-US", "America/New_York", title="Product manager"
)
SARA = Person("U0SARA001", TEAM_ID, "سارا", "سارا رضایی", "fa-IR", "Asia/Tehran", title="پژوهشگر تجربه کاربر")
LAYLA = Person(
    "U0LAYLA01", TEAM_ID, "ليلى", "ليلى الحربي", "ar-SA", "Asia/Riyadh", title="مديرة خدمة العملاء"
)
PEOPLE = (EMMA, MARCUS, SARA, LAYLA)
FIRST_PERSON = {"en": EMMA.id, "fa": SARA.id, "ar": LAYLA.id}  # who you are at first, by --lang

# What the support channel already holds: customer quotes to keep as evidence with the message shortcut.
QUOTES = (
    (MARCUS.id, "Customer call: “The card form cleared itself when I mistyped my postcode, so I gave up.”"),
    (SARA.id, "تماس مشتری: «کد تخفیف را در صفحهٔ پرداخت پیدا نکردم و خرید را نیمه‌کاره رها کردم.»"),
    (LAYLA.id, "رسالة عميل: «وصلني بريد تأكيد الطلب بعد ساعة كاملة، فظننت أن الدفع فشل.»"),
    (EMMA.id, "Chat transcript: “Tracking said delivered, but nothing came. Support answered within 2 min.”"),
)


def sample_workspace() -> Workspace:
    space = Workspace()
    space.add_team(Team(TEAM_ID, "Touchpoint playground", "touchpoint-playground", BOT_USER), BOT_TOKEN)
    for person in PEOPLE:
        space.people[person.id] = Person(**vars(person))
    everyone = {p.id for p in PEOPLE}
    space.add_channel(WORKSHOP, TEAM_ID, "onboarding-journey", {*everyone, BOT_USER})
    space.add_channel(SUPPORT, TEAM_ID, "customer-support", everyone)
    return space
