"""Secret links never reach a log: the one redaction function (conference_site/
log_redaction.py), gunicorn's logger class (read from gunicorn.conf.py) writing real access
and error log files, a real gunicorn process, and the filter on Django's request and
server loggers."""

import datetime as dt
import io
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIRequestHandler
from gunicorn.config import Config

from conference_site.gunicorn_logging import RedactingLogger
from conference_site.log_redaction import redact

TOKEN = "4f1c2e9a8b7d6c5e4f3a2b1c0d9e8f7a" + "ab12" * 16  # 96 hex digits, a manage link's form
SIGNED = "eyJyIjoxMiwiZSI6Im5ld0BleGFtcGxlLm9yZyJ9:1vQxYz:Ab-Cd_Ef"  # a signed value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"/registration/manage/{TOKEN}/", "/registration/manage/[redacted]/"),
        (f"/ru/registration/manage/{TOKEN}/visa/", "/ru/registration/manage/[redacted]/visa/"),
        (
            f"/zh-hans/registration/manage/{TOKEN}/letter.pdf",
            "/zh-hans/registration/manage/[redacted]/letter.pdf",
        ),
        (f"/registration/feed/{TOKEN}/calendar.ics", "/registration/feed/[redacted]/calendar.ics"),
        (f"/registration/email/{SIGNED}/", "/registration/email/[redacted]/"),
        (f"/delegation/{TOKEN}/add/", "/delegation/[redacted]/add/"),
        (f"/join/12/{TOKEN}/slides/", "/join/12/[redacted]/slides/"),
        ("/verify/K7QX-2M4P/", "/verify/[redacted]/"),
        # Django decodes %61 to "a": the log recognises the manage page too.
        (f"/registration/m%61nage/{TOKEN}/", "/registration/manage/[redacted]/"),
        (f"/registration/manage/%{TOKEN[1:]}", "/registration/manage/[redacted]"),
        (f"/registration/manage/{TOKEN[:40]}?x=1", "/registration/manage/[redacted]?x=1"),
        (
            f'10.0.0.1 "GET /delegation/{TOKEN}/ HTTP/1.1" 404 "https://c.example.org/join/3/{TOKEN}/"',
            '10.0.0.1 "GET /delegation/[redacted]/ HTTP/1.1" 404 '
            '"https://c.example.org/join/3/[redacted]/"',
        ),
        (
            f"Not Found: /registration/manage/{TOKEN}/",
            "Not Found: /registration/manage/[redacted]/",
        ),
        (
            f"/checkin/login/?next=/checkin/&token={TOKEN}",
            "/checkin/login/?next=/checkin/&token=[redacted]",
        ),
        # Not secrets: left as they are.
        (
            "/events/bridge-continents/delegation/sent/",
            "/events/bridge-continents/delegation/sent/",
        ),
        ("/events/bridge-continents/register/", "/events/bridge-continents/register/"),
        ("/join/", "/join/"),
        ("/verify/", "/verify/"),
        ("/checkin/login/?next=%2Fcheckin%2F", "/checkin/login/?next=%2Fcheckin%2F"),
        ("bad request line: %0d%0a", "bad request line: %0d%0a"),
    ],
)
def test_the_redaction_function(text, expected):
    assert redact(text) == expected


def gunicorn_logger(tmp_path):
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    cfg.set("loglevel", "debug")
    return RedactingLogger(cfg)


