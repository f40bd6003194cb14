"""`make screenshots`: pictures of the site as a visitor, an attendee and an organiser see it,
in English, Russian and Chinese at 1280 and 390 pixels wide, in docs/screenshots/.

A throwaway site (tools/throwaway.py: a fresh SQLite database in a temporary directory, the
seed, three people registered, gunicorn with DEBUG off) is shown in Debian's Chromium driven
by Playwright, with the flags of the browser tests, to a visitor whose browser speaks the
page's language, in Brussels, Tomsk or Beijing (VISITORS). The pages:

- event: the next edition of the seed conference (open for registration), with its logo;
- programme: that edition's programme (the seed's sessions, copied with the edition);
- register: the edition's registration form;
- manage: each language's person's own page, from the private link in their mail;
- mail: the HTML part of that person's last mail (the place confirmed), as a mail client
  shows it;
- dashboard: the admin's front page, signed in as an organiser (password, then a recovery
  code as the second factor).

Files are docs/screenshots/<language>-<page>-<width>.png (en, ru, zh; 1280, 390): the page
from its top, at most MAX_SCREENS screens long, reduced to 256 colours. The folder's PNGs
are replaced on each run.

    make screenshots                       # all of them
    .venv/bin/python tools/screenshots.py --pages event programme --languages en
"""

import argparse
import io
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tools.throwaway import CHROMIUM, CHROMIUM_ARGS, LANGUAGES, Site  # noqa: E402

OUTPUT = BASE_DIR / "docs" / "screenshots"
WIDTHS = {1280: {"width": 1280, "height": 800}, 390: {"width": 390, "height": 844}}
# A picture shows the page from its top, at most this many screens of it.
MAX_SCREENS = 2
# What a run may write in all; more fails it (the pictures live in the repository).
BUDGET_BYTES = 6 * 1024 * 1024
FILE_LANGUAGE = {"en": "en", "ru": "ru", "zh-hans": "zh"}
PAGES = ["event", "programme", "register", "manage", "mail", "dashboard"]
# Who looks at each language's pages: a visitor from Brussels, Tomsk or Beijing.
VISITORS = {
    "en": {"locale": "en-GB", "zone": "Europe/Brussels"},
    "ru": {"locale": "ru-RU", "zone": "Asia/Tomsk"},
    "zh-hans": {"locale": "zh-CN", "zone": "Asia/Shanghai"},
}


def page_url(site, name, language):
    prefix = LANGUAGES[language]
    facts = site.facts
    if name == "event":
        return f"{site.base}{prefix}/events/{facts['slug']}/"
    if name == "programme":
        return f"{site.base}{prefix}/events/{facts['slug']}/programme/"
    if name == "register":
        return f"{site.base}{prefix}/events/{facts['slug']}/register/"
    if name == "manage":
        return facts["manage"][language]
    if name == "mail":
        return Path(facts["mails"][language]["file"]).as_uri()
    if name == "dashboard":
        return f"{site.base}{prefix}/admin/"
    raise ValueError(name)


def sign_in(page, site):
    """The organiser signs in as staff do: password, then the second factor (a recovery
    code, tests/e2e/second_factor.py)."""
    organiser = site.facts["organiser"]
    page.goto(f"{site.base}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(organiser["username"])
    page.get_by_label("Password").fill(organiser["password"])
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(
        organiser["code"]
    )
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{site.base}/admin/")


def settle(page):
    """Every lazy image loaded (the footer's logos): scroll to the end and back, then wait
    for the images and fonts."""
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "() => [...document.images].every(img => img.complete)"
        " && document.fonts.status === 'loaded'"
    )
    page.evaluate("window.scrollTo(0, 0)")


def save(png, path):
    """The screenshot reduced to 256 colours (text and flat colours survive it), optimised."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, format="PNG", optimize=True)
    return path.stat().st_size


def shoot(page, url, path, viewport):
    response = page.goto(url)
    if response is not None and response.status != 200:
        raise SystemExit(f"{url} answered {response.status}")
    settle(page)
    height = page.evaluate("document.documentElement.scrollHeight")
    clip = {
        "x": 0,
        "y": 0,
        "width": viewport["width"],
        "height": min(height, viewport["height"] * MAX_SCREENS),
    }
    return save(page.screenshot(full_page=True, clip=clip), path)


def take(site, pages, languages, widths):
    """Writes the screenshots; returns their sizes by file name, and the console errors."""
    problems, sizes = [], {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # One sign-in (the recovery code works once); every width's browser shares its cookies.
        signed_in = None
        if "dashboard" in pages:
            context = browser.new_context(locale="en-GB")
            context.set_default_timeout(60_000)
            sign_in(context.new_page(), site)
            signed_in = context.storage_state()
            context.close()
        for width in widths:
            viewport = WIDTHS[width]
            for language in languages:
                # A visitor whose browser speaks the page's language (so no offer of another
                # language shows), in a zone of their own.
                context = browser.new_context(
                    viewport=viewport,
                    device_scale_factor=1,
                    is_mobile=width < 500,
                    has_touch=width < 500,
                    locale=VISITORS[language]["locale"],
                    timezone_id=VISITORS[language]["zone"],
                    storage_state=signed_in,
                )
                context.set_default_timeout(60_000)
                page = context.new_page()
                page.on(
                    "console",
                    lambda message, page=page: (
                        message.type == "error" and problems.append(f"{page.url}: {message.text}")
                    ),
                )
                page.on("pageerror", lambda error: problems.append(str(error)))
                for name in pages:
                    path = OUTPUT / f"{FILE_LANGUAGE[language]}-{name}-{width}.png"
                    sizes[path.name] = shoot(page, page_url(site, name, language), path, viewport)
                    print(f"{path.relative_to(BASE_DIR)}  {sizes[path.name] // 1024} KB")
                context.close()
        browser.close()
    return sizes, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=PAGES)
    parser.add_argument("--languages", nargs="+", choices=list(LANGUAGES), default=LANGUAGES)
    parser.add_argument("--widths", nargs="+", type=int, choices=list(WIDTHS), default=WIDTHS)
    args = parser.parse_args()
    everything = set(args.pages) == set(PAGES) and len(args.languages) == len(LANGUAGES)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    if everything and len(args.widths) == len(WIDTHS):
        for old in OUTPUT.glob("*.png"):
            old.unlink()

    with tempfile.TemporaryDirectory(prefix="screenshots-") as directory:
        site = Site(directory)
        site.prepare()
        with site.serve():
            sizes, problems = take(site, args.pages, args.languages, args.widths)

    total = sum(sizes.values())
    print(f"{len(sizes)} screenshots, {total / 1024 / 1024:.1f} MB in all.")
    for problem in problems:
        print(f"Console: {problem}", file=sys.stderr)
    if total > BUDGET_BYTES:
        raise SystemExit(f"The screenshots take {total} bytes, over {BUDGET_BYTES}.")


if __name__ == "__main__":
    main()
