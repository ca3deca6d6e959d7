"""A whole workshop over signed HTTP, as three people in one channel, from the first stage to a snapshot: an
English team, a Persian one and an Arabic one, each using the bot in its own language."""

import json
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from bot.i18n import translator
from storage.models import Channel, Evidence, Map, Note, Score, Snapshot, Stage, Touchpoint, Vote
from tests.support.bidi import bare
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB, CAROL, MALLORY, TEAM_ID
from tests.support.slack_driver import option_value

SUPPORT = "C0SUPPORT"


def _count(uow, model) -> int:
    with uow() as session:
        return session.scalar(select(func.count()).select_from(model))


@dataclass(frozen=True)
class Team:
    """What a team types and reads in its language."""

    locale: str | None
    new: str  # what follows `/touchpoint new`
    stages: tuple[str, ...]  # the starter set's four, with the stage typed by hand fourth
    channels: tuple[str, ...]  # website, app, email, and the one typed by hand
    add_channel: str  # the command that adds the last channel
    channel_added: str
    quick_adds: tuple[tuple[str, str], ...]  # the start of a stage's name and of a channel's
    added: str  # how the reply to a quick add starts, for `{n}`
    add: str  # the word for `add`
    board_step: str  # for `{n}`, in the language's digits
    board_counts: str
    contributors: str
    outsider: str


TEAMS = {
    "en": Team(
        None,
        "Checkout journey",
        ("Awareness", "Consideration", "Purchase", "Delivery", "Onboarding"),
        ("Website", "Mobile app", "Email", "Store"),
        "channel add Store",
        "Added the channel “Store”.",
        (("aware", "web"), ("consid", "mob"), ("deliv", "email"), ("onb", "mob"), ("aware", "email")),
        "Added “Moment {n}”",
        "add",
        "Step {n} of 4",
        "20 touchpoints · 10 notes · 5 votes",
        "3 contributors",
        "Only members of this channel can work on its touchpoint map.",
    ),
    "fa": Team(
        "fa-IR",
        "سفر خرید --lang fa",
        ("آگاهی", "بررسی", "خرید", "تحویل", "شروع استفاده"),
        ("وب‌سایت", "اپلیکیشن موبایل", "ایمیل", "فروشگاه"),
        "کانال افزودن فروشگاه",
        "کانال «فروشگاه» اضافه شد.",
        (("آگا", "وب"), ("برر", "اپ"), ("تحو", "ایم"), ("شروع", "اپ"), ("آگا", "ایم")),
        "«Moment {n}» در",
        "افزودن",
        "گام {n} از ۴",
        "۲۰ نقطه تماس · ۱۰ یادداشت · ۵ رأی",
        "۳ مشارکت‌کننده",
        "فقط اعضای این کانال می‌توانند روی نقشه نقاط تماس آن کار کنند.",
    ),
    "ar": Team(
        "ar-SA",
        "--lang ar رحلة الشراء",
        ("الوعي", "الدراسة", "الشراء", "التوصيل", "البدء"),
        ("الموقع الإلكتروني", "تطبيق الجوال", "البريد الإلكتروني", "المتجر"),
        "قناة إضافة المتجر",
        "أُضيفت القناة «المتجر».",
        (("الو", "المو"), ("الد", "تطب"), ("التو", "البر"), ("البد", "تطب"), ("الو", "البر")),
        "أُضيفت «Moment {n}» في",
        "إضافة",
        "الخطوة {n} من ٤",
        "٢٠ نقطة تواصل · ١٠ ملاحظات · ٥ أصوات",
        "٣ مساهمين",
        "لا يعمل على خريطة نقاط التواصل في هذه القناة إلا أعضاؤها.",
    ),
}


