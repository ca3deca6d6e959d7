"""A workspace's board updates stay within chat.update's Tier 3 budget: a burst, then a steady pace; and
they stop with the process."""

import threading

import pytest

from bot.workshop.board import BOARD_BURST, BOARD_REFILL, BoardLocks, TeamBudget


def test_a_burst_goes_at_once_then_each_update_waits_its_turn():
    budget = TeamBudget(BOARD_BURST, BOARD_REFILL)
    waits = [budget.reserve("T0AGENCY1") for _ in range(BOARD_BURST + 3)]

    assert waits[:BOARD_BURST] == [0.0] * BOARD_BURST
    assert waits[BOARD_BURST:] == pytest.approx([BOARD_REFILL, 2 * BOARD_REFILL, 3 * BOARD_REFILL], abs=0.05)
    assert budget.reserve("T0CLIENT2") == 0.0  # another workspace has a budget of its own


def test_the_budget_refills_with_time(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr("bot.workshop.board.time.monotonic", lambda: now[0])
    budget = TeamBudget(2, 1.0)
    assert [budget.reserve("T1") for _ in range(3)] == [0.0, 0.0, 1.0]
    now[0] += 10  # long quiet: back to a full burst, never more
    assert [budget.reserve("T1") for _ in range(3)] == [0.0, 0.0, 1.0]


def test_a_refresh_waiting_its_turn_gives_up_when_the_process_stops():
    locks = BoardLocks(interval=60)  # a board's next update waits a minute after the last
    locks.sent("T1", 1)
    turns: list[bool] = []

    def refresh() -> None:
        with locks.turn("T1", 1) as mine:
            turns.append(mine)

    waiting = threading.Thread(target=refresh)
    waiting.start()
    locks.close()
    waiting.join(timeout=10)

    assert not waiting.is_alive() and turns == [False]


def test_work_for_the_background_after_it_stopped_is_dropped_not_raised():
    locks = BoardLocks()
    locks.close()
    done: list[int] = []

    locks.later(done.append, 1)  # a request still in flight as the process stops

    locks.background.shutdown(wait=True)
    assert done == []
