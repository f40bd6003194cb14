"""The geometry of a chart, without a request: bars in proportion, lines within the plot."""

import xml.etree.ElementTree as ET

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
