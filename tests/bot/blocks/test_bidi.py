"""Bidi-safe Slack text: in Persian and Arabic, each line starts with RLM and typed text is isolated, outside
mrkdwn's markers and links; English stays exactly as it was."""

import json

from bot.blocks.board import board_message
from bot.blocks.kit import bidi_safe, directed, option, plain
from bot.blocks.mrkdwn import mention
from bot.gateway import Message
from bot.i18n import translator
from bot.workshop.board import Board
from storage.repositories import MapCounts
from tests.support.bidi import bare, read_right_to_left

RLM, FSI, PDI = "\u200f", "\u2068", "\u2069"


def _board(language: str, title: str = "Checkout") -> Board:
    counts = MapCounts(stages=3, channels=1, touchpoints=3, notes=0, votes=0, analysed=0, improvements=0)
    return Board(7, title, language, 2, False, ["U1"], ["U1", "U2"], counts)


def test_typed_text_is_isolated_outside_markers_and_links_and_numbers_are_in_persian_digits():
    fa = translator("fa")
    assert fa.format("*{title}* · {person} · {count}", title="Checkout", person=mention("U1"), count=3) == (
        f"{FSI}*Checkout*{PDI} · {FSI}<@U1>{PDI} · ۳"
    )
    assert translator("en").format("*{title}* · {person}", title="Checkout", person="<@U1>") == (
        "*Checkout* · <@U1>"
    )


def test_each_line_starts_with_rlm_before_any_marker_once():
    fa = translator("fa")
    assert directed("*Step*\n\n<@U1> and more", fa) == f"{RLM}*Step*\n\n{RLM}<@U1> and more"
    assert directed(directed("a\nb", fa), fa) == directed("a\nb", fa)
    assert directed("*Step*\nmore", translator("en")) == "*Step*\nmore"


def test_english_messages_are_unchanged():
    message = board_message(_board("en"), translator("en"))
    sent = json.dumps(message.blocks, ensure_ascii=False)
    assert bare(sent) == sent
    assert bidi_safe(message, translator("en")) is message


def test_a_persian_board_reads_right_to_left_with_its_latin_title_in_place():
    message = board_message(_board("fa"), translator("fa"))
    assert message.text.startswith(RLM) and message.blocks[0]["text"]["text"] == RLM + "Checkout"
    step_line = message.blocks[2]["text"]["text"].split("\n")[1]  # ▶️ *۲. touchpoints* · ۳ touchpoints
    assert step_line.startswith(RLM + "▶️ *")
    assert read_right_to_left(step_line, "۲", "نقاط", "۳", "نقطه") == ["۲", "نقاط", "۳", "نقطه"]


def test_texts_at_slacks_limit_are_shortened_to_leave_room_for_the_mark():
    title = "x" * 150
    message = bidi_safe(Message(title, [{"type": "header", "text": plain(title)}]), translator("ar"))
    assert message.blocks[0]["text"]["text"] == RLM + "x" * 148 + "…"
    menu = bidi_safe({"options": [option("y" * 80, "1")]}, translator("ar"))
    assert len(menu["options"][0]["text"]["text"]) == 75
