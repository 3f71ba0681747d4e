"""Bar charts as SVG, drawn by our own code (no chart library, no script, no inline style).

bar_chart() works out the geometry; templates/hubs/_chart.svg draws it. The SVG is an image with
a name (role="img" + <title>); its numbers are given to assistive technology by the
visually-hidden table the template places next to it (`Chart.rows`). Colours are presentation
attributes, which the strict Content-Security-Policy allows.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 320, 200
TOP, BOTTOM, LEFT, RIGHT = 24, 36, 36, 8


@dataclass(frozen=True)
class Tick:
    y: str  # the grid line
    label_y: str
    label: str


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str  # the value, or — when it was not counted
    centre: str
    shown_y: str  # the value is written just above the bar
    y: str = ""  # the rectangle; none when not counted
    x: str = ""
    width: str = ""
    height: str = ""


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    rows: list[tuple[str, int | None]]  # (label, value); None = not counted
    ticks: list[Tick]
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    tick_x: int = LEFT - 4
    right: int = WIDTH - RIGHT
    baseline: int = TOP + (HEIGHT - TOP - BOTTOM)
    label_y: int = HEIGHT - BOTTOM + 18

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


def _at(number: float) -> str:
    return f"{number:.1f}"


def bar_chart(*, chart_id: str, title: str, rows: list[tuple[str, int | None]]) -> Chart:
    top = nice_max(max((v for _label, v in rows if v is not None), default=0))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(rows), 1)
    bar_w = slot * 0.6
    # Counts are whole numbers: a middle line only where it falls on one.
    ticks = []
    for tick in (0, top // 2, top) if top % 2 == 0 else (0, top):
        y = TOP + plot_h - plot_h * tick / top
        ticks.append(Tick(_at(y), _at(y + 4), str(tick)))
    bars = []
    for index, (label, value) in enumerate(rows):
        centre = LEFT + slot * index + slot / 2
        if value is None:
            bars.append(Bar(label, "—", _at(centre), _at(TOP + plot_h - 4)))
            continue
        height = plot_h * value / top
        bar_top = TOP + plot_h - height
        bars.append(
            Bar(
                label,
                str(value),
                _at(centre),
                _at(bar_top - 4),
                y=_at(bar_top),
                x=_at(centre - bar_w / 2),
                width=_at(bar_w),
                height=_at(height),
            )
        )
    return Chart(id=chart_id, title=title, rows=rows, ticks=ticks, bars=bars)
