"""Periods of whole days: overlap, the share of a year a period covers, and peak concurrent load.

A period is (start, end) with both days included; None means open (no start or no end).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

Period = tuple[date | None, date | None]


def overlaps(a: Period, b: Period) -> bool:
    """True when two periods share at least one day."""
    a_start, a_end = a
    b_start, b_end = b
    if a_end is not None and b_start is not None and a_end < b_start:
        return False
    return not (b_end is not None and a_start is not None and b_end < a_start)


def days_in_year(start: date, end: date, year: int) -> int:
    """Return how many days of `year` the period start–end covers."""
    first = max(start, date(year, 1, 1))
    last = min(end, date(year, 12, 31))
    return max((last - first).days + 1, 0)


def year_length(year: int) -> int:
    return (date(year, 12, 31) - date(year, 1, 1)).days + 1


def peak_load(
    loads: Iterable[tuple[date, date | None, int]], window: Period
) -> tuple[int, date | None]:
    """Return the highest sum of concurrent loads inside `window` and the first day it occurs.

    Each load is (start, end, amount); the sum on a day counts every load whose period holds it.
    """
    changes: dict[date, int] = {}
    w_start, w_end = window
    for start, end, amount in loads:
        if not overlaps((start, end), window):
            continue
        first = max(start, w_start) if w_start else start
        changes[first] = changes.get(first, 0) + amount
        last = min(end, w_end) if end and w_end else (end or w_end)
        if last is not None:
            after = last + timedelta(days=1)
            changes[after] = changes.get(after, 0) - amount
    peak, peak_day, running = 0, None, 0
    for day in sorted(changes):
        running += changes[day]
        if running > peak:
            peak, peak_day = running, day
    return peak, peak_day
