"""Corrections are bounded in the library, not only in the web form: any caller of
``vigie.review`` stores only values the rest of the pipeline can read back (issue 13)."""

from __future__ import annotations

import pytest

import vigie.link  # noqa: F401  (vigie.review imported first is a circular import)
from vigie.limits import MAX_COUNT
from vigie.review import ReviewError, parse_value


@pytest.mark.parametrize("field, raw", [
    ("fatalities_low", "12345678901234567890123"), ("fatalities_low", "-3"), ("fatalities_low", "１２"),
    ("fatalities_low", "1_0"), ("fatalities_low", "²"), ("latitude", "nan"), ("latitude", "inf"),
    ("latitude", "91"), ("longitude", "-180.5"), ("event_date", "0001-01-01"), ("event_date", "2016-02-31"),
    ("event_date", "2016-2-3"),
])
def test_implausible_corrections_are_refused(field, raw):
    with pytest.raises(ReviewError, match="not a valid"):
        parse_value(field, raw)


def test_plausible_corrections_are_read():
    assert parse_value("fatalities_low", str(MAX_COUNT)) == MAX_COUNT
    assert parse_value("latitude", "-90") == -90.0
    assert parse_value("event_date", "2016-02-29") == "2016-02-29"
    assert parse_value("fatalities_low", "") is None
