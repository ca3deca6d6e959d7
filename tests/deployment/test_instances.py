"""Two `touchpoint-bot run` instances on one PostgreSQL database, with requests spread across them as a
load balancer does, and one instance with two worker processes on either database: concurrent edits of
one map by two people all apply, once each, and the board ends up showing the true counts, though the
instances (or workers) refresh it in any order."""

import json
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from sqlalchemy import func, select

from bot.blocks.ids import Action
from storage.db import UnitOfWork, build_engine
from storage.models import Map, Note, Touchpoint, Vote
from tests.deployment.conftest import Instance, bot_settings, instance, say, settled_board, wait_until
from tests.support.fake_slack import ALICE, BOB, CAROL, FakeSlack
from tests.support.process import start_bot, start_bots

BASE = 6  # touchpoints on the map before the rush, to vote on
ADDS = 12  # touchpoints each of Alice and Bob adds during it
TWICE = 3  # commands Slack delivers twice, once to each instance


def _button(action_id: str, value: str) -> list[dict]:
    element = {"type": "button", "action_id": action_id, "value": value, "text": {"type": "plain_text"}}
    return [{"type": "actions", "block_id": "b", "elements": [element]}]


def test_two_instances_apply_concurrent_edits_once_and_the_board_ends_true(
    fake_slack, shared_database, tmp_path
):
    settings = bot_settings(fake_slack, shared_database)
    bots = [instance(p, fake_slack) for p in start_bots(tmp_path, 2, **settings)]  # both migrate at once
    try:
        _concurrent_edits_apply_once_and_the_board_ends_true(fake_slack, bots, shared_database)
    finally:
        for each in bots:
            each.process.stop()


def test_two_worker_processes_apply_concurrent_edits_once_and_the_board_ends_true(
    fake_slack, database_url, tmp_path
):
    """One instance with WEB_CONCURRENCY=2, on either database: its workers share the requests (on SQLite,
    taking turns to write) as two instances do."""
    settings = {**bot_settings(fake_slack, database_url), "LOG_LEVEL": "INFO", "WEB_CONCURRENCY": "2"}
    bot = instance(start_bot(tmp_path, **settings), fake_slack)
    try:
        _concurrent_edits_apply_once_and_the_board_ends_true(fake_slack, [bot, bot], database_url)
    finally:
        bot.process.stop()
    served_by = re.findall(r"<(\d+)> \"POST /slack/events", bot.process.log.read_text())
    assert len(set(served_by)) == 2, "both workers served requests"


