"""Request numbers and lists: ASCII digits with a cap, bounded distinct values."""

import pytest

from portal.core.params import MAX_REPEATED, ascii_int, distinct_values


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("0", 0),
        ("", None),
        (None, None),
        ("²", None),  # str.isdigit() says yes; int() raises
        ("①", None),
        ("٣", None),  # Arabic-Indic digit: int() would accept it
        ("-3", None),
        ("1.5", None),
        ("9" * 4301, None),  # int() refuses; must not raise
        ("99999999999999999999999", None),  # beyond SQLite's 64 bits
        ("501", None),  # above the caller's upper bound
    ],
)
def test_ascii_int_accepts_only_plain_digits_within_bounds(raw, expected):
    assert ascii_int(raw, upper=500) == expected


def test_ascii_int_honours_the_lower_bound():
    assert ascii_int("0", lower=1, upper=10) is None
    assert ascii_int("1", lower=1, upper=10) == 1


def test_distinct_values_keeps_order_filters_and_stops_at_the_limit():
    assert distinct_values(["b", "a", "b", " ", "c"], allowed={"a", "b"}) == ("b", "a")
    many = (str(i) for i in range(100_000))
    assert len(distinct_values(many)) == MAX_REPEATED
