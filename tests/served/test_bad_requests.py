"""Through a real gunicorn on PostgreSQL, as production serves it: a form posted in another
charset than UTF-8, with a CSRF cookie and one trusted proxy hop, is a 400 with our page."""

import urllib.error
import urllib.parse
import urllib.request

import pytest

from events.models import Enquiry
from registration.models import Registration
from tests.served.conftest import Visitor, free_port, gunicorn, registration_data

pytestmark = pytest.mark.postgres


def post(visitor, url, body, charset):
    request = urllib.request.Request(
        url,
        data=body.encode(charset),
        headers={
            "Content-Type": f"application/x-www-form-urlencoded; charset={charset}",
            "X-Forwarded-For": "198.51.100.7",
            "Origin": url.split("/events/")[0],
        },
    )
    try:
        with visitor.opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_forms_posted_in_other_charsets_are_400_through_gunicorn(conference):
    port = free_port()
    register = f"/events/{conference.slug}/register/"
    enquiry = f"/events/{conference.slug}/contact/"
    with gunicorn(port, f"http://127.0.0.1:{port}", trusted_proxies=1) as server:
        visitor = Visitor()
        token = visitor.form_token(server + register)
        forms = {
            register: registration_data(token, "li.wei@example.cn"),
            enquiry: {
                "csrfmiddlewaretoken": token,
                "name": "Li Wei",
                "email": "li.wei@example.cn",
                "message": "Will the sessions be recorded?",
                "consent": "on",
            },
        }
        answers = {
            (path, charset): post(visitor, server + path, urllib.parse.urlencode(data), charset)
            for path, data in forms.items()
            for charset in ("latin-1", "cp1251", "utf-16", "utf-7")
        }

    assert {key: status for key, (status, _page) in answers.items()} == dict.fromkeys(answers, 400)
    for _status, page in answers.values():
        assert "<h1>The request could not be read</h1>" in page
    assert Registration.objects.count() == 0
    assert Enquiry.objects.count() == 0
