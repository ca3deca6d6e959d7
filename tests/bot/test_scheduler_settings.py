"""The scheduler's settings: defaults, and each malformed one named."""

from datetime import timedelta

import pytest

from bot.app import build_runtime
from bot.config import ConfigError, load_settings

GOOD = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "secret"}


def test_defaults_and_overrides():
    default = load_settings(GOOD)
    assert (default.reminder_grace_hours, default.scheduler_interval, default.scheduler_batch) == (6, 30, 20)
    custom = load_settings(
        {**GOOD, "REMINDER_GRACE_HOURS": "1.5", "SCHEDULER_INTERVAL": "0.5", "SCHEDULER_BATCH": "5"}
    )
    assert (custom.reminder_grace_hours, custom.scheduler_interval, custom.scheduler_batch) == (1.5, 0.5, 5)
    assert build_runtime(custom).workshop.revisits.grace == timedelta(hours=1.5)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REMINDER_GRACE_HOURS", "-1"),
        ("REMINDER_GRACE_HOURS", "six"),
        ("SCHEDULER_INTERVAL", "0"),
        ("SCHEDULER_INTERVAL", "nan"),
        ("SCHEDULER_BATCH", "2.5"),
        ("SCHEDULER_BATCH", "0"),
    ],
)
def test_malformed_scheduler_settings_are_named(name, value):
    with pytest.raises(ConfigError) as refused:
        load_settings({**GOOD, name: value})
    assert [problem.split(" ")[0] for problem in refused.value.problems] == [name]
