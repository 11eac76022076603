"""The trend chart of an indicator against its target path, drawn as SVG on the server: no
JavaScript, so it shows on the public pages and in the PDF alike. Presentation only."""

import datetime
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .status import Point, target_date

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 36


def _number(value: Decimal) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def trend_svg(indicator, observations, *, title: str = "") -> str:
    """A line of the observations, the dashed straight path from baseline to target and the target
    point; an empty string without observations."""
    points = [Point(o.observed_on, o.value) for o in observations]
    if not points:
        return ""
    points.sort(key=lambda p: p.on)
    baseline = (
        Point(indicator.baseline_date, indicator.baseline_value) if indicator.baseline_date else points[0]
    )
    target = (
        Point(target_date(indicator.target_year), indicator.target_value) if indicator.target_year else None
    )
    path = [baseline, target] if target else []
    everything = points + path
    first = min(p.on for p in everything)
    last = max(p.on for p in everything)
    if last == first:
        first, last = first - datetime.timedelta(days=180), last + datetime.timedelta(days=180)
    low = min(min(p.value for p in everything), Decimal(0))
    high = max(p.value for p in everything)
    if high == low:
        high = low + 1
    high = high * Decimal("1.1")
    span_days = (last - first).days

    def x(on: datetime.date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (on - first).days / span_days

    def y(value: Decimal) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * float((high - value) / (high - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="trend-chart" '
        f'role="img" aria-label="{escape(title or indicator.name)}">',
        f"<title>{escape(title or indicator.name)}</title>",
    ]
    for step in range(5):
        value = low + (high - low) * Decimal(step) / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#dee2e6"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" fill="#495057">'
            f"{escape(_number(value))}</text>"
        )
    for year in range(first.year, last.year + 2):
        tick = datetime.date(year, 1, 1)
        if first <= tick <= last:
            parts.append(
                f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" '
                f'stroke="#f1f3f5"/>'
                f'<text x="{x(tick):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" '
                f'fill="#495057">{year}</text>'
            )
    if path:
        parts.append(
            f'<line x1="{x(baseline.on):.1f}" y1="{y(baseline.value):.1f}" x2="{x(target.on):.1f}" '
            f'y2="{y(target.value):.1f}" stroke="#6c757d" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<circle cx="{x(target.on):.1f}" cy="{y(target.value):.1f}" r="5" fill="#fff" stroke="#198754" '
            f'stroke-width="2"><title>{escape(_("Target"))} {escape(_number(target.value))}</title></circle>'
        )
    line = " ".join(f"{x(p.on):.1f},{y(p.value):.1f}" for p in points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="#0d6efd" stroke-width="2.5"/>')
    for p in points:
        parts.append(
            f'<circle cx="{x(p.on):.1f}" cy="{y(p.value):.1f}" r="3.5" fill="#0d6efd">'
            f"<title>{p.on.isoformat()}: {escape(_number(p.value))}</title></circle>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text part above is escaped
