"""The geometry of a chart, without a request: bars in proportion, lines within the plot."""

import functools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from dashboard.charts import LINES, Chart, Row, Series, counts_chart, nice_step

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("largest", "step"), [(0, 1), (3, 1), (8, 2), (40, 10), (170, 50), (5000, 2000), (7321, 2000)]
)
def test_gridlines_fall_on_round_numbers(largest, step):
    assert nice_step(largest) == step


def drawn(chart):
    html = render_to_string("dashboard/includes/chart.html", {"chart": chart})
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])  # noqa: S314 (our own template)


def test_the_longest_bar_fills_the_room_and_the_others_are_in_proportion():
    chart = counts_chart(
        key="t",
        title="T",
        label_heading="Country",
        series_label="Registrations",
        counts=[("Russia", 2000), ("China", 500), ("Germany", 0)],
    )
    bars = list(drawn(chart).iter(f"{SVG_NS}rect"))
    # Nothing is drawn for zero; the room for bars is 720 - 230 - 70 = 420.
    assert [(bar.get("x"), bar.get("width")) for bar in bars] == [("230", "420"), ("230", "105")]


def test_a_single_day_is_a_point_not_a_line():
    chart = Chart(
        key="t",
        title="T",
        kind=LINES,
        series=[Series(key="online", label="Online")],
        rows=[Row(label="Mon 2 Mar", values=(7,))],
    )
    svg = drawn(chart)
    assert svg.findall(f"{SVG_NS}polyline") == []
    assert svg.find(f"{SVG_NS}circle").find(f"{SVG_NS}title").text == "Online: 7"


def test_coordinates_stay_numbers_in_russian_while_figures_are_russian():
    chart = Chart(
        key="t",
        title="T",
        kind=LINES,
        series=[Series(key="online", label="Online")],
        rows=[Row(label=f"day {n}", values=(n * 1000,)) for n in range(4)],
    )
    with translation.override("ru"):
        svg = drawn(chart)
    points = svg.find(f"{SVG_NS}polyline").get("points").split()
    # The plot runs from x 60 to 700, and from y 240 (0) up to 16 (3,000).
    assert points == ["60,240", "273.3,165.3", "486.7,90.7", "700,16"]
    assert [text.text for text in svg.iter(f"{SVG_NS}text")][:4] == [
        "0",
        "1\xa0000",
        "2\xa0000",
        "3\xa0000",
    ]


# Fonts a browser may draw the labels in (fonts-noto-core and fonts-noto-cjk come with
# `make test`; DejaVu and Liberation where Debian has them).
FONTS = [
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
]
LONG_LABELS = [
    "Mongolian University of Science and Technology",
    "MASSACHUSETTS INSTITUTE OF TECHNOLOGY (MIT), WOMEN IN MATHEMATICS",
    "Национальный исследовательский Томский политехнический университет",
    "ЩЮЖШЩЮЖШЩЮЖШЩЮЖШЩЮЖШЩЮЖШЩЮЖШЩЮЖШЩЮЖШЩЮЖШ",
    "中国科学院大学材料科学与光电技术学院国家重点实验室分部",
    "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm",
    "Tomsk State University",
]


@functools.cache
def font_advances():
    """For each font found: {code point: advance in em}."""
    from fontTools.ttLib import TTCollection, TTFont

    found = []
    for path in FONTS:
        if not path.exists():
            continue
        fonts = TTCollection(path).fonts[:1] if path.suffix == ".ttc" else [TTFont(path)]
        for font in fonts:
            metrics, units = font["hmtx"].metrics, font["head"].unitsPerEm
            found.append(
                {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
            )
    return found


def widest_rendering(text, font_size=13):
    """How wide `text` is in the widest of the fonts (a character a font lacks is measured
    in the others only)."""
    widths = []
    for advances in font_advances():
        widths.append(sum(advances.get(ord(char), 0) for char in text) * font_size)
    return max(widths)


def test_the_fonts_to_measure_with_are_there():
    # Noto Sans and Noto Sans CJK at least: `make test` installs them.
    assert len(font_advances()) >= 2


def test_long_labels_stay_inside_the_drawing_in_every_font():
    chart = counts_chart(
        key="institution",
        title="T",
        label_heading="Institution",
        series_label="Registrations",
        counts=[(label, 10 - n) for n, label in enumerate(LONG_LABELS)],
    )
    svg = drawn(chart)
    view_width = float(svg.get("viewBox").split()[2])
    height = float(svg.get("viewBox").split()[3])
    labels = [text for text in svg.iter(f"{SVG_NS}text") if text.get("class") == "dash-label"]
    assert len(labels) == len(LONG_LABELS)
    for text, label in zip(labels, LONG_LABELS, strict=True):
        assert text.get("text-anchor") == "end"
        lines = list(text.iter(f"{SVG_NS}tspan")) or [text]
        for line in lines:
            end = float(line.get("x", text.get("x")))
            start = end - widest_rendering(line.text)
            assert start >= 0 and end <= view_width, (label, line.text, start)
            assert 0 < float(line.get("y", text.get("y"))) <= height
        # A label that does not fit whole keeps its whole name as the tooltip.
        if label != "Tomsk State University":
            assert text.find(f"{SVG_NS}title").text == label
            assert len(lines) == 2
        else:
            assert (text.text, text.find(f"{SVG_NS}title")) == (label, None)
    # The figures after the bars end inside the drawing too.
    for value in svg.iter(f"{SVG_NS}text"):
        if value.get("class") == "dash-value":
            assert float(value.get("x")) + widest_rendering(value.text) <= view_width


def test_a_long_name_wraps_at_a_space_and_is_shortened_only_on_the_second_line():
    chart = counts_chart(
        key="t",
        title="T",
        label_heading="Institution",
        series_label="Registrations",
        counts=[(LONG_LABELS[2], 3), ("Tomsk State University", 2)],
    )
    svg = drawn(chart)
    lines = [span.text for span in svg.iter(f"{SVG_NS}tspan")]
    assert lines[0] == "Национальный"
    assert lines[1].startswith("исследовательский Томск") and lines[1].endswith("…")
    # Two-line labels: every row is 36 units high, the bars centred in them.
    assert svg.get("viewBox") == "0 0 720 72"
    assert [rect.get("y") for rect in svg.iter(f"{SVG_NS}rect")] == ["10", "46"]


def test_a_figure_that_does_not_apply_is_neither_drawn_nor_zero():
    chart = Chart(
        key="seats",
        title="Places taken and left",
        series=[Series(key="taken", label="Taken"), Series(key="left", label="Left")],
        rows=[Row(label="In person", values=(3, 2)), Row(label="Online", values=(4, None))],
        no_figure="no limit",
    )
    assert [(row["values"], row["total"]) for row in chart.table_rows()] == [
        (["3", "2"], "5"),
        (["4", "no limit"], "no limit"),
    ]
    svg = drawn(chart)
    bars = [(rect.get("class"), rect.get("width")) for rect in svg.iter(f"{SVG_NS}rect")]
    # The longest drawn bar is 5 (3 taken and 2 left) and fills the 420 units of room.
    assert bars == [
        ("dash-series-taken", "252"),
        ("dash-series-left", "168"),
        ("dash-series-taken", "336"),
    ]