@pytest.mark.parametrize("language", TEAMS)
def test_three_people_run_a_whole_workshop(bot, fake_slack, uow, language):
    team = TEAMS[language]
    if team.locale is not None:
        for person in (ALICE, BOB, CAROL, MALLORY):
            fake_slack.person(person).locale = team.locale
    channel = Channelful(bot, fake_slack, uow)
    map_id = channel.new_map(team.new)
    assert bare(channel.board()[1]["text"]["text"]).startswith(
        f"*{team.board_step.format(n=translator(language).number(1))}"
    )

    # Step 1: a starter set (Bob), a stage and a channel by hand (Carol).
    channel.submit(
        "tp_starter_set",
        {
            "stages": ["awareness", "consideration", "purchase", "onboarding"],
            "channels": ["website", "app", "email"],
        },
        user=BOB,
    )
    channel.submit("tp_add_stage", {"name": team.stages[3], "phase": "after", "position": "4"}, user=CAROL)
    assert bare(channel.say(team.add_channel, user=CAROL)["text"]) == team.channel_added
    with uow() as session:
        stages = session.scalars(select(Stage.name).order_by(Stage.position)).all()
    assert tuple(stages) == team.stages
    channel.go_to_step(2)

    # Step 2: 8 touchpoints by modal (Bob), 10 by command (Carol), 2 drafted from messages (Alice).
    for n in range(8):
        view, view_id = channel.open_modal("tp_add_touchpoint", user=BOB)
        answers = {
            "stage": option_value(view, "stage", team.stages[2]),
            "channel": option_value(view, "channel", team.channels[0]),
            "title": f"Checkout step {n + 1}",
            "owner": CAROL,
        }
        assert bot.driver.submit(view, view_id, answers, user=BOB).body == ""
    for n, (stage, lane) in enumerate(team.quick_adds * 2):
        reply = channel.say(f"{team.add} {stage} / {lane} / Moment {n + 1}", user=CAROL)
        assert bare(reply["text"]).startswith(team.added.format(n=n + 1))
    for n, text in enumerate(["Customer: the parcel came late", "Customer: loved the unboxing"]):
        message = {"ts": f"170000001{n}.000100", "user": "U0CUSTOMR", "text": text}
        opened = len(fake_slack.calls_to("views.open"))
        bot.driver.shortcut("tp_add_to_map", message, channel=SUPPORT, user=ALICE)
        call = fake_slack.opened_form(opened)
        draft = bot.driver.submit(
            call.json("view"), call.answer["view"]["id"], {"mode": "new", "polarity": "negative"}
        )
        form = draft.json()["view"]
        answers = {
            "stage": option_value(form, "stage", team.stages[3]),
            "channel": option_value(form, "channel", team.channels[2]),
            "title": text.removeprefix("Customer: "),
        }
        assert bot.driver.submit(form, call.answer["view"]["id"], answers).body == ""
    assert _count(uow, Touchpoint) == 20
    assert _count(uow, Evidence) == 2
    channel.wait_for_board(team.board_counts.split(" · ")[0])
    channel.go_to_step(3)

    # Step 3: the list in a thread; Bob and Carol note, score and vote.
    posted = len(fake_slack.calls_to("chat.postMessage"))
    channel.click("tp_show_analysis", user=CAROL)
    listing = fake_slack.wait_for("chat.postMessage", posted + 2)[posted + 1]
    buttons = [b for b in listing.json("blocks") if b.get("accessory")]
    # Each opens the first touchpoint's form and goes on to the next in the same modal.
    for user, score, count in ((BOB, "-2", 3), (CAROL, "1", 2)):
        opened = len(fake_slack.calls_to("views.open"))
        bot.driver.click([buttons[0]], "tp_analyse", user=user)
        call = fake_slack.opened_form(opened)
        view, view_id = call.json("view"), call.answer["view"]["id"]
        for n in range(count):
            answers = {"positive": "Clear", "negative": "Slow", "score": score, "vote": ["vote"]}
            reply = bot.driver.submit(
                view, view_id, answers | ({} if n < count - 1 else {"next": []}), user=user
            )
            if n < count - 1:
                view = reply.json()["view"]
            else:
                assert reply.body == ""
    assert len(fake_slack.calls_to("views.open")) == opened + 1  # one modal for all of her touchpoints
    assert (_count(uow, Note), _count(uow, Score), _count(uow, Vote)) == (10, 5, 5)
    posted = len(fake_slack.calls_to("chat.postMessage"))
    channel.click("tp_post_summary")
    assert bare(fake_slack.wait_for("chat.postMessage", posted + 2)[posted + 1].args["text"]).startswith("🔥")
    channel.go_to_step(4)

    # Step 4: a snapshot (the summary's messages may still be arriving, so wait for the snapshot's own).
    channel.click("tp_take_snapshot")
    fake_slack.wait_for("chat.postMessage", where=lambda call: "📸" in call.args["text"])
    with uow() as session:
        [snapshot] = session.scalars(select(Snapshot)).all()
        assert (snapshot.version, len(snapshot.data["touchpoints"])) == (1, 20)
        assert session.get(Map, map_id).step == 4
        assert session.scalar(select(func.count()).select_from(Channel)) == 4

    board = bare(
        json.dumps(
            channel.wait_for_board(team.board_step.format(n=translator(language).number(4))),
            ensure_ascii=False,
        )
    )
    assert team.board_counts in board
    assert team.contributors in board
    if language != "en":  # every line of the board's text reads right to left
        texts = [text for block in channel.board() for text in _texts(block)]
        assert texts and all(line.startswith("\u200f") for text in texts for line in text.split("\n"))

    # Nobody else gets in: an outsider, and a request forged with another team's ids.
    stage, lane = team.quick_adds[0]
    assert bare(channel.say(f"{team.add} {stage} / {lane} / Sneaky", user=MALLORY)["text"]) == team.outsider
    forged = channel.driver.command(f"{team.add} {stage} / {lane} / Forged", user=BOB, team="T0FORGED1")
    assert forged.status == 200
    assert _count(uow, Touchpoint) == 20
    with uow() as session:
        assert session.scalars(select(Map.team_id)).all() == [TEAM_ID]


def _texts(node: object) -> list[str]:
    """The text of every text object in a block."""
    if isinstance(node, list):
        return [text for each in node for text in _texts(each)]
    if not isinstance(node, dict):
        return []
    if node.get("type") in ("mrkdwn", "plain_text"):
        return [node["text"]]
    return [text for value in node.values() for text in _texts(value)]
