"""Bar charts as inline SVG, drawn on the server: no JavaScript, no chart library.

A chart is an image with a text alternative (``<title>`` and ``<desc>``,
referenced by ``aria-labelledby``); the page shows the same figures in a
table beside it, so nothing is only in the picture. Colours are a fixed
palette that keeps 3:1 contrast against white (WCAG non-text contrast), and
each series is also named in the legend.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from markupsafe import Markup, escape

PALETTE = ("#0b5cad", "#a1261a", "#1a6b32", "#7a5200", "#6639a6", "#00666b", "#444d56")
"""Series colours, in order; each has at least 4.5:1 contrast on white."""

_ids = count(1)


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float, ...]


def stacked_bars(
    title: str,
    categories: list[str],
    series: list[Series],
    description: str,
    unit: str = "",
    width: int = 640,
    height: int = 260,
    y_title: str = "",
) -> Markup:
    """Vertical bars, one per category, each stacked from the series' values.

    The value axis counts in whole steps when every value is whole (no "2.5 RMAs"),
    and is titled ``y_title``; months (``YYYY-MM``) are labelled "Jan" with the year
    under January and the first bar; labels are thinned so they never overlap.
    """
    chart_id = f"chart-{next(_ids)}"
    left, right, top, bottom = 64, 12, 12, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    whole = all(v == int(v) for s in series for v in s.values)
    peak = _axis_top(max(totals, default=0.0), whole)
    slot = plot_w / max(len(categories), 1)
    bar_w = max(min(slot * 0.7, 48.0), 2.0)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    for step in range(5):  # gridlines and the axis labels
        value = peak * step / 4
        y = top + plot_h - plot_h * step / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d0d7de" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(_figure(value))}{escape(unit)}</text>"
        )
    if y_title:
        middle = top + plot_h / 2
        parts.append(
            f'<text class="axis-title" x="14" y="{middle:.1f}" text-anchor="middle" '
            f'transform="rotate(-90 14 {middle:.1f})">{escape(y_title)}</text>'
        )
    labels = [_category_label(c, i, categories) for i, c in enumerate(categories)]
    widest = max((len(first) for first, _ in labels), default=1) * 7 + 8  # 12px text
    label_every = max(1, -(-widest // max(int(slot), 1)))
    for i, category in enumerate(categories):
        x = left + slot * i + (slot - bar_w) / 2
        base: float = top + plot_h
        for s_index, s in enumerate(series):
            value = s.values[i]
            if value <= 0 or peak <= 0:
                continue
            h = plot_h * value / peak
            base -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[s_index % len(PALETTE)]}">'
                f"<title>{escape(category)}, {escape(s.name)}: "
                f"{escape(_figure(value))}{escape(unit)}</title></rect>"
            )
        if i % label_every == 0:
            first, second = labels[i]
            centre = x + bar_w / 2
            parts.append(
                f'<text x="{centre:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                f"{escape(first)}</text>"
            )
            if second:
                parts.append(
                    f'<text x="{centre:.1f}" y="{height - bottom + 31}" '
                    f'text-anchor="middle">{escape(second)}</text>'
                )
    parts.append(
        f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + plot_h}" '
        f'y2="{top + plot_h}" stroke="#4a5360"/></svg>'
    )
    legend = "".join(
        f'<li><svg class="swatch" viewBox="0 0 1 1"><rect width="1" height="1" '
        f'fill="{PALETTE[i % len(PALETTE)]}"/></svg>'  # no style attribute: the CSP forbids it
        f"{escape(s.name)}</li>"
        for i, s in enumerate(series)
    )
    return Markup("".join(parts) + f'<ul class="legend" aria-hidden="true">{legend}</ul>')


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _category_label(category: str, index: int, categories: list[str]) -> tuple[str, str]:
    """A bar's label as one or two lines: a month ``2026-01`` reads "Jan" over "2026" (the
    year only under January and the first bar); anything else as it is."""
    year, dash, month = category.partition("-")
    if not (dash and len(year) == 4 and year.isdigit() and month.isdigit() and len(month) == 2):
        return category, ""
    if not 1 <= int(month) <= 12:
        return category, ""
    return MONTHS[int(month) - 1], year if index == 0 or month == "01" else ""


def _axis_top(value: float, whole: bool) -> float:
    """The value axis' top: round, and for whole figures a multiple of the 4 steps drawn
    (so every gridline is a whole number)."""
    if not whole:
        return _nice_ceiling(value)
    magnitude = 1
    while True:
        for factor in (1, 2, 3, 5):  # steps of 1, 2, 3, 5, 10, 20, 30, 50 ...
            if factor * magnitude * 4 >= value:
                return float(factor * magnitude * 4)
        magnitude *= 10


def _nice_ceiling(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    magnitude = 1.0
    while magnitude * 10 <= value:
        magnitude *= 10
    while magnitude > value:
        magnitude /= 10
    for factor in (1, 2, 5, 10):
        if magnitude * factor >= value:
            return magnitude * factor
    return magnitude * 10


def _figure(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"
