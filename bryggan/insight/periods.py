"""Reporting periods: a half-open range of days [start, end), presets and the buckets of a trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# A dashboard or report never spans more than this; longer ranges are a mistake, not a question.
MAX_YEARS = 20
EARLIEST = date(1990, 1, 1)
LATEST = date(2200, 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    """The days from `start` up to, but not including, `end`."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("A period must end after it starts.")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year + 1, 1, 1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = date(year, 3 * (quarter - 1) + 1, 1)
        return cls(first, first + relativedelta(months=3))

    @classmethod
    def inclusive(cls, start: date, last_day: date) -> Period:
        """Build a period from its first and last day, as people write it."""
        return cls(start, last_day + timedelta(days=1))

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=timezone.get_current_timezone())

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end, time.min, tzinfo=timezone.get_current_timezone())

    @property
    def months(self) -> int | None:
        """The length in whole months when the period runs from a first of month to a first of month."""
        if self.start.day != 1 or self.end.day != 1:
            return None
        delta = relativedelta(self.end, self.start)
        return delta.years * 12 + delta.months

    @property
    def is_year(self) -> bool:
        return self.months == 12 and self.start.month == 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        months = self.months
        if months:
            return Period(self.start - relativedelta(months=months), self.start)
        return Period(self.start - (self.end - self.start), self.start)

    def year_earlier(self) -> Period:
        """The same days one year earlier."""
        return Period(self.start - relativedelta(years=1), self.end - relativedelta(years=1))

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def _step(self) -> int:
        span = relativedelta(self.end, self.start)
        months = span.years * 12 + span.months + (1 if span.days else 0)
        return 1 if months <= 24 else 3 if months <= 120 else 12

    def buckets(self) -> list[Period]:
        """Split into months (up to two years), quarters (up to ten years) or years, for trends."""
        step = self._step()
        first = self.start.replace(day=1)
        if step == 3:
            first = first.replace(month=3 * ((first.month - 1) // 3) + 1)
        elif step == 12:
            first = first.replace(month=1)
        result = []
        cursor = first
        while cursor < self.end:
            following = cursor + relativedelta(months=step)
            result.append(Period(max(cursor, self.start), min(following, self.end)))
            cursor = following
        return result

    @property
    def bucket_kind(self) -> str:
        """ "month", "quarter" or "year": what one bucket of the trend is."""
        return {1: "month", 3: "quarter", 12: "year"}[self._step()]

    def label(self) -> str:
        """A short human label: "2026", "Q2 2026", "March 2026" or "1 Jan 2026 – 15 Mar 2026"."""
        months = self.months
        if self.is_year:
            return str(self.start.year)
        if months == 3 and self.start.month in (1, 4, 7, 10):
            return _("Q%(quarter)d %(year)d") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        if months == 1:
            return date_format(self.start, "F Y")
        return f"{date_format(self.start, 'j M Y')} – {date_format(self.last_day, 'j M Y')}"

    def short_label(self) -> str:
        """A label for one bucket of a trend chart."""
        months = self.months
        if months == 1:
            return date_format(self.start, "M Y")
        if months == 3 and self.start.month in (1, 4, 7, 10):
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        if self.is_year:
            return str(self.start.year)
        return f"{date_format(self.start, 'j M')}–{date_format(self.last_day, 'j M Y')}"

    def tick(self, one_year: bool) -> str:
        """A very short label for a chart axis."""
        months = self.months
        if months == 1:
            return date_format(self.start, "M" if one_year else "M y")
        if months == 3 and self.start.month in (1, 4, 7, 10):
            quarter = (self.start.month - 1) // 3 + 1
            return f"Q{quarter}" if one_year else f"Q{quarter} {self.start:%y}"
        if self.is_year:
            return str(self.start.year)
        return date_format(self.start, "j M")

    def as_query(self) -> str:
        return f"start={self.start.isoformat()}&end={self.last_day.isoformat()}"


def check_period(start: date, last_day: date) -> Period:
    """Return the period from `start` to `last_day` (inclusive) or raise ValueError with a translated message."""
    if last_day < start:
        raise ValueError(
            _("The period ends before it starts: choose an end date on or after the start date.")
        )
    if start < EARLIEST or last_day >= LATEST:
        raise ValueError(
            _("Choose dates between %(first)s and %(last)s.")
            % {"first": EARLIEST.isoformat(), "last": (LATEST - timedelta(days=1)).isoformat()}
        )
    if last_day >= start + relativedelta(years=MAX_YEARS):
        raise ValueError(_("A period can be at most %(years)d years long.") % {"years": MAX_YEARS})
    return Period.inclusive(start, last_day)


def presets(today: date | None = None) -> list[tuple[str, str, Period]]:
    """Return (key, label, period) for the quick choices: this year, last year, 12 months, quarters."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    current_quarter = (today.month - 1) // 3 + 1
    last_quarter_year, last_quarter = (
        (today.year, current_quarter - 1) if current_quarter > 1 else (today.year - 1, 4)
    )
    return [
        ("this-year", _("This year"), Period.year(today.year)),
        ("last-year", _("Last year"), Period.year(today.year - 1)),
        (
            "last-12-months",
            _("Last 12 months"),
            Period(this_month - relativedelta(months=11), this_month + relativedelta(months=1)),
        ),
        ("this-quarter", _("This quarter"), Period.quarter(today.year, current_quarter)),
        ("last-quarter", _("Last quarter"), Period.quarter(last_quarter_year, last_quarter)),
    ]


def default_period(today: date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period.year(today.year)
