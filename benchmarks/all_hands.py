"""An all-hands workshop (issue 17): hundreds of people in one channel at once, against a fake Slack that
enforces Slack's rate limits (bot/playground/limits.py: per method tier and workspace, chat.postMessage
per channel, 429 with Retry-After) and holds a trigger id for Slack's 3 seconds.

    python -m benchmarks.all_hands [--fast | --smoke] [--people 300] [--instances 2] [--postgres URL]

Each person is a client with think time, in a channel of them all: joins within the first third of the
run, opens the *Add touchpoint* modal and submits it 20 to 60 s later, adds two touchpoints with
`/touchpoint add`, then analyses five touchpoints (the *Analyse* modal: notes, a feeling, a vote on the
first three), going on from one to the next in the same modal; someone asks for `/touchpoint map` every
30 s. Every person's first action makes the bot
ask Slack who they are (users.info) and, per cache period, who is in the channel (conversations.members).
Ten minutes by default; `--fast` compresses the people's think times five times into two minutes (Slack's
budgets are not compressed: a harsher test), `--smoke` runs a dozen people for about twenty seconds.
Mid-run, a request with a bad signature, one too old and a replay of an `add` are sent, chat.update
answers a burst of 500s, and then is out for 10 seconds.

It reports the ack latencies by kind, Slack's calls and 429s by method, the time from a change's ack to
the board showing it, from `/touchpoint map` to the image posted, every action lost, applied twice or
answered wrongly (the database and the fake Slack's messages looked at the end), and memory per process;
and, for each target of issue 17 it misses, which Slack budget or resource ran out.
"""

import argparse
import itertools
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select

from benchmarks.load import database, launch, percentile
from bot.blocks.ids import Action
from bot.gateway import MEMBERSHIP_TTL
from bot.i18n import translator
from bot.pacing import METHOD_TIERS, TIER_PER_MINUTE
from bot.playground.limits import RateLimits
from bot.playground.standin import TRIGGER_SECONDS
from bot.playground.workspace import Person
from bot.server import EVENTS_PATH
from bot.workshop.service import SAVED_NOT_SHOWN
from handlers.errors import NOTHING_SAVED, SLACK_BUSY
from storage.db import UnitOfWork, build_engine
from storage.models import Map, Note, Touchpoint, Vote
from tests.support.fake_slack import BOT_TOKEN, BOT_USER_ID, TEAM_ID, Failure, FakeSlack
from tests.support.process import CLI, BotProcess
from tests.support.slack_driver import SIGNING_SECRET, SlackDriver, find_element, option_value

CHANNEL = "C0ALLHANDS"
STAGES = ("Apply", "Offer", "First day", "First month")
CHANNELS = ("Email", "Office", "Slack")
SEEDS = 10  # touchpoints the facilitator adds before the people come
ANALYSES, VOTED = 5, 3  # touchpoints each person analyses, and votes on the first of them
LOCALES = ("en-US", "fa-IR", "ar-SA")
# Issue 17's targets.
ACK_MAX_MS, ACK_P99_MS = 1000, 300
BOARD_MAX_S, BOARD_P95_S = 10.0, 5.0


@dataclass(frozen=True)
class Plan:
    people: int
    seconds: float  # the run's length
    scale: float  # think times are multiplied by this
    outage: float  # seconds chat.update is out, mid-run

    @classmethod
    def of(cls, args: argparse.Namespace) -> "Plan":
        if args.smoke:
            return cls(args.people or SMOKE.people, SMOKE.seconds, SMOKE.scale, SMOKE.outage)
        if args.fast:
            return cls(args.people or 300, 120.0, 0.2, 10.0)
        return cls(args.people or 300, 600.0, 1.0, 10.0)


SMOKE = Plan(12, 20.0, 0.04, 2.0)  # a dozen people, twenty seconds: for tests/benchmarks


