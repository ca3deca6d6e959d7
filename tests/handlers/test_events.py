"""Events API deliveries: Slack redelivers an event whose ack was slow or failed (the same event_id, with
X-Slack-Retry-Num); the bot applies each event once."""

import logging
import threading

from sqlalchemy import select

from storage.models import Map, ProcessedRequest
from tests.support.channel import Channelful
from tests.support.fake_slack import ALICE, WORKSHOP_CHANNEL


def _deliver(bot, kind: str, event_id: str, **retry) -> None:
    event = {"type": kind, "channel": WORKSHOP_CHANNEL, "user": ALICE, "event_ts": "1700000000.000100"}
    assert bot.driver.event(event, event_id=event_id, **retry).status == 200


def _paused(uow) -> bool:
    with uow() as session:
        return session.scalars(select(Map.schedules_paused)).one()


def test_a_redelivered_event_is_applied_once_even_after_a_later_one(bot, fake_slack, uow, caplog):
    caplog.set_level(logging.INFO, logger="handlers.events.once")
    Channelful(bot, fake_slack, uow).new_map()
    _deliver(bot, "channel_archive", "Ev0ARCHIVE1")
    assert _paused(uow)  # applied before the ack
    _deliver(bot, "channel_unarchive", "Ev0UNARCHIV")
    assert not _paused(uow)

    # Slack retries the archive (its first ack was slow): it must not archive the channel again.
    _deliver(bot, "channel_archive", "Ev0ARCHIVE1", retry_num=1)
    _deliver(bot, "channel_archive", "Ev0ARCHIVE1", retry_num=2, retry_reason="http_error")
    assert not _paused(uow)
    skipped = [r.getMessage() for r in caplog.records if r.name == "handlers.events.once"]
    assert skipped == [
        "event Ev0ARCHIVE1 was delivered again (retry 1): applied already",
        "event Ev0ARCHIVE1 was delivered again (retry 2): applied already",
    ]
    # A duplicate without the retry headers is caught by the claim in the change's own transaction.
    _deliver(bot, "channel_archive", "Ev0ARCHIVE1")
    assert not _paused(uow)

    # Two deliveries of a new event at once: one applies it.
    deliveries = [
        threading.Thread(target=_deliver, args=(bot, "channel_archive", "Ev0ARCHIVE2"), kwargs=retry)
        for retry in ({}, {"retry_num": 1})
    ]
    for delivery in deliveries:
        delivery.start()
    for delivery in deliveries:
        delivery.join()
    assert _paused(uow)
    with uow() as session:
        keys = sorted(
            session.scalars(select(ProcessedRequest.key).where(ProcessedRequest.key.like("event:%")))
        )
    assert keys == ["event:Ev0ARCHIVE1", "event:Ev0ARCHIVE2", "event:Ev0UNARCHIV"]


def test_a_retry_of_an_event_never_applied_is_applied(bot, fake_slack, uow):
    Channelful(bot, fake_slack, uow).new_map()
    _deliver(bot, "channel_archive", "Ev0LOSTACK1", retry_num=1, retry_reason="http_timeout")
    assert _paused(uow)
