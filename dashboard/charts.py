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

from dashboard.text_fit import fit_lines

BARS = "bars"
LINES = "lines"

# The drawing's size in user units; the SVG scales to the width of its box.
WIDTH = 720
LABEL_WIDTH = 230
VALUE_WIDTH = 70
ROW_HEIGHT = 24
# A chart whose labels take two lines gives every row this height.
WRAPPED_ROW_HEIGHT = 36
LINE_SPACING = 14
BAR_HEIGHT = 16
# The text's size in the drawing's units (static/css/dashboard.css: .dashboard-svg).
FONT_SIZE = 13
LINE_HEIGHT = 280
PLOT_LEFT = 60
PLOT_RIGHT = 20
PLOT_TOP = 16
PLOT_BOTTOM = 40
# A label ends 8 units before its bar and keeps 4 from the drawing's left edge; a longer
# one takes two lines, and is shortened on the second (the table and the tooltip keep it
# whole).
LABEL_GAP = 8
LABEL_ROOM = LABEL_WIDTH - LABEL_GAP - 4
LABEL_LINES = 2


@dataclass(frozen=True)
class Series:
    key: str  # also the CSS class suffix: dash-series-<key>
    label: str


@dataclass(frozen=True)
class Row:
    """A label and one figure per series; None where a figure does not apply (the places
    left in a mode without a limit), shown as the chart's `no_figure`."""

    label: str
    values: tuple

    @property
    def drawn_total(self):
        return sum(value or 0 for value in self.values)


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
    # What the table says for a figure that does not apply (a None value), and for the
    # total of its row.
    no_figure: str = ""

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
                "values": [self._figure(value) for value in row.values],
                "total": self._figure(None if None in row.values else sum(row.values)),
            }
            for row in self.rows
        ]

    def _figure(self, value):
        return self.no_figure if value is None else _number(value)

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


def _bars(chart):
    shown = chart.rows[: chart.drawn_rows] if chart.drawn_rows else chart.rows
    largest = max((row.drawn_total for row in shown), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    labels = [
        fit_lines(row.label, room=LABEL_ROOM, font_size=FONT_SIZE, lines=LABEL_LINES)
        for row in shown
    ]
    row_height = WRAPPED_ROW_HEIGHT if any(len(lines) > 1 for lines in labels) else ROW_HEIGHT
    rows = []
    for index, (row, lines) in enumerate(zip(shown, labels, strict=True)):
        top = index * row_height
        middle = top + row_height / 2 + 4
        left = LABEL_WIDTH
        parts = []
        for series, value in zip(chart.series, row.values, strict=True):
            if value is None:
                continue
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
        first_line = middle - LINE_SPACING * (len(lines) - 1) / 2
        rows.append(
            {
                "lines": [
                    {"text": line, "y": _coordinate(first_line + LINE_SPACING * number)}
                    for number, line in enumerate(lines)
                ],
                # Wrapped or shortened: the whole label as the text's tooltip.
                "whole": lines == [row.label],
                "full_label": row.label,
                "label_y": _coordinate(middle),
                "bar_y": _coordinate(top + (row_height - BAR_HEIGHT) / 2),
                "parts": parts,
                "total": _number(row.drawn_total),
                "total_x": _coordinate(left + 6),
            }
        )
    return {
        "kind": BARS,
        "width": str(WIDTH),
        "height": str(max(len(rows), 1) * row_height),
        "label_x": str(LABEL_WIDTH - LABEL_GAP),
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