@dataclass
class Report:
    acks: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))  # ms by kind
    modal_shown: list[float] = field(default_factory=list)  # s from the click to the modal
    in_messages: list[float] = field(default_factory=list)  # s from the click to a form sent as a message
    board_lag: list[float] = field(default_factory=list)  # s from a change's ack to the board showing it
    board_lag_calm: list[float] = field(default_factory=list)  # the same, for changes outside the faults
    image_lag: list[float] = field(default_factory=list)  # s from `/touchpoint map` to the image shared
    calls: Counter[str] = field(default_factory=Counter)  # Slack calls answered, by method
    limited: Counter[str] = field(default_factory=Counter)  # 429s, by method
    failed_calls: Counter[str] = field(default_factory=Counter)  # other errors, by method and error
    lost: list[str] = field(default_factory=list)
    doubled: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # an answer the database contradicts, or no answer
    failed: list[str] = field(default_factory=list)  # told, truly, that nothing was saved (or no modal)
    told_not_shown: int = 0  # people told "saved, but not shown yet" (the outage)
    told_failed: int = 0  # people told that nothing was saved, or that Slack was too busy for a modal
    boards_true: bool = False
    refused_at_rest: bool = False
    memory: dict[str, tuple[float, float, float]] = field(default_factory=dict)  # peak, warm, end MB
    drawings: int = 0
    images: int = 0
    users_info_most: int = 0
    members_calls: int = 0
    load: str = ""


@dataclass(frozen=True)
class Form:
    """A form a person got: a modal (`view_id`), or, where Slack was too busy to open one, a message only
    they see (`view` holds its blocks; `ts` is the message's, the same while the form goes on in it)."""

    view: dict[str, Any]
    view_id: str | None = None
    ts: str = ""

    @property
    def metadata(self) -> dict[str, Any]:
        """The modal's private_metadata, or, in a message, the one its *Save* button carries."""
        if self.view_id is not None:
            return json.loads(self.view["private_metadata"])
        _, save = find_element(self.view["blocks"], Action.INLINE_SAVE)
        return json.loads(json.loads(save["value"])["meta"])


