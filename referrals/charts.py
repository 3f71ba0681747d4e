"""The case funnel as SVG, drawn by our own code like hubs/charts.py (no chart library, no
script, no inline style): one bar per stage, centred, its width the share of the cases
opened. templates/referrals/_funnel.svg draws it; the visually-hidden table beside it gives
the numbers to assistive technology."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 560
ROW, GAP, TOP = 28, 8, 28
LABEL_W, VALUE_W = 190, 48  # the stage names at the left, the counts at the right


@dataclass(frozen=True)
class FunnelBar:
    label: str
    value: int
    share: str  # of the first bar, as a percentage ("—" when nothing was opened)
    x: str
    y: str
    width: str
    text_y: str


@dataclass(frozen=True)
class Funnel:
    id: str
    title: str
    bars: list[FunnelBar]
    height: int
    width: int = WIDTH
    label_x: int = LABEL_W - 8
    value_x: int = WIDTH - 4

    @property
    def has_data(self) -> bool:
        return bool(self.bars) and self.bars[0].value > 0


def funnel_chart(*, chart_id: str, title: str, rows: list[tuple[str, int]]) -> Funnel:
    first = rows[0][1] if rows else 0
    plot_w = WIDTH - LABEL_W - VALUE_W
    centre = LABEL_W + plot_w / 2
    bars = []
    for index, (label, value) in enumerate(rows):
        share = value / first if first else 0
        # A stage nobody reached still shows a hairline, so that the row reads as zero.
        width = max(plot_w * share, 1.0)
        y = TOP + index * (ROW + GAP)
        bars.append(
            FunnelBar(
                label=label,
                value=value,
                share=f"{share:.0%}" if first else "—",
                x=f"{centre - width / 2:.1f}",
                y=f"{y:.1f}",
                width=f"{width:.1f}",
                text_y=f"{y + ROW / 2 + 5:.1f}",
            )
        )
    height = TOP + len(rows) * (ROW + GAP)
    return Funnel(id=chart_id, title=title, bars=bars, height=height)
