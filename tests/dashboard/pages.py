"""Reading the dashboard back from the admin index: its tables (by caption) and its SVG."""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

SVG = re.compile(r"<svg [^>]*class=\"dashboard-svg\".*?</svg>", re.DOTALL)


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables = {}
        self._rows = None
        self._caption = None
        self._text = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in {"th", "td", "caption"} and self._rows is not None:
            self._text = []

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "caption" and self._text is not None:
            self._caption = " ".join("".join(self._text).split())
            self._text = None
        elif tag in {"th", "td"} and self._text is not None:
            self._rows[-1].append("".join(self._text).strip())
            self._text = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._caption] = self._rows
            self._rows = None


def tables(response):
    """{caption: [[cell, ...], ...]} for every table of the page, header row first."""
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def svgs(response):
    """Every chart of the page, parsed as XML (raises if one is not well-formed)."""
    found = SVG.findall(response.content.decode())
    return [ET.fromstring(drawing) for drawing in found]  # noqa: S314 (our own page)