def test_gunicorns_logger_class_writes_access_lines_without_secrets(tmp_path):
    logger = gunicorn_logger(tmp_path)
    response = SimpleNamespace(status="404 Not Found", headers=[], sent=179)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/ru/registration/manage/{TOKEN}/visa/?token={TOKEN}",
        "PATH_INFO": f"/ru/registration/manage/{TOKEN}/visa/",
        "QUERY_STRING": f"token={TOKEN}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_REFERER": f"https://conference.example.org/delegation/{TOKEN}/",
        "HTTP_USER_AGENT": "Firefox",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])

    logger.access(response, request, environ, dt.timedelta(milliseconds=12))
    logger.cfg.set("access_log_format", "%(U)s %(q)s %({referer}i)s %({path_info}e)s")
    logger.access(response, request, environ, dt.timedelta(milliseconds=12))
    logger.error("Invalid request from %s: GET /join/4/%s/", "203.0.113.7", TOKEN)
    for handler in logger.access_log.handlers + logger.error_log.handlers:
        handler.flush()

    access = (tmp_path / "access.log").read_text().splitlines()
    assert access[0].startswith("203.0.113.7 - - [")
    assert access[0].endswith(
        '] "GET /ru/registration/manage/[redacted]/visa/?token=[redacted] HTTP/1.1" 404 179 '
        '"https://conference.example.org/delegation/[redacted]/" "Firefox"'
    )
    assert access[1] == (
        "/ru/registration/manage/[redacted]/visa/ token=[redacted] "
        "https://conference.example.org/delegation/[redacted]/ "
        "/ru/registration/manage/[redacted]/visa/"
    )
    error = (tmp_path / "error.log").read_text()
    assert "Invalid request from 203.0.113.7: GET /join/4/[redacted]/" in error
    assert TOKEN not in error
    assert TOKEN[:32] not in "\n".join(access)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_real_gunicorn_logs_no_secret(tmp_path):
    """gunicorn started as production starts it (in the project folder, which holds
    gunicorn.conf.py): its access log and Django's error lines on stderr. The database is
    an empty file, so the personal pages answer 500: logged with their path. DEBUG on only
    so that the error page needs no collected static files."""
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "conference_site.settings",
        "DEBUG": "True",
        "SECRET_KEY": settings.SECRET_KEY,
        "VISA_ENCRYPTION_KEYS": ",".join(settings.VISA_ENCRYPTION_KEYS),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "CACHE_URL": "locmemcache://",
        "EMAIL_URL": "consolemail://",
    }
    access_log = tmp_path / "access.log"
    with open(tmp_path / "stderr.log", "wb") as stderr:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "conference_site.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                "--workers=1",
                f"--access-logfile={access_log}",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stderr=stderr,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                assert server.poll() is None, "gunicorn exited"
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=5).close()
                    break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    assert time.monotonic() < deadline, "gunicorn never answered"
                    time.sleep(0.2)
            for path in (
                f"/registration/manage/{TOKEN}/",
                f"/ru/delegation/{TOKEN}/",
                f"/join/3/{TOKEN}/slides/",
                f"/registration/email/{SIGNED}/",
            ):
                request = urllib.request.Request(
                    base + path, headers={"Referer": f"{base}/registration/manage/{TOKEN}/"}
                )
                with pytest.raises(urllib.error.HTTPError):
                    urllib.request.urlopen(request, timeout=30)
        finally:
            server.terminate()
            server.wait(timeout=30)
    access = access_log.read_text()
    errors = (tmp_path / "stderr.log").read_text()
    assert '"GET /registration/manage/[redacted]/ HTTP/1.1" 500' in access
    assert '"GET /ru/delegation/[redacted]/ HTTP/1.1" 500' in access
    assert '"GET /join/3/[redacted]/slides/ HTTP/1.1" 500' in access
    assert '"GET /registration/email/[redacted]/ HTTP/1.1"' in access
    assert f'"{base}/registration/manage/[redacted]/"' in access
    assert "Internal Server Error: /registration/manage/[redacted]/" in errors
    for secret in (TOKEN, TOKEN[:32], TOKEN[32:], SIGNED):
        assert secret not in access
        assert secret not in errors


@pytest.fixture
def captured():
    """What Django's server logger writes, through a handler of its own."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("django.server")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_the_development_servers_request_lines_are_redacted(captured):
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.request = None
    handler.requestline = f"GET /join/7/{TOKEN}/ HTTP/1.1"

    handler.log_message('"%s" %s %s', handler.requestline, "404", "179")
    handler.log_message('"%s" %s %s', f"POST /delegation/{TOKEN}/add/ HTTP/1.1", "200", "5")

    assert captured.getvalue().splitlines() == [
        '"GET /join/7/[redacted]/ HTTP/1.1" 404 179',
        '"POST /delegation/[redacted]/add/ HTTP/1.1" 200 5',
    ]


@pytest.mark.django_db
def test_djangos_request_log_names_no_secret(client, caplog):
    with caplog.at_level(logging.INFO):
        assert client.get(f"/delegation/{TOKEN}/").status_code == 404
        assert client.get(f"/ru/join/3/{TOKEN}/").status_code == 404
        assert client.get(f"/registration/email/{SIGNED}/").status_code in {302, 404}

    messages = [record.getMessage() for record in caplog.records]
    assert "Not Found: /delegation/[redacted]/" in messages
    assert "Not Found: /ru/join/3/[redacted]/" in messages
    assert TOKEN not in caplog.text
    assert SIGNED not in caplog.text
    assert os.environ.get("DJANGO_SETTINGS_MODULE") == "conference_site.settings"