class Run:
    def __init__(self, plan: Plan, fake: FakeSlack, bots: list[BotProcess], url: str) -> None:
        self.plan, self.fake, self.bots, self.url = plan, fake, bots, url
        self.report = Report()
        self.people = [f"U0P{n:05d}" for n in range(plan.people)]
        self.drivers = [
            SlackDriver(bot.base_url + EVENTS_PATH, fake.response_url("all-hands"), slack=fake)
            for bot in bots
        ]
        self.guard = threading.Lock()
        self.expected: dict[str, set[Any]] = {"touchpoints": set(), "notes": set(), "votes": set()}
        self.tried: dict[str, set[Any]] = {"touchpoints": set(), "notes": set(), "votes": set()}
        self.done = {"touchpoints": SEEDS, "votes": 0}
        self.changes: list[tuple[float, int, int]] = []  # (acked at, touchpoints, votes) then committed
        self.seen: list[tuple[float, int, int, int]] = []  # the board: (when, touchpoints, analysed, votes)
        self.stop = threading.Event()
        self.started = 0.0
        self.map_id = 0
        self.seeds: list[int] = []
        self.board_ts = ""
        self.replayable: bytes | None = None
        self.faulty = (float("inf"), float("inf"))  # from the 500 burst to 10 s after the outage
        self.clicks = itertools.count()  # names each click's response_url, to see what it was sent

    # --- the workspace and the map before the people come -------------------------------------------------
    def prepare(self) -> None:
        fake = self.fake
        with fake.lock:
            for n, user in enumerate(self.people):
                fake.workspace.people[user] = Person(
                    user, TEAM_ID, f"Person {n}", f"Person {n}", LOCALES[n % 3]
                )
            fake.workspace.add_channel(CHANNEL, TEAM_ID, "all-hands", {*self.people, BOT_USER_ID})
        host, driver = self.people[0], self.drivers[0]
        driver.command("new All-hands onboarding", user=host, channel=CHANNEL)
        commands = [f"stage add {s}" for s in STAGES] + [f"channel add {c}" for c in CHANNELS]
        commands += [f"add {STAGES[n % 4]} / {CHANNELS[n % 3]} / Seed {n}" for n in range(SEEDS)]
        commands += ["next", "next"]  # step 3: the board shows touchpoints, analysed and votes
        for text in commands:
            assert driver.command(text, user=host, channel=CHANNEL).status == 200
        engine = build_engine(self.url)
        deadline = time.monotonic() + 30
        with UnitOfWork(engine)() as session:
            while True:
                found = session.scalars(select(Map).where(Map.channel_id == CHANNEL)).one()
                if found.board_ts or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
                session.expire_all()
            self.map_id, self.board_ts = found.id, found.board_ts or ""
            self.seeds = list(session.scalars(select(Touchpoint.id).where(Touchpoint.map_id == found.id)))
        engine.dispose()
        assert len(self.seeds) == SEEDS and self.board_ts, "the map was not set up"
        self.wait_for_board((SEEDS, 0, 0), 30)

    # --- people ------------------------------------------------------------------------------------------
    def think(self, rng: random.Random, low: float, high: float) -> None:
        self.stop.wait(rng.uniform(low, high) * self.plan.scale)

    def timed(self, kind: str, send: Any) -> Any:
        started = time.perf_counter()
        reply = send()
        with self.guard:
            self.report.acks[kind].append((time.perf_counter() - started) * 1000)
        if reply.status != 200:
            self.note_wrong(f"{kind}: HTTP {reply.status}")
        elif _any(_told_failed(), reply.body):
            self.note_failed(f"{kind}: told nothing was saved")
        return reply

    def note_wrong(self, what: str) -> None:
        with self.guard:
            self.report.wrong.append(what)

    def note_failed(self, what: str) -> None:
        with self.guard:
            self.report.failed.append(what)

    def changed(self, kind: str, key: Any) -> None:
        """A change acked as saved: the board must come to show it."""
        with self.guard:
            self.expected[kind].add(key)
            if kind in self.done:
                self.done[kind] += 1
            self.changes.append((time.monotonic(), self.done["touchpoints"], self.done["votes"]))

    def replied(self, who: str) -> tuple[str, str]:
        """A response_url for `who`'s next click, and its name (to read what it is sent)."""
        name = f"{who}-{next(self.clicks)}"
        return self.fake.response_url(name), name

    def open_modal(self, driver: SlackDriver, who: str, action: str, value: str, kind: str) -> Form | None:
        """Click `action`: the modal it opens, or the form sent as a message when Slack won't open one."""
        with self.fake.lock:
            self.fake.workspace.modals.pop(who, None)
        url, name = self.replied(who)
        clicked = time.monotonic()
        self.timed(
            kind,
            lambda: driver.click(_button(action, value), action, user=who, channel=CHANNEL, response_url=url),
        )
        while time.monotonic() - clicked < 6:  # the trigger lives 3 s: a later modal is none
            with self.fake.lock:
                stack = self.fake.workspace.modals.get(who)
            if stack:
                with self.guard:
                    self.report.modal_shown.append(time.monotonic() - clicked)
                return Form(stack[-1].view, stack[-1].id)
            sent = next((p for p in self.fake.posted_to(name) if Action.INLINE_SAVE in json.dumps(p)), None)
            if sent is not None:
                with self.guard:
                    self.report.in_messages.append(time.monotonic() - clicked)
                return Form({"blocks": sent["blocks"]}, ts=f"{time.time():.6f}")
            time.sleep(0.1)
        self.note_failed(f"{kind}: the form never came to {who}")
        return None

    def submit(
        self, driver: SlackDriver, who: str, form: Form, answers: dict[str, Any], kind: str
    ) -> tuple[bool, Form | None]:
        """Submit `form` with `answers`: whether it was saved, and the form that takes its place, if any
        (the next touchpoint's). A modal is answered in its ack; a form in a message after the ack, in
        its place."""
        if form.view_id is not None:
            reply = self.timed(kind, lambda: driver.submit(form.view, form.view_id, answers, user=who))
            body = json.loads(reply.body) if reply.status == 200 and reply.body else {}
            if reply.status == 200 and body.get("response_action") in (None, "update"):
                following = body.get("view")
                return True, None if following is None else Form(following, form.view_id)
            if reply.status == 200:
                self.note_wrong(f"{kind}: {reply.body[:200]}")
            return False, None
        url, name = self.replied(who)
        reply = self.timed(
            kind,
            lambda: driver.click(
                form.view["blocks"],
                Action.INLINE_SAVE,
                user=who,
                channel=CHANNEL,
                message_ts=form.ts,
                answers=answers,
                ephemeral=True,
                response_url=url,
            ),
        )
        deadline = time.monotonic() + 30
        while reply.status == 200 and not (said := self.fake.posted_to(name)):
            if time.monotonic() > deadline:
                self.note_wrong(f"{kind}: no answer to a form's Save")
                return False, None
            time.sleep(0.05)
        if reply.status != 200 or not said[0].get("replace_original"):
            self.note_wrong(f"{kind}: {json.dumps(said[0] if reply.status == 200 else reply.status)[:200]}")
            return False, None
        going_on = Action.INLINE_SAVE in json.dumps(said[0].get("blocks") or [])
        return True, Form({"blocks": said[0]["blocks"]}, ts=form.ts) if going_on else None

    def person(self, n: int) -> None:
        who, driver, rng = self.people[n], self.drivers[n % len(self.drivers)], random.Random(n)
        self.stop.wait(rng.uniform(0, 0.35) * self.plan.seconds)
        opened = self.open_modal(
            driver, who, Action.ADD_TOUCHPOINT, str(self.map_id), "open touchpoint modal"
        )
        if opened is not None:
            self.think(rng, 20, 60)
            title = f"{who} modal"
            answers: dict[str, Any] = {
                "stage": option_value(opened.view, "stage", STAGES[n % 4]),
                "channel": option_value(opened.view, "channel", CHANNELS[n % 3]),
                "title": title,
            }
            self.tried["touchpoints"].add(title)
            saved, _ = self.submit(driver, who, opened, answers, "submit touchpoint")
            if saved:
                self.changed("touchpoints", title)
        for k in range(2):
            self.think(rng, 5, 20)
            title = f"{who} quick {k}"
            self.tried["touchpoints"].add(title)
            body = urlencode(
                driver.command_body(f"add {STAGES[k]} / {CHANNELS[k]} / {title}", user=who, channel=CHANNEL)
            ).encode()
            if self.replayable is None:
                self.replayable = body
            reply = self.timed(
                "add", lambda body=body: driver.post(body, "application/x-www-form-urlencoded")
            )
            if reply.status == 200:
                self.changed("touchpoints", title)
        self.analyse(who, driver, rng)

    def analyse(self, who: str, driver: SlackDriver, rng: random.Random) -> None:
        """Five analyses (a vote on the first three), going on from one touchpoint to the next in the same
        modal (*Then analyse the next touchpoint*); a new modal where a chain ends early."""
        k = 0
        while k < ANALYSES:
            self.think(rng, 5, 25)
            value = f"{self.map_id}:{rng.choice(self.seeds)}"
            opened = self.open_modal(driver, who, Action.ANALYSE, value, "open analyse modal")
            if opened is None:
                k += 1  # that analysis is not made
                continue
            form: Form | None = opened
            while form is not None and k < ANALYSES:
                form = self.submit_analysis(who, driver, rng, form, k)
                k += 1

    def submit_analysis(
        self, who: str, driver: SlackDriver, rng: random.Random, form: Form, k: int
    ) -> Form | None:
        """The `k`th analysis submitted, going on to the next touchpoint but after the last: the next
        touchpoint's form, if the modal (or the message) shows one."""
        self.think(rng, 10, 30)
        touchpoint = form.metadata["touchpoint"]
        note = f"{who} note {k}"
        answers = {
            "positive": note,
            "score": str(k % 5 - 2),
            "vote": ["vote"] if k < VOTED else [],
            "next": ["next"] if k < ANALYSES - 1 else [],
        }
        self.tried["notes"].add(note)
        if k < VOTED:
            self.tried["votes"].add((who, touchpoint))
        saved, following = self.submit(driver, who, form, answers, "submit analysis")
        if not saved:
            return None
        self.changed("notes", note)
        if k < VOTED:
            self.changed("votes", (who, touchpoint))
        return following

    def maps(self) -> None:
        """Someone asks for the map's picture every 30 s (scaled); timed to the image shared."""
        rng = random.Random(-1)
        while not self.stop.wait(30 * self.plan.scale):
            who = rng.choice(self.people[: max(1, int(len(self.people) * self.elapsed_share() / 0.35))])
            before = len(self.fake.calls_to("files.completeUploadExternal"))
            asked = time.monotonic()
            self.timed("map", lambda who=who: self.drivers[0].command("map", user=who, channel=CHANNEL))
            try:
                shared = self.fake.wait_for(
                    "files.completeUploadExternal", before + 1, timeout=60, where=lambda c: not c.error
                )
            except AssertionError:
                self.note_wrong(f"map: no image shared for {who}")
                continue
            with self.guard:
                self.report.image_lag.append(shared[-1].at - asked)

    def elapsed_share(self) -> float:
        return min(1.0, (time.monotonic() - self.started) / self.plan.seconds)

    # --- what Slack does mid-run ----------------------------------------------------------------------------
    def faults(self) -> None:
        fake, driver = self.fake, self.drivers[0]
        if self.stop.wait(0.4 * self.plan.seconds):
            return
        body = self.replayable or urlencode(driver.command_body("status", channel=CHANNEL)).encode()
        form = "application/x-www-form-urlencoded"
        forged = driver.post(body, form, signature="v0=" + "0" * 64)
        stale = driver.post(body, form, timestamp=int(time.time()) - 600)
        replayed = driver.post(body, form)  # the same request again: applied once (the DB check says)
        self.report.refused_at_rest = (forged.status, stale.status, replayed.status) == (401, 401, 200)
        self.faulty = (time.monotonic(), float("inf"))
        fake.fail("chat.update", Failure(status=500, error="internal_error", times=6))
        if self.stop.wait(0.15 * self.plan.seconds):
            return
        fake.outages.start("chat.update", self.plan.outage)
        self.faulty = (self.faulty[0], time.monotonic() + self.plan.outage + BOARD_MAX_S)

    def watch_board(self) -> None:
        version = 0
        while not self.stop.is_set():
            version = self.fake.wait_changed(version, 0.5, self.stop)
            self.look_at_board()

    def look_at_board(self) -> tuple[int, int, int] | None:
        """What the board shows now (touchpoints, analysed, votes), noted in `seen` when it changed."""
        shown = self.board_counts()
        if shown is not None and (not self.seen or self.seen[-1][1:] != shown):
            self.seen.append((time.monotonic(), *shown))
        return shown

    def board_counts(self) -> tuple[int, int, int] | None:
        with self.fake.lock:
            message = self.fake.workspace.conversations[CHANNEL].find(self.board_ts)
            text = json.dumps(message.blocks) if message is not None else ""
        analysed, votes = re.search(r"(\d+) of (\d+) analysed", text), re.search(r"(\d+) votes?\b", text)
        if analysed is None or votes is None:
            return None
        return int(analysed.group(2)), int(analysed.group(1)), int(votes.group(1))

    def wait_for_board(self, truth: tuple[int, int, int], timeout: float) -> bool:
        """Whether the board comes to show `truth` within `timeout` seconds (what it shows meanwhile is
        noted, so a change shown after the people are done still counts as shown)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.look_at_board() == truth:
                return True
            time.sleep(0.2)
        return False

    # --- the run -----------------------------------------------------------------------------------------
    def run(self) -> Report:
        self.prepare()
        with self.fake.lock:
            first_call = len(self.fake.calls)
        assert self.fake.limits is not None
        self.fake.limits.refused.clear()
        self.started = time.monotonic()
        helpers = [
            threading.Thread(target=t, daemon=True) for t in (self.watch_board, self.maps, self.faults)
        ]
        people = [
            threading.Thread(target=self.person, args=(n,), daemon=True) for n in range(len(self.people))
        ]
        sampler = Sampler(self.bots, self.plan.seconds * 0.25)
        for thread in [*helpers, *people]:
            thread.start()
        for thread in people:
            thread.join()
        self.stop.set()
        for thread in helpers:
            thread.join(timeout=90)
        self.settle()
        self.check(first_call)
        self.report.memory = sampler.stop()
        self.report.load = " ".join(f"{n:.1f}" for n in os.getloadavg())
        return self.report

    def settle(self) -> None:
        """Wait until the board shows the database (the catch-up after the outage may still be under way)."""
        truth = self.database_counts()
        self.report.boards_true = self.wait_for_board(truth, 60)
        lags = []
        seen = list(self.seen)
        for acked, touchpoints, votes in self.changes:
            shown_at = next((t for t, tp, _a, v in seen if tp >= touchpoints and v >= votes), None)
            lags.append(float("inf") if shown_at is None else max(0.0, shown_at - acked))
        self.report.board_lag = lags
        start, end = self.faulty
        self.report.board_lag_calm = [
            lag for lag, (acked, _t, _v) in zip(lags, self.changes, strict=True) if not start <= acked <= end
        ]

    def database_counts(self) -> tuple[int, int, int]:
        engine = build_engine(self.url)
        with UnitOfWork(engine)() as session:
            touchpoints = list(session.scalars(select(Touchpoint.id).where(Touchpoint.map_id == self.map_id)))
            analysed = {t for t in session.scalars(select(Note.touchpoint_id)) if t in set(touchpoints)}
            votes = len(list(session.scalars(select(Vote.id).where(Vote.map_id == self.map_id))))
        engine.dispose()
        return len(touchpoints), len(analysed), votes

    def check(self, first_call: int) -> None:
        report, fake = self.report, self.fake
        engine = build_engine(self.url)
        with UnitOfWork(engine)() as session:
            titles = Counter(
                session.scalars(select(Touchpoint.title).where(Touchpoint.map_id == self.map_id))
            )
            notes = Counter(session.scalars(select(Note.text)))
            votes = Counter(
                (user, touchpoint)
                for user, touchpoint in session.execute(select(Vote.user_id, Vote.touchpoint_id)).all()
            )
        engine.dispose()
        stored: dict[str, Counter[Any]] = {"touchpoints": titles, "notes": notes, "votes": votes}
        for kind, counts in stored.items():
            mine = {key: count for key, count in counts.items() if key in self.tried[kind]}
            report.lost += [f"{kind}: {key}" for key in self.expected[kind] if key not in mine]
            report.doubled += [f"{kind}: {key} ×{count}" for key, count in mine.items() if count > 1]
            report.wrong += [
                f"{kind}: {key} saved but not acked as saved"
                for key in mine
                if key not in self.expected[kind]
            ]
        with fake.lock:
            calls = list(fake.calls)[first_call:]
            messages = [m.text for m in fake.workspace.conversations[CHANNEL].messages]
            responses = [json.dumps(r, ensure_ascii=False) for r in fake.responses]
        failed = _told_failed()
        report.told_failed = sum(_any(failed, text) for text in messages + responses)
        report.told_not_shown = sum(_any(_told_not_shown(), text) for text in messages + responses)
        for call in calls:
            if call.error is None:
                report.calls[call.method] += 1
            elif call.error == "ratelimited":
                report.limited[call.method] += 1
            else:
                report.failed_calls[f"{call.method} {call.error}"] += 1
        asked = Counter(c.args.get("user") for c in calls if c.method == "users.info" and not c.error)
        report.users_info_most = max(asked.values(), default=0)
        report.members_calls = report.calls["conversations.members"]
        report.images = len({hash(data) for _, data in fake.uploads.values()})
        report.drawings = sum(bot.log.read_text().count("Drew the picture") for bot in self.bots)


def _button(action_id: str, value: str) -> list[dict]:
    element = {"type": "button", "action_id": action_id, "value": value, "text": {"type": "plain_text"}}
    return [{"type": "actions", "block_id": "b", "elements": [element]}]


def _told_failed() -> list[str]:
    return [translator(lang)(text) for lang in ("en", "fa", "ar") for text in (NOTHING_SAVED, SLACK_BUSY)]


def _told_not_shown() -> list[str]:
    return [translator(lang)(SAVED_NOT_SHOWN) for lang in ("en", "fa", "ar")]


def _any(needles: list[str], text: str) -> bool:
    return any(needle in text for needle in needles)


class Sampler:
    """Each bot process's memory (its gunicorn workers with it), sampled every second: the peak, after the
    warm-up, and at the end, in MB."""

    def __init__(self, bots: list[BotProcess], warm_up: float) -> None:
        self.bots, self.warm_up = bots, warm_up
        self.samples: dict[int, list[tuple[float, float]]] = defaultdict(list)
        self.peaks: dict[int, float] = {}
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(1.0):
            for pid in self._pids():
                rss, peak = _memory(pid)
                if rss:
                    self.samples[pid].append((time.monotonic() - self.started, rss))
                    self.peaks[pid] = max(self.peaks.get(pid, 0.0), peak)

    def _pids(self) -> list[int]:
        roots = {bot.process.pid for bot in self.bots}
        found = set(roots)
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                if parent in roots:
                    found.add(int(entry.name))
        return sorted(found)

    def stop(self) -> dict[str, tuple[float, float, float]]:
        self._stop.set()
        self._thread.join()
        out = {}
        for pid, samples in self.samples.items():
            warm = next((rss for at, rss in samples if at >= self.warm_up), samples[-1][1])
            out[f"pid {pid}"] = (self.peaks[pid], warm, samples[-1][1])
        return out


def _memory(pid: int) -> tuple[float, float]:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0, 0.0
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    kb = lambda name: float(fields.get(name, "0 kB").split()[0])  # noqa: E731
    return kb("VmRSS") / 1024, kb("VmHWM") / 1024


@contextmanager
def started(plan: Plan, instances: int, postgres: str | None, directory: Path) -> Iterator[Run]:
    fake = FakeSlack().start()
    fake.trigger_ttl = TRIGGER_SECONDS  # Slack's 3 seconds, not the tests' minute
    fake.limits = RateLimits()
    bots: list[BotProcess] = []
    try:
        with database(postgres, directory) as url:
            settings = {
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": fake.url,
                "LOG_LEVEL": "INFO",
                "DATABASE_URL": url,
            }
            for n in range(instances):
                bots.append(launch([CLI, "run"], directory, f"instance-{n}", **settings))
            yield Run(plan, fake, bots, url)
    finally:
        for bot in bots:
            try:
                bot.stop()
            except subprocess.TimeoutExpired:  # work after its acks still retrying: the report is made
                bot.kill()
        fake.stop()


def run(plan: Plan, instances: int = 1, postgres: str | None = None, logs: Path | None = None) -> Report:
    """Run the scenario; `logs`: a directory to keep the bot processes' logs in."""
    with tempfile.TemporaryDirectory() as name:
        try:
            with started(plan, instances, postgres, Path(name)) as running:
                return running.run()
        finally:
            if logs is not None:
                logs.mkdir(parents=True, exist_ok=True)
                for log in Path(name).glob("*.log"):
                    shutil.copy(log, logs / log.name)


