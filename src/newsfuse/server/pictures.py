"""Pictures on the story page as inline SVG (no script, no network): reports over time per
outlet, and who copied whom (the report's derivation pairs).

Every label is escaped; coordinates are numbers this module computes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from newsfuse.models import parse_published

_COPY = {"duplicate": "copy", "near_duplicate": "near copy", "rewrite": "rewrite"}


@dataclass(frozen=True, slots=True)
class Dot:
    """One report: its outlet row label, its day, and its number on the page."""

    outlet: str
    published: str | None
    no: int


@dataclass(frozen=True, slots=True)
class Pictures:
    timeline: Markup
    copies: Markup


def reports_over_time(dots: Sequence[Dot], *, width: int = 640) -> Markup:
    """One row per outlet, one dot per dated report on a shared day axis (empty when fewer
    than two reports are dated)."""
    dated = [(d, day) for d in dots if (day := parse_published(d.published))]
    if len(dated) < 2:
        return Markup("")
    outlets = list(dict.fromkeys(d.outlet for d, _ in dated))[:20]
    first = min(day for _, day in dated)
    span = max((max(day for _, day in dated) - first).days, 1)
    left, row, top = 170, 22, 26
    height = top + row * len(outlets) + 10
    parts = [_axis(first, span, left, width, top)]
    for k, outlet in enumerate(outlets):
        y = top + row * k + row // 2
        parts.append(
            f'<text x="{left - 8}" y="{y + 4}" text-anchor="end">{escape(outlet[:28])}</text>'
        )
        parts.append(f'<line x1="{left}" y1="{y}" x2="{width - 10}" y2="{y}" stroke="#d0d7de"/>')
    for dot, day in dated:
        if dot.outlet not in outlets:
            continue
        x = left + (width - 10 - left) * (day - first).days / span
        y = top + row * outlets.index(dot.outlet) + row // 2
        parts.append(f'<circle cx="{x:.1f}" cy="{y}" r="5" fill="#0b5cad"><title>{dot.no}: '
                     f"{escape(dot.outlet)}, {day.isoformat()}</title></circle>")  # fmt: skip
    return _figure("Reports over time, by outlet", width, height, parts)


def _axis(first: dt.date, span: int, left: int, width: int, top: int) -> str:
    last = first + dt.timedelta(days=span)
    return (
        f'<text x="{left}" y="{top - 10}">{first.isoformat()}</text>'
        f'<text x="{width - 10}" y="{top - 10}" text-anchor="end">{last.isoformat()}</text>'
    )


def copy_graph(labels: dict[str, str], derivation: Sequence[dict[str, Any]]) -> Markup:
    """Reports in order down the left, an arc from each report to the earlier one it copies or
    rewrites (duplicate, near duplicate, rewrite); empty when no report copies another."""
    pairs = [d for d in derivation if d.get("relation") in _COPY
             and d.get("a") in labels and d.get("b") in labels]  # fmt: skip
    if not pairs:
        return Markup("")
    order = list(labels)
    involved = sorted({order.index(d[k]) for d in pairs for k in ("a", "b")})
    row, top, width = 24, 12, 640
    y_of = {i: top + row * k + row // 2 for k, i in enumerate(involved)}
    parts = []
    for i in involved:
        label = labels[order[i]][:60]
        parts.append(f'<circle cx="40" cy="{y_of[i]}" r="4" fill="#1b1f24"/>'
                     f'<text x="52" y="{y_of[i] + 4}">{escape(label)}</text>')  # fmt: skip
    for d in pairs:
        ya, yb = y_of[order.index(d["a"])], y_of[order.index(d["b"])]
        bend = 40 - min(36, abs(yb - ya) * 0.6)
        tip = f"{escape(_COPY[d['relation']])}, similarity {float(d['similarity']):.2f}"
        curve = f"M40 {yb} Q{bend:.0f} {(ya + yb) / 2:.0f} 40 {ya}"
        parts.append(f'<path d="{curve}" fill="none" stroke="#b3261e" stroke-width="1.6">'
                     f"<title>{tip}</title></path>")  # fmt: skip
    height = top + row * len(involved) + 6
    return _figure("Who copied whom (later reports that copy or rewrite an earlier one)",
                   width, height, parts)  # fmt: skip


def _figure(caption: str, width: int, height: int, parts: list[str]) -> Markup:
    body = "".join(parts)
    return Markup(
        f'<figure class="picture"><svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" aria-label="{escape(caption)}">{body}</svg>'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )  # noqa: S704
