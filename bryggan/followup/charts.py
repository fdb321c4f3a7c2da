"""SVG charts drawn on the server: no JavaScript, the same figures as the table next to them.

Each chart is an <svg role="img"> with a title and a description, so a screen reader announces
what it shows; the figures themselves are in the accessible table that always accompanies it.
Suppressed figures (“..”) are not drawn, and the chart says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count, pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from bryggan.lib.suppression import SUPPRESSED

# Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by shape as well.
COLOURS = ["#0b4f6c", "#8a3b12", "#1d6b3a", "#6b3fa0", "#8a5300", "#a4161a"]
MARKERS = ["circle", "square", "diamond", "triangle", "circle", "square"]
_ids = count(1)


def _num(value: float) -> str:
    value = 0.0 if abs(value) < 0.05 else value  # never "-0,0"
    return f"{value:.1f}".replace(".", ",") if abs(value) < 1000 else f"{value:.0f}"


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y:.1f} L{x:.1f} {y + 5:.1f} L{x - 5:.1f} {y:.1f} Z" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y + 4:.1f} L{x - 5:.1f} {y + 4:.1f} Z" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'


def _frame(title: str, description: str, width: int, height: int, body: str) -> SafeString:
    n = next(_ids)
    # Every text in `body` and here is escaped before it is joined.
    return mark_safe(
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="chart-t{n} chart-d{n}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-t{n}">{escape(title)}</title><desc id="chart-d{n}">{escape(description)}</desc>'
        f"{body}</svg>"
    )


def line_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | str | None]]],
    *,
    low: float | None = None,
    high: float | None = None,
) -> SafeString | None:
    """Means per occasion, one line per series; gaps where a figure is suppressed or missing."""
    numbers = [v for _label, values in series for v in values if isinstance(v, int | float)]
    if not numbers or not categories:
        return None
    low = min(numbers) if low is None else min(low, min(numbers))
    high = max(numbers) if high is None else max(high, max(numbers))
    if high == low:
        high = low + 1
    legend = len(series) > 1
    width, height, left, right, top, bottom = (
        (640 if legend else 420),
        260,
        48,
        (200 if legend else 44),
        16,
        40,
    )
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(categories) - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if len(categories) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - low) / (high - low))

    parts = [
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#c9d3db"/>'
    ]
    for t in range(5):
        value = low + (high - low) * t / 4
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#e3e8ec"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="12" fill="#4a5560">{_num(value)}</text>'
        )
    for i, label in enumerate(categories):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" font-size="12" fill="#1b1f23">{escape(label)}</text>'
        )
    hidden = False
    for s, (label, values) in enumerate(series):
        colour, marker = COLOURS[s % len(COLOURS)], MARKERS[s % len(MARKERS)]
        points = [(i, v) for i, v in enumerate(values) if isinstance(v, int | float)]
        hidden |= any(v == SUPPRESSED for v in values)
        for (i0, v0), (i1, v1) in pairwise(points):
            if i1 == i0 + 1:
                parts.append(
                    f'<line x1="{x(i0):.1f}" y1="{y(v0):.1f}" x2="{x(i1):.1f}" y2="{y(v1):.1f}" stroke="{colour}" stroke-width="2.5"/>'
                )
        parts.extend(_marker(marker, x(i), y(v), colour) for i, v in points)
        if not legend:
            continue
        legend_y = top + 14 + s * 20
        parts.append(
            _marker(marker, width - right + 16, legend_y - 4, colour)
            + f'<text x="{width - right + 26}" y="{legend_y}" font-size="12" fill="#1b1f23">{escape(label[:26])}</text>'
        )
    description = _("Mean per occasion; the same figures are in the table.")
    if hidden:
        description += " " + _("Suppressed figures (“..”) are not drawn.")
    return _frame(title, description, width, height, "".join(parts))


def share_bars(
    title: str, rows: Sequence[tuple[str, Sequence[float | str | None]]], labels: Sequence[str]
) -> SafeString | None:
    """Horizontal 100 % bars (e.g. improved, unchanged, worse), one per row; “..” rows say so."""
    if not rows:
        return None
    width, bar, gap, left, top = 640, 22, 14, 190, 36
    height = top + len(rows) * (bar + gap) + 10
    plot_w = width - left - 20
    parts = []
    for c, label in enumerate(labels):
        parts.append(
            f'<rect x="{left + c * 150}" y="8" width="12" height="12" fill="{COLOURS[c % len(COLOURS)]}"/>'
            f'<text x="{left + c * 150 + 18}" y="19" font-size="12" fill="#1b1f23">{escape(label)}</text>'
        )
    for r, (label, shares) in enumerate(rows):
        y = top + r * (bar + gap)
        parts.append(
            f'<text x="{left - 8}" y="{y + bar - 6}" text-anchor="end" font-size="12" fill="#1b1f23">{escape(label[:28])}</text>'
        )
        if any(not isinstance(v, int | float) for v in shares):
            note = escape(_("Suppressed or not available (..)"))
            parts.append(
                f'<text x="{left}" y="{y + bar - 6}" font-size="12" fill="#4a5560">{note}</text>'
            )
            continue
        offset = 0.0
        for c, share in enumerate(shares):
            w = plot_w * float(share) / 100  # type: ignore[arg-type]
            parts.append(
                f'<rect x="{left + offset:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{COLOURS[c % len(COLOURS)]}"/>'
            )
            if w > 34:
                parts.append(
                    f'<text x="{left + offset + w / 2:.1f}" y="{y + bar - 6}" text-anchor="middle" font-size="12" fill="#fff">{float(share):.0f} %</text>'  # type: ignore[arg-type]
                )
            offset += w
    description = _("Shares in per cent; the same figures are in the table.")
    return _frame(title, description, width, height, "".join(parts))


def dot_chart(
    title: str, rows: Sequence[tuple[str, float | str | None]], *, zero: bool = True
) -> SafeString | None:
    """One dot per unit (e.g. mean change); a line at zero; “..” units are listed without a dot."""
    numbers = [v for _label, v in rows if isinstance(v, int | float)]
    if not numbers:
        return None
    low, high = min([*numbers, 0.0] if zero else numbers), max([*numbers, 0.0] if zero else numbers)
    if high == low:
        high = low + 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    width, row_h, left, top = 640, 26, 220, 16
    height = top + len(rows) * row_h + 30
    plot_w = width - left - 30

    def x(v: float) -> float:
        return left + plot_w * (v - low) / (high - low)

    parts = []
    if zero:
        parts.append(
            f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{top - 6}" y2="{height - 24}" stroke="#4a5560" stroke-dasharray="4 3"/>'
        )
    for t in range(5):
        tick = low + (high - low) * t / 4
        parts.append(
            f'<text x="{x(tick):.1f}" y="{height - 8}" text-anchor="middle" font-size="12" fill="#4a5560">{_num(tick)}</text>'
        )
    for r, (label, value) in enumerate(rows):
        y = top + r * row_h + row_h / 2
        parts.append(
            f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="#1b1f23">{escape(label[:32])}</text>'
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e8ec"/>'
        )
        if isinstance(value, int | float):
            parts.append(_marker("circle", x(float(value)), y, COLOURS[0]))
        else:
            parts.append(
                f'<text x="{left + 6}" y="{y + 4:.1f}" font-size="12" fill="#4a5560">..</text>'
            )
    return _frame(title, _("The same figures are in the table."), width, height, "".join(parts))
