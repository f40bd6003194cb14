"""The environment every benchmark runs Django in: production settings (DEBUG off, secrets
made up for the run), so the figures are those of the deployed site. One place, so a
setting production requires (SECRET_KEY, VISA_ENCRYPTION_KEYS) is given to every bench."""

import os
import secrets
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def production_settings(*, site_url="https://conference.example.org", allowed_hosts="testserver"):
    return {
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "VISA_ENCRYPTION_KEYS": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": allowed_hosts,
        "SITE_URL": site_url,
        # Plain HTTP in the process or on the loopback: no TLS proxy in front of a bench.
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_COOKIES": "False",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "conference_site.settings",
    }


def use_production_settings(database_name, **extra):
    """Sets this process's environment: production settings and, unless DATABASE_URL names
    another database, a fresh SQLite file bench/results/<database_name>.sqlite3."""
    if "DATABASE_URL" not in os.environ:
        RESULTS.mkdir(parents=True, exist_ok=True)
        # The write-ahead log and its index too (settings.py runs SQLite in WAL mode): a
        # log left beside a new file would be read as that file's.
        for suffix in ("", "-wal", "-shm"):
            (RESULTS / f"{database_name}.sqlite3{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{RESULTS / f'{database_name}.sqlite3'}"
    os.environ.update(production_settings(), **extra)
