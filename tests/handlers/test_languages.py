"""A map's language over signed HTTP: chosen with --lang or from the creator's Slack locale, changed by a
facilitator; commands in Persian and Arabic words and digits; each person's replies in their own locale;
right-to-left text that keeps its order when laid out."""

import json

import pytest
from sqlalchemy import select

from bot.i18n import translator
from storage.models import Map, Stage, Touchpoint
from tests.support.bidi import bare, read_right_to_left
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, BOB


def _language(uow, map_id: int) -> str:
    with uow() as session:
        return session.scalar(select(Map.language).where(Map.id == map_id))


def _stages(uow) -> list[str]:
    with uow() as session:
        return list(session.scalars(select(Stage.name).order_by(Stage.position)))


def test_lang_flag_posts_a_persian_board_and_persian_subcommands_work(bot, fake_slack, uow):
    fake_slack.person(ALICE).locale = "fa-IR"
    channel = Channelful(bot, fake_slack, uow)
    map_id = channel.new_map("سفر خرید --lang fa")
    assert _language(uow, map_id) == "fa"
    with uow() as session:
        assert session.scalar(select(Map.title).where(Map.id == map_id)) == "سفر خرید"
    board = bare(json.dumps(channel.board(), ensure_ascii=False))
    assert "گام ۱ از ۴: خط زمانی" in board and "افزودن مرحله" in board and "۰ مرحله" in board

    reply = channel.say("مرحله افزودن آگاهی")
    # Each line starts with RLM; what the person typed is isolated (FSI … PDI).
    assert reply["text"] == "\u200fمرحله «\u2068آگاهی\u2069» اضافه شد."
    channel.say("مرحله افزودن خرید / هنگام / ۱")
    assert _stages(uow) == ["خرید", "آگاهی"]
    channel.wait_for_board("۲ مرحله")


def test_a_creator_whose_slack_speaks_arabic_gets_an_arabic_map(bot, fake_slack, uow):
    fake_slack.person(ALICE).locale = "ar-SA"
    channel = Channelful(bot, fake_slack, uow)
    map_id = channel.new_map("--lang=ar رحلة الشراء")
    assert _language(uow, map_id) == "ar"
    assert "إضافة مرحلة" in json.dumps(channel.board(), ensure_ascii=False)

    second = Channelful(bot, fake_slack, uow)
    other = second.new_map("رحلة الدعم")
    assert _language(uow, other) == "ar"
    info = fake_slack.calls_to("users.info")[-1].args
    assert info["user"] == ALICE and info["include_locale"] in ("true", "1", True)


def test_an_english_reader_gets_errors_in_english_on_a_persian_map(bot, fake_slack, uow):
    fake_slack.person(BOB).locale = "en-GB"
    fake_slack.person(ALICE).locale = "fa-IR"
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map("Checkout --lang fa")  # looks Alice up: Persian from now on, even in the ack
    reply = channel.say("next", user=BOB)
    assert reply["text"] == "Only the map's facilitators can do that."
    channel.say("قناة إضافة الموقع", user=ALICE)
    assert channel.say("votes many", user=ALICE)["text"] == (
        "\u200fتعداد رأی‌ها را بنویسید، مثلاً `/touchpoint votes 3`."
    )


def test_a_facilitator_changes_the_language_and_the_board_follows(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    map_id = channel.new_map("Checkout")
    assert _language(uow, map_id) == "en"
    reply = channel.say("language ar")
    assert reply["text"] == "The map now speaks Arabic."
    assert _language(uow, map_id) == "ar"
    channel.wait_for_board("إضافة مرحلة")
    assert channel.say("زبان fa", user=BOB)["text"] == "Only the map's facilitators can do that."
    assert channel.say("language xx")["text"].startswith("Choose a language: en, fa, ar")


def test_numbers_in_persian_and_arabic_digits(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map("Checkout --lang fa")
    assert channel.say("votes ۵")["text"] == "Each person now has 5 votes."
    assert channel.say("أصوات ٢")["text"] == "Each person now has 2 votes."
    channel.say("stage add Awareness")
    channel.say("stage add Purchase / during / ١")
    assert _stages(uow) == ["Purchase", "Awareness"]
    channel.say("stage move Purchase / ۲")
    assert _stages(uow) == ["Awareness", "Purchase"]


@pytest.mark.parametrize(
    "lang, locale, added, holds",
    [
        (
            "fa",
            "fa-IR",
            ["Receipt ۳", "در", "Checkout", "×", "Email", "اضافه"],
            ["Checkout", "۳", "نقطه", "تماس"],
        ),
        (
            "ar",
            "ar-EG",
            ["أُضيفت", "Receipt ۳", "في", "Checkout", "×", "Email"],
            ["Checkout", "مرحلة", "تضم", "٣", "نقاط"],
        ),
    ],
)
def test_latin_names_and_numbers_keep_their_order_in_right_to_left_text(
    bot, fake_slack, uow, lang, locale, added, holds
):
    """Laid out by the Unicode bidi algorithm with its paragraph direction found from the text, as a client
    would, each line reads in the order it was written: without the isolates, «Checkout × Email» would be one
    left-to-right run, Email read first, and a count after a Latin name would jump before it."""
    fake_slack.person(ALICE).locale = locale
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map(f"Checkout --lang {lang}")
    channel.say("stage add Checkout")
    channel.say("channel add Email")
    for title in ("Receipt ۱", "Receipt ۲", "Receipt ۳"):
        reply = channel.say(f"add Checkout / Email / {title}")["text"]
    assert reply.startswith("\u200f") and "\u2068Receipt ۳\u2069" in reply
    assert read_right_to_left(reply, *reversed(added)) == added

    confirm = channel.say("stage remove Checkout")
    [line] = confirm["blocks"][0]["text"]["text"].split("\n")
    assert line.startswith("\u200f") and read_right_to_left(line, *reversed(holds)) == holds

    board = channel.wait_for_board(translator(lang).number(3))
    assert board[0]["text"]["text"] == "\u200fCheckout"  # the header: the map's title, read right to left
    assert board[1]["text"]["text"].startswith("\u200f*")  # RLM before the bold marker, not inside it


def test_a_change_by_someone_whose_language_is_known_is_answered_in_its_ack(bot, fake_slack, uow):
    fake_slack.person(ALICE).locale = "ar-SA"
    channel = Channelful(bot, fake_slack, uow)
    channel.new_map("رحلة الشراء")  # looks up Alice's locale
    channel.say_each("stage add Visit", "channel add Web")
    replies = len(fake_slack.responses)

    added = bot.driver.command("add Visit / Web / بحث في الموقع", user=ALICE)
    wrong = bot.driver.command("add Nowhere / Web / Lost", user=ALICE)

    assert (
        added.json()["text"]
        == "\u200fأُضيفت «\u2068بحث في الموقع\u2069» في \u2068Visit\u2069 × \u2068Web\u2069."
    )
    assert wrong.json()["response_type"] == "ephemeral"
    assert wrong.json()["text"] == (
        "\u200fلا توجد \u2068مرحلة\u2069 باسم «\u2068Nowhere\u2069». الخيارات هي: \u2068Visit\u2069."
    )
    assert len(fake_slack.responses) == replies  # nothing more through the response_url
    with uow() as session:
        assert session.scalars(select(Touchpoint.title)).all() == ["بحث في الموقع"]
    channel.wait_for_board("نقطة تواصل واحدة")  # refreshed in the background
