"""Aggregated reports of a follow-up plan, computed in numpy and suppressed as a whole.

All released measurements of a plan are read with one raw query into arrays. Every figure is
computed for the canonical table of the plan (units × reporting periods, with totals), that
table is protected with lib.suppression, and only then is the slice a user asked for (a unit
or all units, a period or all periods) picked out of it. Two reports with different filters
are therefore slices of one protected table and cannot be subtracted to reveal a client.

Definitions (docs/followup.md explains them for readers):
* n, mean, SD (n − 1), median over subjects with an answer or a score.
* Paired change: subjects with a score at baseline and at the follow-up occasion. Cohen's d is
  the mean change divided by the average SD of the two occasions (d_av); its 95 % confidence
  interval uses the variance (1/n + d²/2n)·2(1 − r), r the correlation between the occasions
  (Borenstein et al. 2009).
* Improved / unchanged / worse: a change of at least the subscale's smallest important change
  in the better direction counts as improved, as far in the other direction as worse. Without
  a stated smallest important change, half the SD at baseline of the whole plan is used.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from bryggan.followup.answers import parse_rows, subscale_scores
from bryggan.followup.models import (
    FollowupPlan,
    InstrumentVersion,
    Item,
    Measurement,
    Occasion,
    PlanUnit,
    ReleaseBatch,
    Subject,
    Subscale,
)
from bryggan.followup.services import measures_of
from bryggan.lib.suppression import SUPPRESSED, Protection, protect

Figure = float | int | str | None  # a number, ".." (suppressed) or None (nothing to show)
Z95 = 1.959963984540054


# ---- loading ----------------------------------------------------------------------------------


@dataclass
class Frame:
    """The released measurements of one instrument version at one occasion, as arrays."""

    version: InstrumentVersion
    occasion: Occasion
    items: list[Item]
    subscales: list[Subscale]
    subject: np.ndarray
    unit: np.ndarray
    period: np.ndarray
    scaled: np.ndarray
    scores: np.ndarray
    answered: np.ndarray
    raw: list[list[Any]] = field(default_factory=list)


@dataclass
class Canvas:
    """The plan's canonical table: its units and periods, and every released frame."""

    plan: FollowupPlan
    units: list[PlanUnit]
    periods: list[str]
    occasions: list[Occasion]
    frames: dict[tuple[int, int], Frame]
    subjects: dict[str, np.ndarray]
    pending: dict[int, set[int]] = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.units), len(self.periods)


