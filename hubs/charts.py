"""Bar charts as SVG markup, drawn by our own code (no chart library, no script, no inline style).

The SVG is an image with a name (role="img" + <title>); its numbers are given to assistive
technology by the visually-hidden table the template places next to it (`Chart.rows`).
Colours are presentation attributes, which the strict Content-Security-Policy allows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 320, 200
TOP, BOTTOM, LEFT, RIGHT = 24, 36, 36, 8
BAR_COLOUR = "#0b3d91"  # the navbar's blue: 10:1 against white
TEXT_COLOUR = "#212529"
GRID_COLOUR = "#adb5bd"


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    rows: list[tuple[str, int | None]]  # (label, value); None = not counted
    svg: SafeString

    @property
    def has_data(self) -> bool:
        return any(value is not None for _label, value in self.rows)


def nice_max(value: int) -> int:
    """A round top for the axis: 1, 2, 5 × 10^n at or above the largest value (at least 1)."""
    if value <= 1:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(*, chart_id: str, title: str, rows: list[tuple[str, int | None]]) -> Chart:
    top = nice_max(max((v for _label, v in rows if v is not None), default=0))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(rows), 1)
    bar_w = slot * 0.6
    title_id = f"{chart_id}-title"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hub-chart" role="img" '
        f'aria-labelledby="{escape(title_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<text x="{LEFT}" y="15" font-size="14" fill="{TEXT_COLOUR}">{escape(title)}</text>',
    ]
    # Counts are whole numbers: a middle line only where it falls on one.
    for tick in (0, top // 2, top) if top % 2 == 0 else (0, top):
        y = TOP + plot_h - plot_h * tick / top
        label = str(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="0.5"/>'
            f'<text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{label}</text>'
        )
    for index, (label, value) in enumerate(rows):
        centre = LEFT + slot * index + slot / 2
        if value is None:
            shown = "—"
            bar_top = TOP + plot_h
        else:
            shown = str(value)
            height = plot_h * value / top
            bar_top = TOP + plot_h - height
            parts.append(
                f'<rect x="{centre - bar_w / 2:.1f}" y="{bar_top:.1f}" width="{bar_w:.1f}" '
                f'height="{height:.1f}" fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{centre:.1f}" y="{bar_top - 4:.1f}" font-size="12" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{escape(shown)}</text>'
            f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 18}" font-size="12" '
            f'text-anchor="middle" fill="{TEXT_COLOUR}">{escape(label)}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        f'stroke="{TEXT_COLOUR}" stroke-width="1"/></svg>'
    )
    # Every piece of text above went through escape(); the numbers are ours.
    return Chart(id=chart_id, title=title, rows=rows, svg=mark_safe("".join(parts)))  # noqa: S308  # nosec B308, B703
