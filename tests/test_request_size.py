"""A request body larger than the site takes is refused with 413 and a page before anything
reads it (conference_site/middleware.py): REQUEST_MAX_BYTES everywhere, the larger
ADMIN_REQUEST_MAX_BYTES for signed-in staff in the admin, where slides (up to 50 MB) and
visa invitations are uploaded."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext

from attending.admin import SLIDES_MAX_BYTES

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post(client, path, length):
    return client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=x",
        **{"wsgi.input": Unreadable(), "CONTENT_LENGTH": str(length)},
    )


def test_the_limits_fit_the_largest_uploads():
    assert django_settings.REQUEST_MAX_BYTES == 20 * MB
    assert django_settings.ADMIN_REQUEST_MAX_BYTES == 60 * MB
    assert django_settings.ADMIN_REQUEST_MAX_BYTES > SLIDES_MAX_BYTES + MB
    assert django_settings.ADMIN_REQUEST_MAX_BYTES > django_settings.VISA_INVITATION_MAX_BYTES
    assert int(2.5 * MB) == django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert int(2.5 * MB) == django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE


@pytest.mark.parametrize(
    "path", ["/events/bridge-continents/register/", "/ru/events/bridge-continents/contact/"]
)
def test_a_body_over_the_limit_is_refused_unread(client, path):
    response = post(client, path, 20 * MB + 1)

    assert response.status_code == 413
    assert response.templates[0].name == "413.html"
    with translation.override("ru" if path.startswith("/ru/") else "en"):
        assert gettext("This upload is too large") in response.content.decode()


def test_the_page_is_in_the_language_of_the_address(client):
    response = post(client, "/ru/events/bridge-continents/contact/", 10**12)

    assert response.status_code == 413
    assert "Слишком большой" in response.content.decode()


def test_strangers_get_the_small_limit_in_the_admin_too(client):
    response = post(client, "/admin/login/", 20 * MB + 1)

    assert response.status_code == 413


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser(
        username="boss", email="boss@example.org", password="correct horse battery"
    )
    client.force_login(user)
    return client


class Empty:
    def read(self, *args):
        return b""

    readline = read


def test_staff_may_send_slides_to_the_admin(staff_client):
    body = Empty()
    response = staff_client.generic(
        "POST",
        "/admin/mailer/message/",
        b"",
        content_type="multipart/form-data; boundary=x",
        **{"wsgi.input": body, "CONTENT_LENGTH": str(55 * MB)},
    )

    assert response.status_code == 200  # the list, as for any post without an action
    # The mail queue's list (its own template adds when mail last left).
    assert response.templates[0].name == "admin/mailer/message/change_list.html"


def test_staff_get_the_admin_limit_in_every_language(staff_client):
    assert post(staff_client, "/admin/mailer/message/", 60 * MB + 1).status_code == 413
    assert post(staff_client, "/ru/admin/mailer/message/", 60 * MB + 1).status_code == 413


def test_staff_outside_the_admin_get_the_small_limit(staff_client):
    response = post(staff_client, "/events/bridge-continents/contact/", 20 * MB + 1)

    assert response.status_code == 413


def test_a_small_body_goes_through(client):
    response = client.post("/admin/login/", {"username": "nobody", "password": "x"})

    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()
