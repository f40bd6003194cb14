"""The app keeps no state in its processes: two gunicorn servers, one PostgreSQL, one cache.

A registration made through one server is confirmed and managed through the other, and the
per-address rate limit counts the submissions both servers receive, with either shared cache
a deployment may choose: the database table (the default, CACHE_URL=dbcache://django_cache)
or Redis (CACHE_URL=redis://...; a private redis-server is started for the test).
"""

import contextlib
import re
import shutil
import socket
import subprocess
import time

import pytest
from mailer.models import Message

from registration.models import Registration
from tests.served.conftest import Visitor, free_port, gunicorn, registration_data

pytestmark = pytest.mark.postgres


@pytest.fixture
def redis_url():
    """A private, memory-only redis-server on a free port, stopped after the test."""
    server_binary = shutil.which("redis-server")
    if server_binary is None:
        pytest.fail("The Redis cache test needs redis-server: apt-get install redis-server")
    port = free_port()
    server = subprocess.Popen(
        [
            server_binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            assert time.monotonic() < deadline, "redis-server never listened"
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(params=["database", "redis"])
def shared_cache_url(request):
    if request.param == "database":
        return "dbcache://django_cache"
    return request.getfixturevalue("redis_url")


def test_register_through_one_server_and_manage_through_the_other(conference):
    port_a, port_b = free_port(), free_port()
    register_path = f"/events/{conference.slug}/register/"
    with (
        gunicorn(port_a, f"http://127.0.0.1:{port_a}") as a,
        gunicorn(port_b, f"http://127.0.0.1:{port_b}") as b,
    ):
        visitor = Visitor()
        token = visitor.form_token(a + register_path)
        status, headers, _ = visitor.request(
            a + register_path, registration_data(token, "li.wei@example.cn")
        )
        assert status == 302
        assert headers["Location"] == f"/events/{conference.slug}/register/sent/"

        registration = Registration.objects.get(email="li.wei@example.cn")
        assert registration.status == Registration.Status.PENDING_EMAIL
        # The confirmation mail waits in the database queue for the mail worker.
        [queued] = [
            m.email.opened() for m in Message.objects.all() if "li.wei@example.cn" in m.email.to
        ]
        confirm = re.search(r"(/registration/manage/[^/\s]+/confirm/)", queued.body)[1]

        # The confirmation link and the manage page work on the other server.
        confirm_token = visitor.form_token(b + confirm)
        status, headers, _ = visitor.request(
            b + confirm, {"csrfmiddlewaretoken": confirm_token, "confirm": "True"}
        )
        assert status == 302
        manage = headers["Location"]
        status, _, page = visitor.request(b + manage)

        assert status == 200
        assert "Registration of Li Wei" in page
        registration.refresh_from_db()
        assert registration.status == Registration.Status.CONFIRMED
        # And back on the first server the same page, with the flash message consumed on b.
        status, _, page = visitor.request(a + manage)
        assert status == 200
        assert "Registration of Li Wei" in page
        assert "your email address is confirmed" not in page


def test_rate_limit_counts_submissions_to_every_server(conference, shared_cache_url):
    port_a, port_b = free_port(), free_port()
    register_path = f"/events/{conference.slug}/register/"
    with (
        gunicorn(port_a, f"http://127.0.0.1:{port_a}", shared_cache_url) as a,
        gunicorn(port_b, f"http://127.0.0.1:{port_b}", shared_cache_url) as b,
    ):
        visitor = Visitor()
        token = visitor.form_token(a + register_path)
        statuses = [
            visitor.request(
                server + register_path, registration_data(token, f"person{n}@example.org")
            )[0]
            for n, server in enumerate([a, b, a, b])
        ]
        status, _, page = visitor.request(
            a + register_path, registration_data(token, "late@example.org")
        )

    # Three submissions pass however they are spread; the fourth, on b, is refused.
    assert statuses == [302, 302, 302, 429]
    assert status == 429
    assert "Too many registrations from your network" in page
    assert sorted(Registration.objects.values_list("email", flat=True)) == [
        "person0@example.org",
        "person1@example.org",
        "person2@example.org",
    ]
