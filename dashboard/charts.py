"""Charts as data, and their geometry as SVG coordinates.

A :class:`Chart` holds what a chart shows (a title, its series, one row of figures per
label); the template draws it as inline SVG (``dashboard/includes/chart.html``) and gives
the same figures as a table for screen readers. Nothing here queries the database.

The SVG carries no ``style`` attribute and no ``<style>`` element (the Content Security
Policy allows style sheets from our own origin only): sizes and positions are presentation
attributes, colours come from classes in static/css/dashboard.css.

Coordinates are strings formatted here, never numbers handed to the template: a template
localizes numbers (12,5 in Russian), which would break the SVG. Figures shown to people are
formatted in the active language with :func:`django.utils.formats.number_format`.
"""

import math
from dataclasses import dataclass, field

from django.utils.formats import number_format

BARS = "bars"
LINES = "lines"

# The drawing's size in user units; the SVG scales to the width of its box.
WIDTH = 720
LABEL_WIDTH = 230
VALUE_WIDTH = 70
ROW_HEIGHT = 24
BAR_HEIGHT = 16
LINE_HEIGHT = 280
PLOT_LEFT = 60
PLOT_RIGHT = 20
PLOT_TOP = 16
PLOT_BOTTOM = 40
# Labels longer than this are shortened in the drawing (the table and the tooltip keep
# them whole).
LABEL_CHARS = 32


@dataclass(frozen=True)
class Series:
    key: str  # also the CSS class suffix: dash-series-<key>
    label: str


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple


@dataclass
class Chart:
    """One chart: `rows` hold one figure per series, in the order of `series`.

    `label_heading` heads the table's first column (what a row is: a day, a country).
    `kind` is BARS (one horizontal bar per row, stacked by series) or LINES (rows are the
    points of a line per series, left to right). `description` says in a sentence what is
    counted; `empty` what to say when there are no rows."""

    key: str
    title: str
    series: list
    rows: list
    label_heading: str = ""
    kind: str = BARS
    description: str = ""
    empty: str = ""
    notes: list = field(default_factory=list)
    # Bars drawn at most (the table lists every row); None draws them all.
    drawn_rows: int | None = None

    @property
    def is_empty(self):
        return not self.rows

    @property
    def has_totals(self):
        return len(self.series) > 1

    def table_rows(self):
        """The rows as the table shows them: label, figures and total, formatted."""
        return [
            {
                "label": row.label,
                "values": [_number(value) for value in row.values],
                "total": _number(sum(row.values)),
            }
            for row in self.rows
        ]

    def drawing(self):
        if self.kind == LINES:
            return _lines(self)
        return _bars(self)


def counts_chart(*, key, title, counts, label_heading, series_label, description="", empty=""):
    """A one-series bar chart from ``[(label, count), ...]``: the shape most charts take
    (by status, by country...), and the easiest for another app's provider to build."""
    return Chart(
        key=key,
        title=title,
        series=[Series(key="count", label=series_label)],
        rows=[Row(label=str(label), values=(count,)) for label, count in counts],
        label_heading=label_heading,
        description=description,
        empty=empty,
    )


def _number(value):
    return number_format(value, force_grouping=True)


def _coordinate(value):
    return f"{value:.1f}".removesuffix(".0")


def _short(label):
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _bars(chart):
    shown = chart.rows[: chart.drawn_rows] if chart.drawn_rows else chart.rows
    largest = max((sum(row.values) for row in shown), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows = []
    for index, row in enumerate(shown):
        top = index * ROW_HEIGHT
        left = LABEL_WIDTH
        parts = []
        for series, value in zip(chart.series, row.values, strict=True):
            width = room * value / largest
            if value:
                parts.append(
                    {
                        "x": _coordinate(left),
                        "width": _coordinate(max(width, 1)),
                        "series": series.key,
                        "tooltip": f"{row.label}, {series.label}: {_number(value)}",
                    }
                )
            left += width
        rows.append(
            {
                "label": _short(row.label),
                "full_label": row.label,
                "label_y": _coordinate(top + ROW_HEIGHT / 2 + 4),
                "bar_y": _coordinate(top + (ROW_HEIGHT - BAR_HEIGHT) / 2),
                "parts": parts,
                "total": _number(sum(row.values)),
                "total_x": _coordinate(left + 6),
            }
        )
    return {
        "kind": BARS,
        "width": str(WIDTH),
        "height": str(max(len(rows), 1) * ROW_HEIGHT),
        "label_x": str(LABEL_WIDTH - 8),
        "bar_height": str(BAR_HEIGHT),
        "rows": rows,
    }


def nice_step(largest, ticks=4):
    """A round step (1, 2 or 5 times a power of ten) that divides 0..largest into about
    `ticks` gridlines."""
    if largest <= 0:
        return 1
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return max(int(multiple * power), 1)
    return int(10 * power)


def _lines(chart):
    count = len(chart.rows)
    largest = max((max(row.values) for row in chart.rows), default=0)
    step = nice_step(largest)
    top_value = max(step * math.ceil(largest / step), step)
    plot_width = WIDTH - PLOT_LEFT - PLOT_RIGHT
    plot_height = LINE_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    bottom = PLOT_TOP + plot_height

    def x_of(index):
        return PLOT_LEFT + (plot_width * index / (count - 1) if count > 1 else plot_width / 2)

    def y_of(value):
        return bottom - plot_height * value / top_value

    gridlines = [
        {"y": _coordinate(y_of(value)), "label": _number(value)}
        for value in range(0, top_value + 1, step)
    ]
    # At most six labels along the x axis: the first, the last and evenly between.
    shown = sorted({round(i * (count - 1) / 5) for i in range(6)}) if count > 1 else [0]
    # The first label starts at its day and the last ends at it, so neither is cut off.
    x_labels = [
        {
            "x": _coordinate(x_of(index)),
            "label": chart.rows[index].label,
            "anchor": "start" if index == 0 else "end" if index == count - 1 else "middle",
        }
        for index in shown
        if count
    ]
    lines = []
    for position, series in enumerate(chart.series):
        points = [(x_of(i), y_of(row.values[position])) for i, row in enumerate(chart.rows)]
        last = chart.rows[-1].values[position] if count else 0
        lines.append(
            {
                "series": series.key,
                "label": series.label,
                "points": " ".join(f"{_coordinate(x)},{_coordinate(y)}" for x, y in points),
                "single": count == 1,
                "end_x": _coordinate(points[-1][0]) if points else "0",
                "end_y": _coordinate(points[-1][1]) if points else "0",
                "tooltip": f"{series.label}: {_number(last)}",
            }
        )
    return {
        "kind": LINES,
        "width": str(WIDTH),
        "height": str(LINE_HEIGHT),
        "left": str(PLOT_LEFT),
        "right": str(WIDTH - PLOT_RIGHT),
        "bottom": _coordinate(bottom),
        "axis_label_x": str(PLOT_LEFT - 8),
        "x_label_y": _coordinate(bottom + 20),
        "gridlines": gridlines,
        "x_labels": x_labels,
        "lines": lines,
    }
