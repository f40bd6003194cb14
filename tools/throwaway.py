"""A throwaway copy of the site for `make screenshots` and `make check-web`: a fresh SQLite
database and media folder in a temporary directory, the seed as `make setup` loads it plus a
few registrations (tools/populate.py), served by gunicorn as production serves it (DEBUG
off, whitenoise's compressed static files) on a free port of 127.0.0.1.

Nothing here touches db.sqlite3 or media/ of the working copy; collectstatic writes
staticfiles/ (gitignored), as `make bench` does.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR / "bench"))

from production_env import production_settings  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
# Debian's Chromium, with the flags the browser tests launch it with (tests/e2e/conftest.py).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LANGUAGES = {"en": "", "ru": "/ru", "zh-hans": "/zh-hans"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """The site's settings, its seed and its server, all under `directory`."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ)
        for name in ("DATABASE_URL", "CACHE_URL", "EMAIL_URL", "DJANGO_SETTINGS_MODULE"):
            self.env.pop(name, None)
        self.env.update(
            production_settings(site_url=self.base, allowed_hosts="127.0.0.1,localhost"),
            DATABASE_URL=f"sqlite:///{self.directory / 'site.sqlite3'}",
            MEDIA_ROOT=str(self.directory / "media"),
            # Mail stays in django-mailer's queue (no worker runs): populate.py reads it.
            EMAIL_URL="consolemail://",
            LOG_LEVEL="ERROR",
            FORM_RATE_LIMIT="100000/h",
        )
        self.facts = None

    def run(self, *args, **kwargs):
        return subprocess.run(args, cwd=BASE_DIR, env=self.env, check=True, **kwargs)

    def prepare(self):
        """collectstatic, then the database: migrations, seed, registrations, mail
        (tools/populate.py); returns what populate.py found (URLs, mail files, sign-in)."""
        print("Preparing the site: collectstatic, migrate, seed, registrations ...", flush=True)
        self.run(
            PYTHON,
            "manage.py",
            "collectstatic",
            "--noinput",
            "--verbosity=0",
            stdout=subprocess.DEVNULL,
        )
        facts = self.directory / "facts.json"
        self.run(PYTHON, "tools/populate.py", str(facts), stdout=subprocess.DEVNULL)
        self.facts = json.loads(facts.read_text())
        return self.facts

    @contextlib.contextmanager
    def serve(self, workers=2):
        server = subprocess.Popen(
            [
                GUNICORN,
                "tools.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={workers}",
                "--worker-tmp-dir=/dev/shm",
                "--log-level=warning",
            ],
            cwd=BASE_DIR,
            env=self.env,
        )
        try:
            self._wait_until_up(server)
            yield self
        finally:
            server.terminate()
            server.wait(timeout=30)

    def _wait_until_up(self, server, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited with {server.returncode}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=20):
                    return
            except OSError:  # refused, reset or timed out while it starts
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer within {timeout} s")