def _rows(plan: FollowupPlan) -> list[tuple]:
    """Read released measurements with one query; values come back as JSON text."""
    cast = '"values"::text' if connection.vendor == "postgresql" else '"values"'
    sql = (
        f"SELECT subject_id, unit_id, period, occasion_id, version_id, batch_id, {cast} "
        "FROM followup_measurement WHERE plan_id = %s AND batch_id IS NOT NULL "
        "ORDER BY occasion_id, version_id, subject_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [plan.pk])
        return cursor.fetchall()


def load(plan: FollowupPlan) -> Canvas:
    """Load every released measurement of a plan into arrays, grouped by occasion and version."""
    units = list(plan.units.select_related("organisation").order_by("code"))
    unit_index = {unit.pk: i for i, unit in enumerate(units)}
    subject_rows = list(
        Subject.objects.filter(plan=plan).values_list("pk", "unit_id", "period", "enrolled_on")
    )
    periods = sorted({row[2] for row in subject_rows})
    period_index = {p: i for i, p in enumerate(periods)}
    occasions = list(plan.occasions.prefetch_related("versions").order_by("position", "pk"))
    subjects = {
        "id": np.array([r[0] for r in subject_rows], dtype=np.int64),
        "unit": np.array([unit_index[r[1]] for r in subject_rows], dtype=np.int64),
        "period": np.array([period_index[r[2]] for r in subject_rows], dtype=np.int64),
        "enrolled": np.array([r[3].toordinal() for r in subject_rows], dtype=np.int64),
    }
    withheld = {
        pk: set(codes)
        for pk, codes in ReleaseBatch.objects.filter(plan=plan)
        .exclude(withheld=[])
        .values_list("pk", "withheld")
    }
    versions = {v.pk: v for o in occasions for v in o.versions.all()}
    by_occasion = {o.pk: o for o in occasions}
    grouped: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for row in _rows(plan):
        grouped[(row[3], row[4])].append(row)
    frames = {}
    for (occasion_id, version_id), group in grouped.items():
        if occasion_id not in by_occasion or version_id not in versions:
            continue
        version = versions[version_id]
        items, subscales, members = measures_of(version)
        texts = [g[6] if isinstance(g[6], str) else json.dumps(g[6]) for g in group]
        scaled, answered, raw = parse_rows(items, texts)
        scores = subscale_scores(subscales, items, scaled, members)
        batch_ids = [g[5] for g in group]
        if withheld:
            codes = [i.code for i in items]
            sub_codes = [s.code for s in subscales]
            for r, batch in enumerate(batch_ids):
                for code in withheld.get(batch, ()):
                    if code in codes:
                        j = codes.index(code)
                        scaled[r, j] = np.nan
                        answered[r, j] = False
                    elif code in sub_codes:
                        scores[r, sub_codes.index(code)] = np.nan
        frames[(occasion_id, version_id)] = Frame(
            version=version,
            occasion=by_occasion[occasion_id],
            items=items,
            subscales=subscales,
            subject=np.array([g[0] for g in group], dtype=np.int64),
            unit=np.array([unit_index[g[1]] for g in group], dtype=np.int64),
            period=np.array([period_index.get(g[2], 0) for g in group], dtype=np.int64),
            scaled=scaled,
            scores=scores,
            answered=answered,
            raw=raw,
        )
    pending: dict[int, set[int]] = defaultdict(set)
    for subject_id, occasion_id in Measurement.objects.filter(
        plan=plan, batch__isnull=True
    ).values_list("subject_id", "occasion_id"):
        pending[occasion_id].add(subject_id)
    return Canvas(plan, units, periods, occasions, frames, subjects, dict(pending))


# ---- statistics on the canonical table ----------------------------------------------------------


def _float_margins(table: np.ndarray) -> np.ndarray:
    for axis in range(table.ndim):
        table = np.concatenate([table, table.sum(axis=axis, keepdims=True)], axis=axis)
    return table


def _cells(canvas: Canvas, unit: np.ndarray, period: np.ndarray) -> np.ndarray:
    return unit * len(canvas.periods) + period


@dataclass
class Slice:
    """Which cell of the canonical table a report shows: a unit index (or the total), a period."""

    unit: int | None
    period: int | None

    def index(self, canvas: Canvas) -> tuple[int, int]:
        units, periods = canvas.shape
        return (
            units if self.unit is None else self.unit,
            periods if self.period is None else self.period,
        )

    def rows(self, unit: np.ndarray, period: np.ndarray) -> np.ndarray:
        keep = np.ones(unit.shape[0], dtype=bool)
        if self.unit is not None:
            keep &= unit == self.unit
        if self.period is not None:
            keep &= period == self.period
        return keep


@dataclass
class Measure:
    """n, mean, SD and median of one measure at one occasion, protected over the whole table."""

    protection: Protection
    sums: np.ndarray
    squares: np.ndarray

    def n(self, index: tuple[int, int]) -> Figure:
        return self.protection.shown(index)

    def mean(self, index: tuple[int, int]) -> Figure:
        n = int(self.protection.table[index])
        if self.protection.hidden[index]:
            return SUPPRESSED
        return None if n == 0 else float(self.sums[index] / n)

    def sd(self, index: tuple[int, int]) -> Figure:
        n = int(self.protection.table[index])
        if self.protection.hidden[index]:
            return SUPPRESSED
        if n < 2:
            return None
        variance = (self.squares[index] - self.sums[index] ** 2 / n) / (n - 1)
        return float(math.sqrt(max(variance, 0.0)))


def measure(
    canvas: Canvas,
    values: np.ndarray,
    unit: np.ndarray,
    period: np.ndarray,
    protection: Protection | None = None,
) -> Measure:
    """Count, sum and sum of squares per cell of the canonical table, protected as a whole.

    Pass `protection` when the counts are already protected as part of a larger table (the
    margin of a distribution), so that one figure is hidden alike wherever it appears.
    """
    units, periods = canvas.shape
    valid = ~np.isnan(values)
    cells = _cells(canvas, unit[valid], period[valid])
    size = max(units * periods, 1)
    sums = np.bincount(cells, weights=values[valid], minlength=size)[: units * periods]
    squares = np.bincount(cells, weights=values[valid] ** 2, minlength=size)[: units * periods]
    if protection is None:
        counts = np.bincount(cells, minlength=size)[: units * periods].reshape(units, periods)
        protection = protect(counts, canvas.plan.suppression_minimum)
    return Measure(
        protection=protection,
        sums=_float_margins(sums.reshape(units, periods)),
        squares=_float_margins(squares.reshape(units, periods)),
    )


def _counts(
    canvas: Canvas, codes: np.ndarray, values: list[int], unit: np.ndarray, period: np.ndarray
) -> np.ndarray:
    units, periods = canvas.shape
    valid = ~np.isnan(codes)
    present = codes[valid]
    order = np.argsort(values)
    ordered = np.asarray(values, dtype=float)[order]
    position = np.clip(np.searchsorted(ordered, present), 0, max(len(values) - 1, 0))
    category = np.where(ordered[position] == present, order[position], -1).astype(np.int64)
    keep = category >= 0
    cells = _cells(canvas, unit[valid][keep], period[valid][keep])
    flat = category[keep] * units * periods + cells
    size = len(values) * units * periods
    return np.bincount(flat, minlength=max(size, 1))[:size].reshape(len(values), units, periods)


def distribution(
    canvas: Canvas,
    codes: np.ndarray,
    values: list[int],
    unit: np.ndarray,
    period: np.ndarray,
    margin_hidden: np.ndarray | None = None,
) -> Protection:
    """Counts of each value per cell: a (values × units × periods) table protected as a whole.

    `margin_hidden` (units + 1 × periods + 1) names totals that must be hidden anyway.
    """
    counts = _counts(canvas, codes, values, unit, period)
    initial = None
    if margin_hidden is not None:
        initial = np.zeros(tuple(d + 1 for d in counts.shape), dtype=bool)
        initial[-1] = margin_hidden
    return protect(counts, canvas.plan.suppression_minimum, hidden=initial)


def plane(protection: Protection, index: int) -> Protection:
    """One plane of a protected table (e.g. the totals over categories) as a table of its own."""
    return Protection(
        table=protection.table[index],
        hidden=protection.hidden[index],
        primary=protection.primary[index],
        minimum=protection.minimum,
    )


def _median(values: np.ndarray) -> float | None:
    values = values[~np.isnan(values)]
    return float(np.median(values)) if values.size else None


# ---- the report ---------------------------------------------------------------------------------


@dataclass
class StatRow:
    code: str
    label: str
    occasion: str
    n: Figure
    mean: Figure = None
    sd: Figure = None
    median: Figure = None
    missing: Figure = None
    distribution: list[dict[str, Any]] = field(default_factory=list)
    kind: str = ""


@dataclass
class ChangeRow:
    code: str
    label: str
    occasion: str
    n: Figure
    baseline: Figure
    followup: Figure
    change: Figure
    d: Figure
    d_low: Figure
    d_high: Figure
    improved: Figure
    unchanged: Figure
    worse: Figure
    improved_share: Figure
    unchanged_share: Figure
    worse_share: Figure
    threshold: float | None
    higher_is_better: bool


@dataclass
class ParticipationRow:
    occasion: str
    due: Figure
    measured: Figure
    missing: Figure


@dataclass
class Report:
    plan: FollowupPlan
    unit_label: str
    period_label: str
    minimum: int
    participation: list[ParticipationRow]
    subscales: list[StatRow]
    items: list[StatRow]
    changes: list[ChangeRow]
    baseline: str
    any_suppressed: bool = False


def _figure_hidden(value: Figure) -> bool:
    return value == SUPPRESSED


def participation(canvas: Canvas, where: Slice, today: date) -> list[ParticipationRow]:
    """Subjects due at each occasion, measured, and missing — protected as one table.

    Subjects whose measurement at the occasion waits for its batch are left out until it is
    released, so the figures never count them twice or reveal how many wait. The measured
    counts appear again as the n of the measures, so a line hides its total (due) first.
    """
    rows = []
    subjects = canvas.subjects
    units, periods = canvas.shape
    for occasion in canvas.occasions:
        if occasion.months is None:
            due = np.ones(subjects["id"].shape[0], dtype=bool)
        else:
            cutoff = (today - relativedelta(months=occasion.months)).toordinal()
            due = subjects["enrolled"] <= cutoff
        measured_ids: set[int] = set()
        for (occasion_id, _version_id), frame in canvas.frames.items():
            if occasion_id == occasion.pk:
                measured_ids.update(frame.subject.tolist())
        measured = np.isin(subjects["id"], np.fromiter(measured_ids, dtype=np.int64))
        waiting = np.isin(
            subjects["id"], np.fromiter(canvas.pending.get(occasion.pk, ()), dtype=np.int64)
        )
        due = (due | measured) & (measured | ~waiting)
        status = np.where(measured, 0, 1)[due]
        cells = _cells(canvas, subjects["unit"][due], subjects["period"][due])
        flat = status * units * periods + cells
        size = 2 * units * periods
        counts = np.bincount(flat, minlength=max(size, 1))[:size].reshape(2, units, periods)
        protection = protect(counts, canvas.plan.suppression_minimum, prefer_totals=[0])
        u, p = where.index(canvas)
        rows.append(
            ParticipationRow(
                occasion=occasion.label,
                due=protection.shown((2, u, p)),
                measured=protection.shown((0, u, p)),
                missing=protection.shown((1, u, p)),
            )
        )
    return rows


def _stat_rows(canvas: Canvas, frame: Frame, where: Slice) -> tuple[list[StatRow], list[StatRow]]:
    index = where.index(canvas)
    keep = where.rows(frame.unit, frame.period)
    subscales = []
    for k, subscale in enumerate(frame.subscales):
        values = frame.scores[:, k]
        figures = measure(canvas, values, frame.unit, frame.period)
        hidden = figures.protection.hidden[index]
        subscales.append(
            StatRow(
                code=subscale.code,
                label=subscale.label,
                occasion=frame.occasion.label,
                n=figures.n(index),
                mean=figures.mean(index),
                sd=figures.sd(index),
                median=SUPPRESSED if hidden else _median(values[keep]),
                kind="subscale",
            )
        )
    items = []
    for j, item in enumerate(frame.items):
        if item.kind in (Item.Kind.TEXT, Item.Kind.DATE):
            values = np.where(frame.answered[:, j], 1.0, np.nan)
            figures = measure(canvas, values, frame.unit, frame.period)
            items.append(
                StatRow(
                    item.code, item.text, frame.occasion.label, figures.n(index), kind=item.kind
                )
            )
            continue
        if item.kind == Item.Kind.MULTIPLE:
            items.append(_multiple_row(canvas, frame, j, item, index))
            continue
        values = frame.scaled[:, j]
        labels = item.value_labels
        table = None
        if item.is_coded:
            table = distribution(canvas, values, list(labels), frame.unit, frame.period)
            figures = measure(canvas, values, frame.unit, frame.period, plane(table, len(labels)))
        else:
            figures = measure(canvas, values, frame.unit, frame.period)
        hidden = figures.protection.hidden[index]
        row = StatRow(
            code=item.code,
            label=item.text,
            occasion=frame.occasion.label,
            n=figures.n(index),
            kind=item.kind,
        )
        if item.kind in Item.SCALED:
            row.mean = figures.mean(index)
            row.sd = figures.sd(index)
            row.median = SUPPRESSED if hidden else _median(values[keep])
        if table is not None:
            total = table.table[(len(labels), *index)]
            total_hidden = table.hidden[(len(labels), *index)]
            for c, (value, label) in enumerate(labels.items()):
                count = table.table[(c, *index)]
                cell_hidden = table.hidden[(c, *index)]
                row.distribution.append(
                    {
                        "value": value,
                        "label": label,
                        "n": SUPPRESSED if cell_hidden else int(count),
                        "share": SUPPRESSED
                        if cell_hidden or total_hidden
                        else (float(100.0 * count / total) if total else None),
                    }
                )
        items.append(row)
    return subscales, items


def _multiple_row(
    canvas: Canvas, frame: Frame, j: int, item: Item, index: tuple[int, int]
) -> StatRow:
    """A multiple-choice item: how many chose each option (each option a chose/did not table).

    Every option's table has the same totals (those who answered the item), so the options
    are protected together until they agree on which totals are hidden.
    """
    answered = frame.answered[:, j]
    options = list(item.value_labels.items())
    chose = {
        value: np.array(
            [
                (1.0 if value in (frame.raw[r][j] or []) else 0.0) if answered[r] else np.nan
                for r in range(len(frame.raw))
            ]
        )
        for value, _label in options
    }
    base = measure(canvas, np.where(answered, 1.0, np.nan), frame.unit, frame.period)
    margin = base.protection.hidden
    while True:
        tables = {
            value: distribution(canvas, chose[value], [1, 0], frame.unit, frame.period, margin)
            for value, _label in options
        }
        merged = margin.copy()
        for table in tables.values():
            merged |= table.hidden[2]
        if (merged == margin).all():
            break
        counts = base.protection.table[:-1, :-1]
        margin = protect(counts, canvas.plan.suppression_minimum, hidden=merged).hidden
    row = StatRow(
        item.code,
        item.text,
        frame.occasion.label,
        SUPPRESSED if margin[index] else int(base.protection.table[index]),
        kind=item.kind,
    )
    for value, label in options:
        table = tables[value]
        count, total = table.table[(0, *index)], table.table[(2, *index)]
        row.distribution.append(
            {
                "value": value,
                "label": label,
                "n": SUPPRESSED if table.hidden[(0, *index)] else int(count),
                "share": SUPPRESSED
                if table.hidden[(0, *index)] or margin[index]
                else (float(100.0 * count / total) if total else None),
            }
        )
    return row


def _threshold(subscale: Subscale, baseline_scores: np.ndarray) -> float | None:
    if subscale.important_change is not None:
        return float(subscale.important_change)
    values = baseline_scores[~np.isnan(baseline_scores)]
    if values.size < 2:
        return None
    return 0.5 * float(np.std(values, ddof=1))


@dataclass
class ChangeData:
    """Paired scores of one subscale at baseline and a follow-up, and the protected directions."""

    protection: Protection
    before: np.ndarray
    after: np.ndarray
    both: np.ndarray
    unit: np.ndarray
    period: np.ndarray
    threshold: float | None

    @property
    def change(self) -> np.ndarray:
        return np.where(self.both, self.after - self.before, np.nan)


def change_data(canvas: Canvas, first: Frame, later: Frame, code: str) -> ChangeData | None:
    """Pair the subjects scored on subscale `code` at two occasions and classify their change.

    The (improved, unchanged, worse) × units × periods table is protected once; its totals are
    the numbers of pairs, so every figure about the change hides alike in reports and comparisons.
    """
    codes0 = [s.code for s in first.subscales]
    codes1 = [s.code for s in later.subscales]
    if code not in codes0 or code not in codes1:
        return None
    k0, k1 = codes0.index(code), codes1.index(code)
    subscale = later.subscales[k1]
    _common, i0, i1 = np.intersect1d(first.subject, later.subject, return_indices=True)
    x0, x1 = first.scores[i0, k0], later.scores[i1, k1]
    both = ~np.isnan(x0) & ~np.isnan(x1)
    threshold = _threshold(subscale, first.scores[:, k0])
    better = (1.0 if subscale.higher_is_better else -1.0) * (x1 - x0)
    if threshold is None:
        direction = np.ones(x0.shape)  # no yardstick: every pair counts, none is classified
    else:
        direction = np.where(better >= threshold, 0.0, np.where(better <= -threshold, 2.0, 1.0))
    direction[~both] = np.nan
    unit, period = first.unit[i0], first.period[i0]
    protection = distribution(canvas, direction, [0, 1, 2], unit, period)
    return ChangeData(protection, x0, x1, both, unit, period, threshold)


def _changes(canvas: Canvas, where: Slice) -> tuple[list[ChangeRow], str]:
    if not canvas.occasions:
        return [], ""
    baseline = canvas.occasions[0]
    index = where.index(canvas)
    rows = []
    for occasion in canvas.occasions[1:]:
        for (occasion_id, version_id), frame in canvas.frames.items():
            if occasion_id != occasion.pk or (baseline.pk, version_id) not in canvas.frames:
                continue
            before = canvas.frames[(baseline.pk, version_id)]
            for subscale in frame.subscales:
                data = change_data(canvas, before, frame, subscale.code)
                if data is None:
                    continue
                table = data.protection
                hidden = bool(table.hidden[(3, *index)])
                keep = data.both & where.rows(data.unit, data.period)
                n = int(keep.sum())
                row = ChangeRow(
                    code=subscale.code,
                    label=subscale.label,
                    occasion=occasion.label,
                    n=SUPPRESSED if hidden else n,
                    baseline=None,
                    followup=None,
                    change=None,
                    d=None,
                    d_low=None,
                    d_high=None,
                    improved=None,
                    unchanged=None,
                    worse=None,
                    improved_share=None,
                    unchanged_share=None,
                    worse_share=None,
                    threshold=data.threshold,
                    higher_is_better=subscale.higher_is_better,
                )
                if hidden:
                    for name in ("baseline", "followup", "change", "d", "d_low", "d_high"):
                        setattr(row, name, SUPPRESSED)
                elif n:
                    a, b = data.before[keep], data.after[keep]
                    row.baseline, row.followup = float(a.mean()), float(b.mean())
                    row.change = float((b - a).mean())
                    effect = cohens_d(a, b)
                    if effect is not None:
                        row.d, row.d_low, row.d_high = effect
                if data.threshold is not None:
                    for c, name in enumerate(("improved", "unchanged", "worse")):
                        cell_hidden = bool(table.hidden[(c, *index)])
                        count = int(table.table[(c, *index)])
                        setattr(row, name, SUPPRESSED if cell_hidden else count)
                        setattr(
                            row,
                            f"{name}_share",
                            SUPPRESSED
                            if cell_hidden or hidden
                            else (float(100.0 * count / n) if n else None),
                        )
                rows.append(row)
    return rows, baseline.label


def score_ranges(canvas: Canvas) -> dict[str, tuple[float, float]]:
    """The lowest and highest possible score of every subscale (for honest chart axes)."""
    ranges: dict[str, tuple[float, float]] = {}
    for frame in canvas.frames.values():
        _items, _subscales, members = measures_of(frame.version)
        by_pk = {item.pk: item for item in frame.items}
        for subscale in frame.subscales:
            items = [by_pk[pk] for pk in members.get(subscale.pk, []) if pk in by_pk]
            lows = [i.low for i in items if i.low is not None]
            highs = [i.high for i in items if i.high is not None]
            if not items or len(lows) < len(items) or len(highs) < len(items):
                continue
            if subscale.method == Subscale.Method.SUM:
                ranges[subscale.code] = (float(sum(lows)), float(sum(highs)))
            else:
                ranges[subscale.code] = (float(min(lows)), float(max(highs)))
    return ranges


def cohens_d(before: np.ndarray, after: np.ndarray) -> tuple[float, float, float] | None:
    """Return Cohen's d_av for paired scores with its 95 % confidence interval, or None."""
    n = before.size
    if n < 3:
        return None
    sd0, sd1 = float(np.std(before, ddof=1)), float(np.std(after, ddof=1))
    spread = math.sqrt((sd0**2 + sd1**2) / 2)
    if spread == 0:
        return None
    d = float((after - before).mean()) / spread
    r = float(np.corrcoef(before, after)[0, 1]) if sd0 > 0 and sd1 > 0 else 0.0
    variance = (1 / n + d**2 / (2 * n)) * 2 * (1 - r)
    half = Z95 * math.sqrt(max(variance, 0.0))
    return d, d - half, d + half


def build(
    plan: FollowupPlan,
    *,
    unit: PlanUnit | None = None,
    period: str | None = None,
    canvas: Canvas | None = None,
    today: date | None = None,
) -> Report:
    """Build the report of one slice of a plan (a unit or all units, a period or all periods)."""
    canvas = canvas or load(plan)
    today = today or timezone.localdate()
    unit_index = None if unit is None else [u.pk for u in canvas.units].index(unit.pk)
    period_index = canvas.periods.index(period) if period in canvas.periods else None
    where = Slice(unit_index, period_index)
    subscales: list[StatRow] = []
    items: list[StatRow] = []
    for occasion in canvas.occasions:
        for version in occasion.versions.all():
            frame = canvas.frames.get((occasion.pk, version.pk))
            if frame is None:
                continue
            s, i = _stat_rows(canvas, frame, where)
            subscales.extend(s)
            items.extend(i)
    changes, baseline = _changes(canvas, where)
    report = Report(
        plan=plan,
        unit_label=unit.organisation.name if unit else _("All units in the plan"),
        period_label=period
        if period is not None and period_index is not None
        else _("All periods"),
        minimum=plan.suppression_minimum,
        participation=participation(canvas, where, today),
        subscales=subscales,
        items=items,
        changes=changes,
        baseline=baseline,
    )
    report.any_suppressed = any(SUPPRESSED in (r.n, r.mean) for r in [*subscales, *items]) or any(
        SUPPRESSED in (r.due, r.measured, r.missing) for r in report.participation
    )
    return report


# ---- comparison between units -------------------------------------------------------------------


@dataclass
class ComparisonRow:
    unit: str
    is_total: bool
    cells: list[dict[str, Figure]]
    change: Figure = None
    d: Figure = None
    n_pairs: Figure = None


@dataclass
class Comparison:
    code: str
    label: str
    occasions: list[str]
    rows: list[ComparisonRow]
    last: str
    higher_is_better: bool = True


def compare(
    plan: FollowupPlan,
    *,
    units: list[PlanUnit],
    period: str | None = None,
    canvas: Canvas | None = None,
) -> list[Comparison]:
    """Compare units on every subscale: n and mean per occasion, change from baseline to the last."""
    canvas = canvas or load(plan)
    period_index = canvas.periods.index(period) if period in canvas.periods else None
    visible = [i for i, u in enumerate(canvas.units) if u.pk in {x.pk for x in units}]
    result: list[Comparison] = []
    if not canvas.occasions:
        return result
    baseline, last = canvas.occasions[0], canvas.occasions[-1]
    subscale_defs: dict[tuple[int, str], Subscale] = {}
    for (_occasion_id, version_id), frame in canvas.frames.items():
        for subscale in frame.subscales:
            subscale_defs.setdefault((version_id, subscale.code), subscale)
    for (version_id, code), subscale in subscale_defs.items():
        measures = {}
        for occasion in canvas.occasions:
            found = canvas.frames.get((occasion.pk, version_id))
            if found is None:
                continue
            k = [s.code for s in found.subscales].index(code)
            measures[occasion.pk] = (
                measure(canvas, found.scores[:, k], found.unit, found.period),
                found,
                k,
            )
        change = None
        first = canvas.frames.get((baseline.pk, version_id))
        later = canvas.frames.get((last.pk, version_id))
        if first is not None and later is not None and last.pk != baseline.pk:
            change = change_data(canvas, first, later, code)
        change_measure = (
            measure(canvas, change.change, change.unit, change.period, plane(change.protection, 3))
            if change is not None
            else None
        )
        rows = []
        for unit_position in [*visible, None]:
            where = Slice(unit_position, period_index)
            index = where.index(canvas)
            cells: list[dict[str, Figure]] = []
            for occasion in canvas.occasions:
                entry = measures.get(occasion.pk)
                if entry is None:
                    cells.append({"n": None, "mean": None})
                    continue
                figures = entry[0]
                cells.append({"n": figures.n(index), "mean": figures.mean(index)})
            row = ComparisonRow(
                unit=canvas.units[unit_position].organisation.name
                if unit_position is not None
                else _("All units in the plan"),
                is_total=unit_position is None,
                cells=cells,
            )
            if change is not None and change_measure is not None:
                row.n_pairs = change_measure.n(index)
                row.change = change_measure.mean(index)
                if change_measure.protection.hidden[index]:
                    row.d = SUPPRESSED
                else:
                    keep = change.both & where.rows(change.unit, change.period)
                    effect = cohens_d(change.before[keep], change.after[keep])
                    row.d = effect[0] if effect else None
            rows.append(row)
        result.append(
            Comparison(
                code=code,
                label=subscale.label,
                occasions=[o.label for o in canvas.occasions],
                rows=rows,
                last=last.label,
                higher_is_better=subscale.higher_is_better,
            )
        )
    return result
