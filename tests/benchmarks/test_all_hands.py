"""The all-hands scenario (benchmarks/all_hands.py) in smoke size: a dozen people, each a client with think
time, against the bot's real process and a fake Slack that enforces Slack's rate limits, with a burst of
500s, an outage of chat.update and forged, stale and replayed requests mid-run."""

from benchmarks.all_hands import SMOKE, run


def test_an_all_hands_loses_nothing_applies_nothing_twice_and_ends_with_the_board_true():
    report = run(SMOKE)

    assert report.lost == []
    assert report.doubled == []
    assert report.wrong == []
    assert report.boards_true
    assert report.refused_at_rest
    # every person's nine changes were tried and acked (a modal Slack's budget kept closed is told, not lost)
    assert len(report.acks["add"]) == 2 * SMOKE.people
    assert len(report.acks["submit touchpoint"]) + len(report.acks["submit analysis"]) >= 4 * SMOKE.people
    assert report.calls["chat.update"] >= 1 and report.calls["files.completeUploadExternal"] >= 1
    assert report.users_info_most == 1  # each person asked of Slack once, whatever they did
    assert report.drawings <= report.images
