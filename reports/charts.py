"""Charts drawn on the server as SVG, embedded inline in the report HTML (no browser needed)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "Noto Sans CJK SC, sans-serif"
BAR_COLOR = "#1f5f8b"
MUTED = "#6c757d"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | None
    text: str


# A label longer than this many characters wraps onto a second line; longer than two lines ends in "…".
LABEL_LINE_CHARS = 13


def label_lines(label: str, per_line: int = LABEL_LINE_CHARS) -> list[str]:
    """A label in at most two lines, so long project names are never cut off silently."""
    if len(label) <= per_line:
        return [label]
    second = label[per_line:]
    if len(second) > per_line:
        second = second[: per_line - 1] + "…"
    return [label[:per_line], second]


def _label_svg(label: str, *, x: int, y: float, row_height: int) -> str:
    lines = label_lines(label)
    if len(lines) == 1:
        return (
            f'<text x="{x}" y="{y + row_height * 0.65}" text-anchor="end" fill="#222">{escape(label)}</text>'
        )
    first_y = y + row_height * 0.42
    return (
        f'<text x="{x}" y="{first_y}" text-anchor="end" fill="#222" font-size="11">'
        f'<tspan x="{x}" y="{first_y}">{escape(lines[0])}</tspan>'
        f'<tspan x="{x}" y="{first_y + 12}">{escape(lines[1])}</tspan></text>'
    )


def bar_chart(
    bars: list[Bar], *, width: int = 640, row_height: int = 26, label_width: int = 170
) -> SafeString:
    """A horizontal bar chart; ``text`` is printed after each bar (e.g. "12" or "45.3%").
    Bars without a value are drawn empty with their text, so missing data stays visible.
    Long labels wrap onto two lines (the rows grow to fit them)."""
    top = 6
    if any(len(label_lines(bar.label)) > 1 for bar in bars):
        row_height = max(row_height, 32)
    height = top * 2 + row_height * max(len(bars), 1)
    values = [bar.value for bar in bars if bar.value is not None]
    largest = max(values, default=0) or 1
    plot_width = width - label_width - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12">'
    ]
    for index, bar in enumerate(bars):
        y = top + index * row_height
        bar_width = 0 if bar.value is None else round(float(bar.value) / float(largest) * plot_width, 1)
        parts.append(
            _label_svg(bar.label, x=label_width - 6, y=y, row_height=row_height)
            + f'<rect x="{label_width}" y="{y + 4}" width="{bar_width}" height="{row_height - 8}" '
            f'fill="{BAR_COLOR}"/>'
            f'<text x="{label_width + bar_width + 5}" y="{y + row_height * 0.65}" fill="{MUTED}">'
            f"{escape(bar.text)}</text>"
        )
    parts.append(
        f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{height - top}" stroke="#999"/></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
