"""Charts as server-rendered SVG: no JavaScript, no CDN, the same markup in the page and the PDF.

Each chart is drawn next to a table with the same numbers (the table is what screen readers and
keyboard users read); the SVG carries a title and a description that point to it. A chart with no
data returns None so that the page can say so instead of drawing empty axes; a single point draws
one bar of sensible width.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from bryggan.insight.figures import SUPPRESSED, format_value, pick

INK = "#1b1f23"
MUTED = "#4a5560"
LINE = "#c9d3db"
BAR = "#0b4f6c"
BAR_LIGHT = "#5b8fa8"
FONT = "DejaVu Sans, system-ui, sans-serif"


def _svg(format_string: str, *args: Any, **kwargs: Any) -> SafeString:
    """format_html for SVG: numbers are written with one decimal, text is escaped."""

    def number(value: Any) -> Any:
        if isinstance(value, float):
            return f"{value:.1f}"
        return value

    return format_html(
        format_string.replace("{:.1f}", "{}"),
        *[number(a) for a in args],
        **{k: number(v) for k, v in kwargs.items()},
    )


def _numeric(value: Any) -> float | None:
    if value is None or value == SUPPRESSED:
        return None
    return float(value)


def _nice_max(value: float) -> float:
    """A round upper end for an axis (1, 2, 5 × 10ⁿ)."""
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return candidate
    return 10 ** (exponent + 1)


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines or [""]


def _frame(
    chart_id: str, title: str, description: str, width: int, height: int, body: SafeString
) -> SafeString:
    return _svg(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'font-family="{font}" font-size="12">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        id=chart_id,
        font=FONT,
        title=title,
        desc=description,
        body=body,
    )


def _same_numbers() -> str:
    return _("The same numbers are in the table that follows the chart.")


def bar_chart(
    points: Sequence[dict[str, Any]], *, chart_id: str, title: str, unit: str
) -> SafeString | None:
    """Columns over time (months, quarters or years); None when every value is zero or hidden."""
    values = [_numeric(p["value"]) for p in points]
    if not points or not any(v for v in values if v):
        return None
    width, height = 680, 260
    left, right, top, bottom = 48, 12, 24, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max(v for v in values if v is not None))
    slot = plot_w / len(points)
    bar_w = min(56.0, slot * 0.7)
    parts: list[SafeString] = []
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        parts.append(
            _svg(
                '<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{:.1f}" text-anchor="end" fill="{}">{}</text>',
                left,
                y,
                width - right,
                y,
                LINE,
                left - 6,
                y + 4,
                MUTED,
                format_value(top_value * fraction, unit),
            )
        )
    every = max(1, math.ceil(len(points) / 12))
    for index, (point, value) in enumerate(zip(points, values, strict=True)):
        x = left + slot * index + (slot - bar_w) / 2
        centre = x + bar_w / 2
        if value is not None and value > 0:
            bar_h = plot_h * value / top_value
            parts.append(
                _svg(
                    '<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"/>',
                    x,
                    top + plot_h - bar_h,
                    bar_w,
                    bar_h,
                    BAR,
                )
            )
            label_y = top + plot_h - bar_h - 4
        else:
            label_y = top + plot_h - 4
        if len(points) <= 24:
            parts.append(
                _svg(
                    '<text x="{:.1f}" y="{:.1f}" text-anchor="middle" fill="{}">{}</text>',
                    centre,
                    label_y,
                    INK,
                    point["text"],
                )
            )
        if index % every == 0:
            parts.append(
                _svg(
                    '<text x="{:.1f}" y="{}" text-anchor="middle" fill="{}">{}</text>',
                    centre,
                    height - bottom + 18,
                    MUTED,
                    pick(point.get("tick") or point["label"]),
                )
            )
    parts.append(
        _svg(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5"/>',
            left,
            top + plot_h,
            width - right,
            top + plot_h,
            INK,
        )
    )
    return _frame(chart_id, title, _same_numbers(), width, height, mark_safe("".join(parts)))


def hbar_chart(
    rows: Sequence[dict[str, Any]], *, chart_id: str, title: str, unit: str, limit: int = 25
) -> SafeString | None:
    """Horizontal bars, one per organisation (largest first); None when there is nothing to show."""
    rows = [r for r in rows if _numeric(r["value"])][:limit]
    if not rows:
        return None
    width, row_h, left, right = 680, 26, 230, 56
    height = 16 + row_h * len(rows)
    top_value = max(_numeric(r["value"]) or 0 for r in rows)
    plot_w = width - left - right
    parts: list[SafeString] = []
    for index, row in enumerate(rows):
        value = _numeric(row["value"]) or 0
        y = 8 + row_h * index
        bar_w = max(2.0, plot_w * value / top_value)
        name = pick(row["name"])
        if len(name) > 34:
            name = name[:33] + "…"
        parts.append(
            _svg(
                '<text x="{}" y="{:.1f}" text-anchor="end" fill="{}">{}</text>'
                '<rect x="{}" y="{:.1f}" width="{:.1f}" height="{}" fill="{}"/>'
                '<text x="{:.1f}" y="{:.1f}" fill="{}">{}</text>',
                left - 8,
                y + 15,
                INK,
                name,
                left,
                y + 3,
                bar_w,
                row_h - 8,
                BAR,
                left + bar_w + 6,
                y + 15,
                INK,
                row["text"],
            )
        )
    return _frame(chart_id, title, _same_numbers(), width, height, mark_safe("".join(parts)))


def funnel_chart(
    steps: Sequence[dict[str, Any]], *, chart_id: str, title: str
) -> SafeString | None:
    """Steps as centred bars that narrow as fewer records get further; None without data."""
    values = [_numeric(s["value"]) or 0 for s in steps]
    if not steps or not any(values):
        return None
    width, row_h = 680, 34
    height = 12 + row_h * len(steps)
    label_w = 240
    plot_w = width - label_w - 70
    top_value = max(values) or 1
    parts: list[SafeString] = []
    for index, (step, value) in enumerate(zip(steps, values, strict=True)):
        y = 6 + row_h * index
        bar_w = max(2.0, plot_w * value / top_value) if value else 0
        x = label_w + (plot_w - bar_w) / 2
        parts.append(
            _svg(
                '<text x="{}" y="{:.1f}" text-anchor="end" fill="{}">{}</text>'
                '<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{}" fill="{}"/>'
                '<text x="{}" y="{:.1f}" fill="{}">{}</text>',
                label_w - 10,
                y + 20,
                INK,
                pick(step["label"]),
                x,
                y + 4,
                bar_w,
                row_h - 8,
                BAR if index % 2 == 0 else BAR_LIGHT,
                label_w + plot_w + 10,
                y + 20,
                INK,
                format_value(value, "count"),
            )
        )
    return _frame(chart_id, title, _same_numbers(), width, height, mark_safe("".join(parts)))


def gap_map_chart(
    gap: dict[str, Any], *, chart_id: str, title: str, links: bool = True
) -> SafeString | None:
    """Priority areas × kinds of knowledge; the area of each circle is the number of records.

    With links, every cell is a link to its records with a label that says the numbers, so the map
    is usable by keyboard; the table after it gives the same links. Without links (the public
    report) it is a picture whose numbers are in the table.
    """
    rows, kinds = gap["rows"], gap["kinds"]
    if not rows or not kinds:
        return None
    cell_w, cell_h, left, top = 110, 56, 220, 56
    width = left + cell_w * len(kinds) + 10
    height = top + cell_h * len(rows) + 10
    radius = min(cell_w, cell_h) / 2 - 4
    biggest = gap["max"] or 1
    parts: list[SafeString] = []
    for column, kind in enumerate(kinds):
        lines = _wrap(pick(kind["label"]), 16)[:3]
        x = left + cell_w * column + cell_w / 2
        first_y = top - 8 - 14 * (len(lines) - 1)
        tspans = mark_safe(
            "".join(
                _svg('<tspan x="{:.1f}" y="{:.1f}">{}</tspan>', x, first_y + 14 * n, line)
                for n, line in enumerate(lines)
            )
        )
        parts.append(_svg('<text text-anchor="middle" fill="{}">{}</text>', INK, tspans))
    for index, row in enumerate(rows):
        y = top + cell_h * index
        lines = _wrap(pick(row["name"]), 30)[:2]
        tspans = mark_safe(
            "".join(
                _svg(
                    '<tspan x="{}" y="{:.1f}">{}</tspan>',
                    left - 10,
                    y + cell_h / 2 + 4 - 7 * (len(lines) - 1) + 14 * n,
                    line,
                )
                for n, line in enumerate(lines)
            )
        )
        parts.append(
            _svg(
                '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="{}"/>'
                '<text text-anchor="end" fill="{}">{}</text>',
                y,
                width,
                y,
                LINE,
                INK,
                tspans,
            )
        )
        for column, cell in enumerate(row["cells"]):
            cx = left + cell_w * column + cell_w / 2
            cy = y + cell_h / 2
            value = cell["value"]
            label = _("%(area)s, %(kind)s: %(count)s records") % {
                "area": pick(row["name"]),
                "kind": pick(kinds[column]["label"]),
                "count": value,
            }
            if value:
                r = max(5.0, radius * math.sqrt(value / biggest))
                shape = _svg(
                    '<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" fill="{}" fill-opacity="0.85"/>'
                    '<text x="{:.1f}" y="{:.1f}" text-anchor="middle" fill="{}" '
                    'font-weight="bold">{}</text>',
                    cx,
                    cy,
                    r,
                    BAR,
                    cx,
                    cy + 4 if r >= 12 else cy - r - 3,
                    "#ffffff" if r >= 12 else INK,
                    value,
                )
            else:
                shape = _svg(
                    '<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="none" stroke="{}"/>'
                    '<text x="{:.1f}" y="{:.1f}" text-anchor="middle" fill="{}">0</text>',
                    cx,
                    cy,
                    MUTED,
                    cx,
                    cy + 18,
                    MUTED,
                )
            if links:
                parts.append(_svg('<a href="{}" aria-label="{}">{}</a>', cell["url"], label, shape))
            else:
                parts.append(shape)
    if not links:
        return _frame(chart_id, title, _same_numbers(), width, height, mark_safe("".join(parts)))
    description = _(
        "Each circle is a link to the records; its area grows with their number. %(rest)s"
    ) % {"rest": _same_numbers()}
    return _svg(
        '<svg class="chart gap-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" role="group" aria-labelledby="{id}-title" '
        'aria-describedby="{id}-desc" font-family="{font}" font-size="12">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        id=chart_id,
        font=FONT,
        title=title,
        desc=description,
        body=mark_safe("".join(parts)),
    )
