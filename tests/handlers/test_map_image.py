"""The map's picture in Slack: posted after the ack with alt text, drawn once per state, in each view."""

import json
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select, update

from storage.models import Map, MapImage, Touchpoint
from tests.support.channel import Channelful
from tests.support.fake_slack import BOB, CAROL

PNG = b"\x89PNG\r\n\x1a\n"


def _workshop(channel: Channelful) -> None:
    channel.new_map("Checkout journey")
    channel.say_each(
        "stage add Awareness",
        "stage add Purchase / during",
        "channel add Website",
        "persona add First-time buyer",
        "add Awareness / Website / Ad",
        "add Purchase / Website / Pay",
    )
    with channel.uow() as session:  # Carol owns a touchpoint: her name goes on its card
        session.execute(update(Touchpoint).where(Touchpoint.title == "Pay").values(owner_id=CAROL))


def _shared(fake_slack, count: int) -> list:
    return fake_slack.wait_for("files.completeUploadExternal", count, timeout=60)


def test_show_map_uploads_a_png_with_alt_text_and_draws_each_state_once(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop(channel)
    channel.click("tp_show_map", user=BOB)
    [shared] = _shared(fake_slack, 1)
    [asked] = fake_slack.calls_to("files.getUploadURLExternal")
    assert shared.args["channel_id"] == "C0WORKSHOP"
    assert "Checkout journey" in shared.args["initial_comment"]
    assert asked.args["alt_txt"].startswith("Touchpoint map “Checkout journey” with 2 touchpoints")
    owners_asked = {c.args["user"] for c in fake_slack.calls_to("users.info")}
    assert CAROL in owners_asked  # the owner's name, for the card
    [(length, data)] = fake_slack.uploads.values()
    assert data.startswith(PNG) and len(data) == length

    assert channel.driver.command("map", user=BOB).status == 200  # nothing changed: the same picture
    _shared(fake_slack, 2)
    with uow() as session:
        assert session.scalar(select(func.count()).select_from(MapImage)) == 1
    first, second = (data for _, data in fake_slack.uploads.values())
    assert first == second

    channel.say("add Purchase / Website / Receipt")
    channel.driver.command("map")
    _shared(fake_slack, 3)
    with uow() as session:
        assert session.scalar(select(func.count()).select_from(MapImage)) == 2


def test_views_persona_pains_and_compare(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop(channel)
    for count, text in enumerate(("map persona First-time buyer", "map pains"), start=1):
        assert channel.driver.command(text).status == 200
        _shared(fake_slack, count)
    assert channel.say("map persona Nobody")["text"] == "This map has no persona called “Nobody”."
    assert channel.say("map compare v1")["text"] == "There is no snapshot v1 of this map."
    posted = len(fake_slack.calls_to("chat.postMessage"))
    channel.driver.command("snapshot")
    fake_slack.wait_for("chat.postMessage", posted + 1)
    channel.say("add Awareness / Website / Banner")
    channel.driver.command("map compare v١")
    _shared(fake_slack, 3)
    assert (
        len({json.dumps(c.args, sort_keys=True) for c in fake_slack.calls_to("files.getUploadURLExternal")})
        == 3
    )


def _board_picture(channel: Channelful, timeout: float = 30) -> list[dict]:
    """The board's image blocks, once it shows one (the bot refreshes it after sharing the picture)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        images = [b for b in channel.board() if b["type"] == "image"]
        if images:
            return images
        time.sleep(0.01)
    raise AssertionError(f"the board never showed the map: {json.dumps(channel.board())[:800]}")


def test_the_board_shows_the_whole_map_last_shared_inline(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop(channel)
    assert [b for b in channel.board() if b["type"] == "image"] == []
    channel.click("tp_show_map", user=BOB)
    [shared] = _shared(fake_slack, 1)
    [file] = shared.answer["files"]
    [image] = _board_picture(channel)
    assert image["slack_file"] == {"id": file["id"]}
    assert image["alt_text"] == "Touchpoint map: Checkout journey"
    with uow() as session:
        assert session.scalar(select(Map.picture_file_id)) == file["id"]

    # A persona's path is not the whole map: the board keeps the whole map's picture.
    assert channel.driver.command("map persona First-time buyer").status == 200
    _shared(fake_slack, 2)
    with uow() as session:
        assert session.scalar(select(Map.picture_file_id)) == file["id"]
    assert [b for b in channel.board() if b["type"] == "image"] == [image]

    # The map changes and is drawn again: the board shows the new picture.
    channel.say("add Purchase / Website / Receipt")
    channel.driver.command("map")
    [*_, newest] = _shared(fake_slack, 3)
    [new_file] = newest.answer["files"]
    assert new_file["id"] != file["id"]
    deadline = time.monotonic() + 30
    while _board_picture(channel)[0]["slack_file"]["id"] != new_file["id"]:
        assert time.monotonic() < deadline, "the board kept the old picture"
        time.sleep(0.01)


def test_a_picture_deleted_in_slack_leaves_the_board_and_the_board_goes_on_without_it(bot, fake_slack, uow):
    channel = Channelful(bot, fake_slack, uow)
    _workshop(channel)
    channel.click("tp_show_map", user=BOB)
    [shared] = _shared(fake_slack, 1)
    [file] = shared.answer["files"]
    _board_picture(channel)
    del fake_slack.workspace.files[file["id"]]  # someone deleted the picture's file in Slack

    channel.say("add Purchase / Website / Receipt")  # the board is refreshed: Slack refuses the picture
    board = channel.wait_for_board("3 touchpoints")
    assert [b for b in board if b["type"] == "image"] == []
    [refused] = [c for c in fake_slack.calls_to("chat.update") if c.error == "invalid_blocks"]
    assert "F" in refused.json("blocks")[5]["slack_file"]["id"]
    refused.injected = True  # provoked by the test (the file deleted), not a malformed call of the bot's
    with uow() as session:
        assert session.scalar(select(Map.picture_file_id)) is None


def test_many_people_asking_for_the_same_state_at_once_get_one_drawing(bot, fake_slack, uow, caplog):
    channel = Channelful(bot, fake_slack, uow)
    _workshop(channel)
    caplog.set_level("INFO", logger="bot.workshop.images")
    bodies = [channel.driver.command_body("map", user=who) for who in (BOB, CAROL) * 4]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda body: channel.driver.form(body).status, bodies))
    assert statuses == [200] * 8
    _shared(fake_slack, 8)
    assert len([r for r in caplog.records if r.getMessage().startswith("Drew the picture")]) == 1
    assert len({data for _, data in fake_slack.uploads.values()}) == 1
