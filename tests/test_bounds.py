"""What a figure as written allows its true value to be (``brief/conflicts/bounds.py``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storylens.brief.conflicts.bounds import interval, is_floor, overlap
from storylens.model import Quantity


def allowed(text: str, value: float, before: str = "") -> tuple[float, float]:
    low, high = interval(Quantity(text, value, "people", 0, len(text), 0), before)
    return float(low), float(high)


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("37 people", 37, (37, 37)),
        ("about 300 homes", 300, (250, 350)),
        ("1.5 million women", 1.5e6, (1.45e6, 1.55e6)),
        ("as many as 1.5 million women", 1.5e6, (1.45e6, 1.5e6)),
        ("at least 40 people", 40, (40, 50)),
        ("more than 11,000 lines", 11000, (11000, 12000)),
        ("fewer than 100 workers", 100, (0, 100)),
        ("between 50 and 100 prisoners", 50, (50, 100)),
        ("$8 billion to $9 billion", 8e9, (8e9, 9e9)),
        ("$5bn to $6bn", 5e9, (5e9, 6e9)),
        ("5 to 6 columns", 5, (5, 6)),
        ("several thousand people", 3000, (3000, 9000)),
        ("a few hundred people", 200, (200, 500)),
    ],
)
def test_what_a_figure_allows(text: str, value: float, expected: tuple[float, float]) -> None:
    assert allowed(text, value) == expected


def test_a_qualifier_outside_the_figure_counts_too() -> None:
    assert allowed("500 people", 500, "the crowd numbered upwards of ") == (500, 600)
    assert is_floor(Quantity("500 people", 500, "people", 0, 10, 0), "upwards of ")
    assert not is_floor(Quantity("500 people", 500, "people", 0, 10, 0), "the ")


def test_ranges_that_only_touch_do_not_overlap_but_a_figure_at_an_end_does() -> None:
    eight, nine = (Decimal("7.5"), Decimal("8.5")), (Decimal("8.5"), Decimal("9.5"))
    assert not overlap(eight, nine)
    assert overlap(eight, (Decimal("8.5"), Decimal("8.5")))
    assert overlap((Decimal(37), Decimal(37)), (Decimal(37), Decimal(37)))
    assert not overlap((Decimal(37), Decimal(37)), (Decimal(40), Decimal(50)))
