"""Every rendering test fails on a missing glyph or a font matplotlib could not find."""

import logging
import warnings
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def no_missing_glyphs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    with (
        caplog.at_level(logging.WARNING, logger="matplotlib"),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        yield
    problems = [str(warning.message) for warning in caught if "Glyph" in str(warning.message)]
    problems += [record.getMessage() for record in caplog.records if record.name.startswith("matplotlib")]
    assert not problems, problems
