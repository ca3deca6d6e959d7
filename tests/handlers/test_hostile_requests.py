"""The hostile-input suite, end to end: random, huge, control-character, bidi-override, mention and
markdown text typed into every form a person fills (the touchpoint modal, the message shortcut and its
draft, the stage and quick-add commands)
reaches the real app as Slack sends it. Nothing fails, whatever is stored is clean and fits, and nothing
the bot sends back pings, links or spoofs."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from storage.models import NAME_MAX, NOTE_MAX, TITLE_MAX, Map, Stage, Touchpoint
from tests.handlers.test_touchpoints import _shortcut_modal, _timeline
from tests.support.channel import Channelful
from tests.support.fake_slack import BOB, FakeSlack
from tests.support.hostile import call_payload, examples, harm, hostile_text
from tests.support.slack_driver import Reply, option_value

DRAWS = 6  # hostile texts per example, each through all four forms
CONTROLS = {chr(c) for c in range(32) if chr(c) not in "\n"} | set("\u202a\u202b\u202c\u202d\u202e\x7f")


class Watch:
    """What the bot sent Slack since the last look: every Web API call and every response_url post."""

    def __init__(self, fake: FakeSlack) -> None:
        self.fake = fake
        self.calls, self.responses = 0, 0

    def harm_since(self, *replies: Reply) -> list:
        calls, responses = self.fake.calls[self.calls :], self.fake.responses[self.responses :]
        self.calls, self.responses = len(self.fake.calls), len(self.fake.responses)
        found = [(c.method, harm(call_payload(c))) for c in calls] + [
            ("response", harm(r)) for r in responses
        ]
        found += [("reply", harm(r.json())) for r in replies if r.body]
        return [each for each in found if each[1]]


def _clean(text: str, limit: int) -> bool:
    return len(text) <= limit and not (CONTROLS & set(text))


@settings(
    max_examples=examples(10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(hostile_text(), min_size=DRAWS, max_size=DRAWS))
def test_hostile_text_in_every_form_fails_nothing_and_stays_harmless(bot, fake_slack, uow, texts):
    channel = Channelful(bot, fake_slack, uow)
    with uow() as session:
        started = session.scalar(select(Map.id)) is not None
    if not started:  # the app, and so the map, lives on from one example to the next
        _timeline(channel)
        channel.go_to_step(2)
    watch = Watch(fake_slack)
    for text in texts:
        replies = [bot.driver.command(f"stage add {text}")]

        view, view_id = channel.open_modal("tp_add_touchpoint", user=BOB)
        answers = {
            "stage": option_value(view, "stage", "Awareness"),
            "channel": option_value(view, "channel", "Website"),
            "title": text,
            "description": text,
            "need": text,
        }
        replies.append(bot.driver.submit(view, view_id, answers, user=BOB))

        message = {"ts": "1700000009.000100", "user": "U0CUSTOMR", "text": text}
        view, view_id = _shortcut_modal(channel, message, user=BOB)
        draft = bot.driver.submit(view, view_id, {"mode": "new", "polarity": "negative"}, user=BOB)
        replies.append(draft)
        if draft.body and draft.json().get("response_action") == "update":
            form = draft.json()["view"]
            title = next(b for b in form["blocks"] if b.get("block_id") == "title")["element"]
            answers = {
                "stage": option_value(form, "stage", "Purchase"),
                "channel": option_value(form, "channel", "Email"),
                "title": title.get("initial_value") or "From a message",
            }
            replies.append(bot.driver.submit(form, view_id, answers, user=BOB))

        replies.append(bot.driver.command(f"add Awareness / Website / {text}"))

        assert [r.status for r in replies] == [200] * len(replies)
        assert watch.harm_since(*replies) == [], json.dumps(text)
    told = [*fake_slack.responses, *(c.args for c in fake_slack.calls_to("chat.postEphemeral"))]
    failures = [each for each in told if "Something went wrong on my side" in json.dumps(each)]
    assert failures == []  # what the person sees of an unexpected error

    with uow() as session:
        names = session.scalars(select(Stage.name)).all()
        touchpoints = session.execute(select(Touchpoint.title, Touchpoint.description, Touchpoint.need)).all()
    assert all(_clean(name, NAME_MAX) for name in names)
    for title, description, need in touchpoints:
        assert (
            _clean(title, TITLE_MAX) and _clean(description or "", NOTE_MAX) and _clean(need or "", NOTE_MAX)
        )
