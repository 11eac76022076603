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


def bar_chart(
    bars: list[Bar], *, width: int = 640, row_height: int = 26, label_width: int = 170
) -> SafeString:
    """A horizontal bar chart; ``text`` is printed after each bar (e.g. "12" or "45.3%").
    Bars without a value are drawn empty with their text, so missing data stays visible."""
    top = 6
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
            f'<text x="{label_width - 6}" y="{y + row_height * 0.65}" text-anchor="end" fill="#222">'
            f"{escape(bar.label[:14])}</text>"
            f'<rect x="{label_width}" y="{y + 4}" width="{bar_width}" height="{row_height - 8}" '
            f'fill="{BAR_COLOR}"/>'
            f'<text x="{label_width + bar_width + 5}" y="{y + row_height * 0.65}" fill="{MUTED}">'
            f"{escape(bar.text)}</text>"
        )
    parts.append(
        f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{height - top}" stroke="#999"/></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
