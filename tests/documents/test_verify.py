"""The public verification page: a code shows only name, conference, dates, mode and the
kind of document; a document that no longer stands is "not valid"; an unknown code is a 404
with a clear message. Rate-limited, never indexed, never cached."""

import re

import pytest
from django.utils import timezone

from attending import services as attending
from attending.tickets import ticket_for
from documents import services
from documents.services import code_for
from registration import services as registration_services

pytestmark = pytest.mark.django_db


def facts(response):
    """The rows of the page's table, as (header, value) pairs."""
    html = response.content.decode()
    return [
        (header, re.sub(r"\s+", " ", value).strip())
        for header, value in re.findall(
            r'<th scope="row">(.*?)</th><td>(.*?)</td>', html, flags=re.S
        )
    ]


def test_a_letters_code_shows_only_name_conference_dates_mode_and_kind(client, jane):
    code = code_for(registration=jane, kind="letter")
    response = client.get(f"/verify/{code.code}/")
    assert response.status_code == 200
    conference = jane.conference
    starts = timezone.localtime(conference.starts_at, conference.zone)
    ends = timezone.localtime(conference.ends_at, conference.zone)
    assert facts(response) == [
        ("Document", "Registration confirmation letter"),
        ("Name", "Jane Doe"),
        ("Conference", "Science and Technology Bridge Continents"),
        ("Dates", f"{starts:%-d %B %Y} – {ends:%-d %B %Y}"),
        ("Attendance", "In person in Tomsk"),
    ]
    html = response.content.decode()
    assert "Valid: this document was issued by the organisers and stands." in html
    for private in (
        jane.email,
        jane.institution,
        "Netherlands",
        jane.manage_token,
        ticket_for(jane).code,
    ):
        assert private not in html


def test_the_page_is_never_indexed_or_cached(client, jane):
    code = code_for(registration=jane, kind="letter")
    response = client.get(f"/verify/{code.code}/")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert set(response["Cache-Control"].replace(" ", "").split(",")) >= {
        "no-cache",
        "no-store",
        "must-revalidate",
        "private",
    }
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_the_form_takes_the_code_as_people_type_it(client, jane):
    code = code_for(registration=jane, kind="letter")
    typed = f" {code.display_code.lower()} "
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{code.code}/"
    assert client.get(f"/verify/{code.display_code}/").status_code == 200


def test_the_form_page_asks_for_a_code(client):
    response = client.get("/verify/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<label\s+for="id_code"[^>]*>\s*Verification code', html)
    assert "Check a document" in html
    response = client.get("/verify/", {"code": "  -- "})
    assert response.status_code == 200
    assert "Type the code printed on the document." in response.content.decode()


@pytest.mark.parametrize("typed", ["AAAAAAAAAAAA", "nonsense", "x" * 300, "%F0%9F%98%80"])
def test_unknown_codes_are_a_404_with_a_clear_message(client, jane, typed):
    code_for(registration=jane, kind="letter")
    response = client.get(f"/verify/{typed}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "No document has the code" in html
    assert "Check that it is typed as printed." in html
    assert "Jane Doe" not in html


def test_a_cancelled_registrations_letter_is_not_valid(client, jane):
    code = code_for(registration=jane, kind="letter")
    registration_services.cancel(registration=jane)
    response = client.get(f"/verify/{code.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not valid: this document no longer stands" in html
    assert "Document: Registration confirmation letter" in html
    assert "Jane Doe" not in html
    assert facts(response) == []


def test_a_withheld_certificate_is_not_valid(client, jane, django_user_model):
    attending.check_in(ticket=ticket_for(jane), desk="A", now=jane.conference.starts_at)
    code = code_for(registration=jane, kind="certificate")
    assert client.get(f"/verify/{code.code}/").context["verification"].valid
    services.decide_certificate(registration=jane, decision="withheld", reason="Left at noon.")
    response = client.get(f"/verify/{code.code}/")
    html = response.content.decode()
    assert "Not valid: this document no longer stands" in html
    assert "Document: Certificate of attendance" in html


def test_the_page_speaks_the_visitors_language(client, ivan):
    code = code_for(registration=ivan, kind="letter")
    response = client.get(f"/ru/verify/{code.code}/")
    rows = dict(facts(response))
    assert "Иван Петров" in rows.values()
    assert "Очно, Томск" in rows.values()


def test_too_many_lookups_from_one_network_are_refused(client, jane, settings):
    settings.VERIFY_RATE_LIMIT = "3/h"
    code = code_for(registration=jane, kind="letter")
    assert [client.get(f"/verify/AAAAAAAAAAA{n}/").status_code for n in range(3)] == [404] * 3
    response = client.get(f"/verify/{code.code}/")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many codes checked from your network. Please try again in an hour." in html
    assert "Jane Doe" not in html
    other = client.get(f"/verify/{code.code}/", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


@pytest.mark.parametrize(
    ("prefix", "label", "help_text"),
    [
        ("", "Verification code", "As printed on the document, e.g. ABCD-EFGH-JKMN."),
        ("/ru", "Код проверки", "Так, как он напечатан на документе, например ABCD-EFGH-JKMN."),
        ("/zh-hans", "验证码", "按文件上印刷的内容填写，例如 ABCD-EFGH-JKMN。"),
    ],
    ids=["en", "ru", "zh-hans"],
)
def test_the_form_speaks_the_visitors_language(client, prefix, label, help_text):
    response = client.get(f"{prefix}/verify/")
    form = response.context["form"]
    assert (str(form["code"].label), str(form["code"].help_text)) == (label, help_text)
    html = response.content.decode()
    assert re.search(rf'<label\s+for="id_code"[^>]*>\s*{label}<', html)
    assert help_text in html
