"""A board held by one instance at a time (storage/boards.py): a claim excludes the others until it runs
out or is released, a release says which version the board shows, and nothing reaches another team's
board or touches the map's last change."""

from storage.boards import BoardClaims
from storage.repositories import Maps


def _map(uow) -> int:
    with uow() as session:
        found = Maps(session, "T0OURS").add(channel_id="C1", title="Ours", language="en", created_by="U1")
        found.board_ts = "1700000000.000100"
        return found.id


def test_one_instance_holds_a_board_until_its_claim_runs_out_or_is_released(uow):
    map_id = _map(uow)
    with uow() as session:
        before = Maps(session, "T0OURS").get(map_id).updated_at
        claims = BoardClaims(session, "T0OURS")
        assert claims.claim(map_id, now=100.0, until=130.0) is True
        assert claims.claim(map_id, now=101.0, until=131.0) is False  # another instance waits
        assert BoardClaims(session, "T0THEIRS").claim(map_id, now=200.0, until=230.0) is False
        assert claims.claim(map_id, now=130.0, until=160.0) is True  # a claim that ran out (its holder died)
        claims.release(map_id, shown=4, until=161.2)
        state = claims.state(map_id)
    assert (state.shown, state.claimed_until, state.board_ts) == (4, 161.2, "1700000000.000100")
    with uow() as session:
        claims = BoardClaims(session, "T0OURS")
        assert claims.claim(map_id, now=161.0, until=191.0) is False  # the window after an update
        assert claims.claim(map_id, now=161.2, until=191.2) is True
        assert Maps(session, "T0OURS").get(map_id).updated_at == before  # not a change of the map
        assert BoardClaims(session, "T0THEIRS").state(map_id) is None
