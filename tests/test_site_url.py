"""Absolute links (webcal, mail, .ics) point at the port the development server runs on."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def site_url_in(**variables):
    """SITE_URL as a freshly started process with these environment variables sees it."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(DEBUG="True", DJANGO_SETTINGS_MODULE="conference_site.settings", **variables)
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_site_url_follows_the_port_of_make_run():
    assert site_url_in(PORT="8080") == "http://127.0.0.1:8080"


def test_site_url_defaults_to_port_8000():
    assert site_url_in() == "http://127.0.0.1:8000"


def test_a_site_url_that_is_set_wins_over_the_port():
    assert (
        site_url_in(PORT="8080", SITE_URL="https://conference.example.org/")
        == "https://conference.example.org"
    )


def test_make_run_hands_its_port_to_the_server_and_the_settings():
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", "PORT=8080"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "runserver 127.0.0.1:8080" in result.stdout
    exported = subprocess.run(
        ["make", "--no-print-directory", "--eval", "show-port: ; @echo $$PORT", "show-port"],
        cwd=BASE_DIR,
        env={key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert exported.stdout == "8000\n"
