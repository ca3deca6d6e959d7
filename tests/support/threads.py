"""No thread outlives what started it: a test (or, for modules marked `shared_threads`, a module) that
leaves a thread running fails, naming it.

A thread left over keeps working after its test: it calls a fake Slack that has stopped (and logs
`Connection refused` at the end of the run), or writes to a database another test has. A fixture that
starts threads stops them in its teardown; threads that end by themselves get `JOIN_TIMEOUT` to do so.
A module whose threads legitimately span its tests (a module-scoped server) is checked as a whole:
`pytestmark = pytest.mark.shared_threads`.
"""

import threading
import time
from collections.abc import Iterator

import pytest

JOIN_TIMEOUT = 5.0  # seconds, for all the new threads together
SHARED = "shared_threads"


def _leftover(before: set[threading.Thread]) -> list[threading.Thread]:
    """Threads started since `before` that are still alive after waiting up to JOIN_TIMEOUT for them."""
    deadline = time.monotonic() + JOIN_TIMEOUT
    for thread in set(threading.enumerate()) - before:
        thread.join(max(0.0, deadline - time.monotonic()))
    return sorted((t for t in set(threading.enumerate()) - before if t.is_alive()), key=lambda t: t.name)


@pytest.fixture(autouse=True, scope="module")
def no_thread_outlives_its_module() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    left = _leftover(before)
    assert not left, f"threads still running after the module: {[t.name for t in left]}"


@pytest.fixture(autouse=True)
def no_thread_outlives_its_test(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker(SHARED):
        yield
        return
    before = set(threading.enumerate())
    yield
    left = _leftover(before)
    assert not left, f"threads still running after the test: {[t.name for t in left]}"
