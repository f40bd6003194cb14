"""The parts of a page that scroll inside their box (a <pre> with a long line: the admin's
CSS gives every <pre> `overflow-x: auto`), as a keyboard and a screen reader meet them.

axe-core's rule scrollable-region-focusable asks that such a region can take the focus
(tabindex="0"), and a focusable region needs a role and a name: here, the texts of the
elements its aria-labelledby names."""

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class Region:
    tabindex: str | None
    role: str | None
    name: str


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts = {}  # id -> its text
        self.pres = []  # the attributes of each <pre>
        self._open = []  # [id, tag, [chunks]] of the elements with an id being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "pre":
            self.pres.append(attrs)
        if attrs.get("id") and tag not in {"br", "input", "img"}:
            self._open.append([attrs["id"], tag, []])

    def handle_data(self, data):
        for element in self._open:
            element[2].append(data)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][1] == tag:
                element_id, _tag, chunks = self._open.pop(index)
                self.texts[element_id] = " ".join(" ".join(chunks).split())
                break


def scroll_regions(response):
    """Every <pre> of the page: its tabindex, role and accessible name."""
    page = _Page()
    page.feed(response.content.decode())
    return [
        Region(
            tabindex=attrs.get("tabindex"),
            role=attrs.get("role"),
            name=" ".join(page.texts.get(i, "") for i in attrs.get("aria-labelledby", "").split()),
        )
        for attrs in page.pres
    ]