def _row(values: list[float], unit: float = 1.0) -> str:
    if not values:
        return "–"
    finite = [v * unit for v in values if v != float("inf")]
    never = len(values) - len(finite)
    shown = (
        f"{statistics.median(finite):.2f} / {percentile(finite, 0.95):.2f} / {max(finite):.2f}"
        if finite
        else ""
    )
    return shown + (f" ({never} never shown)" if never else "")


def _budgets_spent(report: Report, plan: Plan) -> str:
    """The Slack budgets the people's failed actions ran into: each method Slack answered 429, with its
    budget and the pace at which the run asked for it."""
    spent = []
    for method, refused in report.limited.most_common():
        tier = METHOD_TIERS.get(method)
        budget = f"Tier {tier}, {TIER_PER_MINUTE[tier]:.0f} a minute per workspace" if tier else "per channel"
        asked = (report.calls[method] + refused) / (plan.seconds / 60)
        spent.append(f"{method}'s budget ({budget}; asked about {asked:.0f} a minute, retries included)")
    return "; ".join(spent) or "no Slack budget"


def verdicts(report: Report, plan: Plan, instances: int) -> list[str]:
    """Each target of issue 17, met or missed, and when missed what ran out."""
    acks = [ms for values in report.acks.values() for ms in values]
    lines = []
    slow = [ms for ms in acks if ms >= ACK_MAX_MS]
    p99 = percentile(acks, 0.99) if acks else 0.0
    met = not slow and p99 < ACK_P99_MS
    lines.append(
        f"acks under {ACK_MAX_MS} ms, p99 under {ACK_P99_MS}: {'met' if met else 'MISSED'} "
        f"(p99 {p99:.0f} ms, {len(slow)} over {ACK_MAX_MS} ms)"
        + (
            ""
            if met
            else f": the CPU (load average {report.load} on 2 shared cores) and the database writer turn"
        )
    )
    seen_errors = report.failed
    lines.append(
        f"no 429 a person sees, no call dropped after a 429: {'met' if not seen_errors else 'MISSED'}"
        + (
            ""
            if not seen_errors
            else f" ({len(seen_errors)} actions failed; 429s by method: {dict(report.limited)}; "
            "other errors: "
            f"{dict(report.failed_calls)}): {_budgets_spent(report, plan)} ran out"
        )
    )
    lags = report.board_lag_calm  # the faults' own lag is shown beside; the target is the board's pace
    finite = [v for v in lags if v != float("inf")]
    p95 = percentile(finite, 0.95) if finite else float("inf")
    worst = max(lags, default=0.0)
    met = worst <= BOARD_MAX_S and p95 <= BOARD_P95_S
    lines.append(
        f"every board shows every change within {BOARD_MAX_S:.0f} s (p95 {BOARD_P95_S:.0f} s), outside the "
        "faults: "
        f"{'met' if met else 'MISSED'} (p95 {p95:.1f} s, max {worst:.1f} s)"
        + (
            ""
            if met
            else f": chat.update's Tier 3 budget ({report.limited['chat.update']} 429s, "
            f"{report.calls['chat.update']} updates)"
        )
    )
    periods = math.ceil(plan.seconds / MEMBERSHIP_TTL)
    once = report.users_info_most <= 1 and report.members_calls <= periods
    lines.append(
        f"users.info once per person and conversations.members once per {MEMBERSHIP_TTL:.0f} s, whatever "
        f"the number of instances ({instances}): {'met' if once else 'MISSED'} (the most for one person: "
        f"{report.users_info_most}; conversations.members: {report.members_calls} calls in {periods} periods)"
    )
    lines.append(
        "the image drawn once per state: "
        f"{'met' if report.drawings <= report.images * instances else 'MISSED'} "
        f"({report.drawings} drawings for {report.images} distinct images)"
    )
    growth = {pid: end - warm for pid, (_peak, warm, end) in report.memory.items()}
    flat = all(g < 30 for g in growth.values())
    lines.append(
        f"memory flat after the warm-up: {'met' if flat else 'MISSED'} (growth MB: "
        + ", ".join(f"{g:+.0f}" for g in growth.values())
        + ")"
    )
    lines.append(
        f"nothing lost / doubled / answered wrongly: {len(report.lost)} / {len(report.doubled)} / "
        f"{len(report.wrong)}; every board true at the end: {report.boards_true}; bad and replayed requests "
        f"refused as at rest: {report.refused_at_rest}"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=0, help="how many (default 300; 12 with --smoke)")
    parser.add_argument("--fast", action="store_true", help="ten minutes of think time compressed into two")
    parser.add_argument("--smoke", action="store_true", help="a dozen people for about twenty seconds")
    parser.add_argument("--instances", type=int, default=1, help="bot processes on one database")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server (default: a SQLite file)")
    parser.add_argument("--logs", metavar="DIR", type=Path, help="keep the bot processes' logs there")
    args = parser.parse_args()
    plan = Plan.of(args)
    report = run(plan, args.instances, args.postgres, args.logs)
    print(
        f"{plan.people} people, {plan.seconds:.0f} s, {args.instances} instance(s), "
        f"{'PostgreSQL' if args.postgres else 'SQLite'}; load average at the end {report.load}"
    )
    print(f"{'ack':<22}{'count':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind, values in sorted(report.acks.items()):
        print(
            f"{kind:<22}{len(values):>6}{statistics.median(values):>9.1f}{percentile(values, 0.95):>9.1f}"
            f"{percentile(values, 0.99):>9.1f}{max(values):>9.1f}"
        )
    print(f"modal shown after the click, s (p50 / p95 / max): {_row(report.modal_shown)}")
    print(
        f"forms sent as a message, Slack too busy for a modal: {len(report.in_messages)}; after the click, "
        f"s (p50 / p95 / max): {_row(report.in_messages)}"
    )
    print(f"board shows a change after its ack, s (p50 / p95 / max): {_row(report.board_lag)}")
    print(f"  the same, changes outside the faults' window: {_row(report.board_lag_calm)}")
    print(f"/touchpoint map to the image shared, s (p50 / p95 / max): {_row(report.image_lag)}")
    print(
        "Slack calls answered (429s):",
        ", ".join(f"{m} {n} ({report.limited[m]})" for m, n in report.calls.most_common()),
    )
    if report.failed_calls:
        print("Slack errors:", dict(report.failed_calls))
    print(
        "memory MB (peak, after warm-up, end):",
        {pid: tuple(round(v) for v in mb) for pid, mb in report.memory.items()},
    )
    print(f"people told 'saved, but not shown yet' (the faults): {report.told_not_shown}")
    print(f"people told nothing was saved, or that Slack was too busy to open a form: {report.told_failed}")
    failed = Counter(item.split(":", 1)[0] for item in report.failed)
    print("actions that failed (and the person was told):", dict(failed) or "none")
    for what, items in (
        ("lost", report.lost),
        ("doubled", report.doubled),
        ("answered wrongly", report.wrong),
    ):
        for item in items[:10]:
            print(f"  {what}: {item}")
    for line in verdicts(report, plan, args.instances):
        print(line)


if __name__ == "__main__":
    main()
