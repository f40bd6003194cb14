"""The event page in a real browser: the facts a visitor came for are in the first screen
at 1280x800 and at 390x844 in each language, and Chinese lines break only between
phrases (BudouX's boundaries; events/line_breaks.py)."""

import pytest
from django.utils import translation

from events.line_breaks import phrases
from tests.e2e.checks import screenshot

LANGUAGES = {"en": "en-GB", "ru": "ru-RU", "zh-hans": "zh-CN"}
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def visitor(browser, live_server):
    """A page in a browser that prefers `language` (so no offer of another language comes
    between the header and the facts), errors collected."""
    contexts = []

    def open_page(language, viewport):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, locale=LANGUAGES[language]
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()


def url_in(language, conference):
    with translation.override(language):
        return conference.get_absolute_url()


def in_first_screen(locator, viewport):
    """The element is shown and lies wholly within the first screen, without scrolling."""
    assert locator.is_visible(), locator
    box = locator.bounding_box()
    assert box is not None, locator
    assert box["y"] >= 0, locator
    assert box["y"] + box["height"] <= viewport["height"], (locator, box)
    assert box["x"] >= 0, locator
    assert box["x"] + box["width"] <= viewport["width"], (locator, box)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_facts_and_the_one_register_button_are_in_the_first_screen(
    visitor, open_conference, language, size
):
    viewport = SIZES[size]
    page = visitor(language, viewport)
    response = page.goto(url_in(language, open_conference))
    assert response.status == 200

    hero = page.locator(".event-hero")
    with translation.override(language):
        title = open_conference.title
    assert page.locator("h1").inner_text() == title
    in_first_screen(page.locator("h1"), viewport)
    dates = hero.locator("[data-fact=dates]")
    assert "2099" in dates.inner_text()
    in_first_screen(dates, viewport)
    in_first_screen(hero.locator("[data-fact=city]"), viewport)
    in_first_screen(hero.locator("[data-fact=mode]"), viewport)
    seats = hero.locator(".registration-seats")
    assert "1" in seats.inner_text()
    in_first_screen(seats, viewport)

    # One primary button on the page, the Register button, in the conference's colour
    # where it has one; every other action is a link.
    primary = page.locator(".btn-primary:visible")
    assert primary.count() == 1
    register = hero.locator(".btn-primary")
    assert register.get_attribute("href").endswith(f"/events/{open_conference.slug}/register/")
    in_first_screen(register, viewport)
    assert page.locator(".event-hero .btn:visible").count() == 1

    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert page.errors == []


def line_break_offsets(page, selector):
    """The character offsets in the element's text where a new line begins, measured with
    Range.getClientRects on each character."""
    return page.evaluate(
        """(selector) => {
          const element = document.querySelector(selector);
          const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
          const breaks = [];
          let offset = 0, lastTop = null;
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.data.length; i++) {
              const range = document.createRange();
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const rects = [...range.getClientRects()].filter((r) => r.width > 0);
              if (rects.length && /\\S/.test(node.data[i])) {
                const top = Math.round(rects[0].top);
                if (lastTop !== null && top > lastTop + 2) breaks.push(offset + i);
                lastTop = top;
              }
            }
            offset += node.data.length;
          }
          return {text: element.textContent, breaks};
        }""",
        selector,
    )


def phrase_boundaries(text):
    """Offsets where a BudouX phrase of `text` begins, and those after whitespace (a line
    may begin at a space's next word as in any language)."""
    boundaries, offset = set(), 0
    for phrase in phrases(text):
        boundaries.add(offset)
        offset += len(phrase)
    boundaries |= {index + 1 for index, char in enumerate(text) if char.isspace()}
    return boundaries


@pytest.mark.parametrize("selector", ["h1", ".lead"])
def test_chinese_lines_break_only_between_phrases_at_390px(visitor, tpu_conference, selector):
    page = visitor("zh-hans", SIZES["phone"])
    page.goto(url_in("zh-hans", tpu_conference))

    measured = line_break_offsets(page, selector)
    text, breaks = measured["text"], measured["breaks"]
    assert breaks, f"{selector} fits one line at 390px; the test would prove nothing"
    boundaries = phrase_boundaries(text)
    inside_words = [
        f"…{text[max(0, at - 4) : at]}|{text[at : at + 4]}…"
        for at in breaks
        if at not in boundaries
    ]
    assert inside_words == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, f"zh-hans-event-line-breaks-{selector.strip('.')}")