def _concurrent_edits_apply_once_and_the_board_ends_true(
    fake_slack: FakeSlack, bots: list[Instance], database_url: str
) -> None:
    """Alice and Bob add touchpoints and vote at once, and some requests come twice, spread over `bots`
    as a load balancer does: each applies once, and the board shows the true counts."""
    fake_slack.latency["chat.update"] = 0.15  # updates overtake each other, as they may at Slack
    engine = build_engine(database_url)
    uow = UnitOfWork(engine)
    try:
        first = bots[0]
        assert first.driver.command("new Journey", user=ALICE).status == 200
        ts = fake_slack.wait_for("chat.postMessage")[0].answer["ts"]
        wait_until(lambda: _scalar(uow, select(Map.id).where(Map.board_ts == ts)), "the board's ts stored")
        map_id = _scalar(uow, select(Map.id))
        for n, text in enumerate(["stage add Visit", "channel add Web", "votes 20"]):
            say(bots[n % 2], fake_slack, text)
        for n in range(BASE):
            say(bots[n % 2], fake_slack, f"add Visit / Web / Base {n}")
        base = list(_scalars(uow, select(Touchpoint.id).order_by(Touchpoint.id)))
        views = []
        for n, touchpoint in enumerate(base):
            bots[n % 2].driver.click(_button(Action.ANALYSE, f"{map_id}:{touchpoint}"), Action.ANALYSE)
            views.append(fake_slack.opened_form(n).json("view"))

        def add(n: int, user: str) -> int:
            return bots[n % 2].driver.command(f"add Visit / Web / {user} {n}", user=user).status

        def vote(n: int, user: str, view_id: str | None = None, bot: int | None = None) -> str:
            answers = {"negative": f"Slow for {user}", "score": "-1", "vote": ["vote"], "next": []}
            reply = bots[n % 2 if bot is None else bot].driver.submit(
                views[n], view_id or f"V{uuid.uuid4().hex[:10]}", answers, user=user
            )
            assert reply.status == 200
            return reply.body

        def delivered_twice(n: int, bot: int) -> int:
            body = bodies[n]
            return bots[bot].driver.post(body, "application/x-www-form-urlencoded").status

        bodies = [
            urlencode(first.driver.command_body(f"add Visit / Web / Twice {n}", user=CAROL)).encode()
            for n in range(TWICE)
        ]
        with ThreadPoolExecutor(12) as pool:
            jobs = [pool.submit(add, n, user) for n in range(ADDS) for user in (ALICE, BOB)]
            jobs += [pool.submit(vote, n, user) for n in range(BASE) for user in (ALICE, BOB)]
            jobs += [pool.submit(delivered_twice, n, bot) for n in range(TWICE) for bot in (0, 1)]
            jobs += [pool.submit(vote, 0, CAROL, "VCAROLONCE", bot) for bot in (0, 1)]
            assert {job.result() for job in jobs} <= {200, ""}

        touchpoints = BASE + 2 * ADDS + TWICE
        wait_until(lambda: _count(uow, Touchpoint) == touchpoints, f"{touchpoints} touchpoints stored")
        titles = list(_scalars(uow, select(Touchpoint.title)))
        expected = [f"Base {n}" for n in range(BASE)] + [f"Twice {n}" for n in range(TWICE)]
        expected += [f"{user} {n}" for n in range(ADDS) for user in (ALICE, BOB)]
        assert sorted(titles) == sorted(expected)
        votes = 2 * BASE + 1
        assert _count(uow, Vote) == votes
        assert _count(uow, Note) == votes

        board = settled_board(fake_slack, ts)
        assert f"{touchpoints} touchpoints" in board
        assert f"{BASE} of {touchpoints} analysed, {votes} votes" in board
        assert not fake_slack.rejected
    finally:
        engine.dispose()


def _scalar(uow: UnitOfWork, query):
    with uow() as session:
        return session.scalar(query)


def _scalars(uow: UnitOfWork, query) -> list:
    with uow() as session:
        return list(session.scalars(query))


def _count(uow: UnitOfWork, model: type) -> int:
    return _scalar(uow, select(func.count()).select_from(model))


def test_a_board_refresh_that_arrives_late_is_corrected(fake_slack, shared_database, tmp_path):
    """Instance 1 reads the board, and its update reaches Slack only after instance 2 has shown a newer
    board: instance 1 notices, and sends the newer one."""
    settings = bot_settings(fake_slack, shared_database)
    first, second = (instance(p, fake_slack) for p in start_bots(tmp_path, 2, **settings))
    try:
        assert first.driver.command("new Journey").status == 200
        ts = fake_slack.wait_for("chat.postMessage")[0].answer["ts"]
        engine = build_engine(shared_database)
        wait_until(lambda: _scalar(UnitOfWork(engine), select(Map.board_ts)) == ts, "the board's ts stored")
        engine.dispose()
        say(first, fake_slack, "stage add Visit")
        say(second, fake_slack, "channel add Web")
        fake_slack.wait_for("chat.update", 2)  # both boards are up

        fake_slack.stall("chat.update", 2.0)
        say(first, fake_slack, "add Visit / Web / From Alice")
        fake_slack.wait_for_stall()  # instance 1's board, with one touchpoint, is on its way
        say(second, fake_slack, "add Visit / Web / From Bob", user=BOB)
        fake_slack.wait_for("chat.update", where=lambda c: "2 touchpoints" in json.dumps(c.args))

        assert "2 touchpoints" in settled_board(fake_slack, ts, quiet=3.0)
    finally:
        first.process.stop()
        second.process.stop()
