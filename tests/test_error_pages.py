"""A request Django cannot read is a 400 with the site's own page, never a 500."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from events.models import Enquiry
from registration.models import Registration
from tests.registration.conftest import conference, form_data  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

FORMS = {
    "register": ("/events/bridge-continents/register/", form_data()),
    "enquiry": (
        "/events/bridge-continents/contact/",
        {
            "name": "Anna",
            "email": "anna@example.ru",
            "message": "Will the sessions be recorded?",
            "consent": "on",
        },
    ),
}


@pytest.mark.parametrize("charset", ["latin-1", "cp1251", "utf-16", "utf-7"])
@pytest.mark.parametrize("form", sorted(FORMS))
def test_form_posted_in_another_charset_is_a_400_with_our_page(
    conference,  # noqa: F811 - the fixture imported above
    settings,
    form,
    charset,
):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    page = client.get("/events/bridge-continents/register/")
    token = page.context["csrf_token"]
    path, data = FORMS[form]

    response = client.post(
        path,
        # The test client encodes the body in the charset the Content-Type names.
        urlencode({**data, "csrfmiddlewaretoken": str(token)}),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        HTTP_ORIGIN="http://testserver",
    )

    assert response.status_code == 400
    assert response.templates[0].name == "400.html"
    text = response.content.decode()
    assert "<h1>The request could not be read</h1>" in text
    assert 'href="/events/"' in text
    assert Registration.objects.count() == 0
    assert Enquiry.objects.count() == 0


def test_the_400_page_is_the_sites_page(client, db):
    response = client.get("/", HTTP_HOST="not allowed.example")

    assert response.status_code == 400
    assert "<h1>The request could not be read</h1>" in response.content.decode()


# --- The error pages in the page's language -------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "language", "home"),
    [
        ("", "en", "/events/"),
        ("/ru", "ru", "/ru/events/"),
        ("/zh-hans", "zh-hans", "/zh-hans/events/"),
    ],
)
def test_the_404_page_speaks_the_language_of_the_address(client, db, prefix, language, home):
    response = client.get(f"{prefix}/events/no-such-conference/")

    assert response.status_code == 404
    assert response.templates[0].name == "404.html"
    with translation.override(language):
        heading = translation.gettext("Page not found")
    assertContains(response, f'<html lang="{language}">', status_code=404)
    assertContains(response, f"<h1>{heading}</h1>", html=True, status_code=404)
    assertContains(response, f'<a href="{home}">', status_code=404)


def test_the_404_page_in_russian_is_not_english(client, db):
    response = client.get("/ru/no-such-page/")

    assertNotContains(response, "<h1>Page not found</h1>", status_code=404)


def test_an_unknown_language_prefix_is_an_english_404(client, db):
    response = client.get("/de/events/")

    assertContains(response, '<html lang="en">', status_code=404)


@pytest.mark.parametrize(
    ("prefix", "language", "home"),
    [("", "en", "/"), ("/ru", "ru", "/ru/"), ("/zh-hans", "zh-hans", "/zh-hans/")],
)
def test_the_500_page_speaks_the_language_of_the_address(settings, db, prefix, language, home):
    settings.ROOT_URLCONF = "tests.failing_urls"
    client = Client(raise_request_exception=False)

    response = client.get(f"{prefix}/failing/")

    assert response.status_code == 500
    with translation.override(language):
        heading = translation.gettext("Something went wrong on our side")
    assertContains(response, f'<html lang="{language}">', status_code=500)
    assertContains(response, f"<h1>{heading}</h1>", html=True, status_code=500)
    assertContains(response, f'<a href="{home}">', status_code=500)


@pytest.mark.parametrize(
    ("prefix", "language"), [("", "en"), ("/ru", "ru"), ("/zh-hans", "zh-hans")]
)
def test_a_form_sent_without_its_csrf_token_gets_our_page_in_its_language(
    conference,  # noqa: F811 - the fixture imported above
    prefix,
    language,
):
    client = Client(enforce_csrf_checks=True)

    response = client.post(f"{prefix}/events/bridge-continents/register/", form_data())

    assert response.status_code == 403
    assert response.templates[0].name == "403_csrf.html"
    with translation.override(language):
        heading = translation.gettext("The form has expired")
    assertContains(response, f'<html lang="{language}">', status_code=403)
    assertContains(response, f"<h1>{heading}</h1>", html=True, status_code=403)
    assert Registration.objects.count() == 0


def test_a_page_refused_to_a_visitor_is_our_403_page(client, db):
    # A staff member without the permission is refused with the site's page.
    user = User.objects.create_user("desk", password="x", is_staff=True)
    client.force_login(user)

    response = client.get("/admin/events/session/")

    assertContains(response, "<h1>Not allowed</h1>", html=True, status_code=403)
