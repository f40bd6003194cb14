"""Consent per purpose: what the registration and visa forms record (purpose, version of the
text, time, language, client address), the consent document's pages, and giving and
withdrawing on the manage page (append a row; the current state is the latest)."""

import datetime as dt

import pytest
from django.utils import timezone

from privacy import consent_texts, services
from privacy.models import Consent
from registration.models import Registration
from tests.factories import RegistrationFactory, VisaRequestFactory
from tests.privacy.conftest import form_data, manage_url
from visas.models import VisaRequest

pytestmark = pytest.mark.django_db

VERSION = consent_texts.current_version("registration")


def rows(registration):
    return [
        (c.purpose, c.given, c.version, c.language, c.client)
        for c in Consent.objects.filter(registration=registration).order_by("at", "id")
    ]


# --- the registration form ----------------------------------------------------------------
def test_the_registration_form_records_each_consent_ticked(client, conference):
    before = timezone.now()
    response = client.post(
        f"/ru/events/{conference.slug}/register/",
        form_data(consent_photos="on"),
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    registration = Registration.objects.get(email="olga.petrova@example.org")
    assert rows(registration) == [
        ("registration", True, VERSION, "ru", "203.0.113.7"),
        ("photos", True, consent_texts.current_version("photos"), "ru", "203.0.113.7"),
    ]
    at = {c.at for c in registration.consents.all()}
    assert len(at) == 1
    assert before <= at.pop() <= timezone.now()


def test_the_client_address_is_the_one_the_trusted_proxy_saw(client, conference, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    client.post(
        f"/events/{conference.slug}/register/",
        form_data(),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 2001:db8::5",
    )
    registration = Registration.objects.get(email="olga.petrova@example.org")
    assert rows(registration) == [("registration", True, VERSION, "en", "2001:db8::5")]


def test_a_forged_address_is_recorded_as_none(client, conference, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client.post(
        f"/events/{conference.slug}/register/",
        form_data(),
        HTTP_X_FORWARDED_FOR="not-an-address\u200b",
    )
    registration = Registration.objects.get(email="olga.petrova@example.org")
    assert rows(registration) == [("registration", True, VERSION, "en", None)]


def test_without_the_registration_consent_nothing_is_stored(client, conference):
    response = client.post(
        f"/events/{conference.slug}/register/", form_data(privacy_consent=None, consent_news="on")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["privacy_consent"] == [
        "Please agree so that we may keep your registration."
    ]
    assert Registration.objects.count() == 0
    assert Consent.objects.count() == 0


def test_registering_again_with_an_active_address_records_no_consent(client, conference):
    existing = RegistrationFactory(conference=conference, email="olga.petrova@example.org")
    client.post(f"/events/{conference.slug}/register/", form_data(consent_news="on"))
    assert Registration.objects.count() == 1
    assert rows(existing) == []


def test_the_form_links_each_consent_to_its_text(client, conference):
    page = client.get(f"/events/{conference.slug}/register/").content.decode()
    for purpose in ("registration", "photos", "news"):
        # The text names this conference's data controller.
        assert f'href="/privacy/consent/{purpose}/{VERSION}/?conference={conference.slug}"' in page
    assert 'name="consent_photos"' in page
    assert 'name="consent_news"' in page


# --- the consent document ----------------------------------------------------------------
def test_the_consent_document_has_a_page_per_purpose(client):
    index = client.get("/privacy/consent/")
    assert index.status_code == 200
    for purpose in ("registration", "visa", "photos", "news"):
        page = client.get(f"/privacy/consent/{purpose}/{VERSION}/")
        assert page.status_code == 200
        assert f'href="/privacy/consent/{purpose}/{VERSION}/"' in index.content.decode()
    visa = client.get(f"/privacy/consent/visa/{VERSION}/").content.decode()
    assert "the host country's ministries of internal and of foreign affairs" in visa
    assert "Russian" not in visa


OPERATOR = '<h2 class="h5">Operator</h2>\n<p>{}</p>'


@pytest.mark.parametrize("purpose", ["registration", "visa", "photos", "news"])
def test_the_texts_of_2026_12_07_keep_their_operator_word_for_word(client, purpose, settings):
    settings.SITE_OPERATOR = "Someone else"
    page = client.get(f"/privacy/consent/{purpose}/2026-12-07/").content.decode()
    assert (
        OPERATOR.format(
            "Tomsk Polytechnic University (TPU), Lenin Avenue 30, Tomsk 634050, Russia."
        )
        in page
    )
    assert "A newer text applies to consents given now." in page


def test_a_text_names_the_conferences_data_controller_in_its_language(client, conference):
    conference.data_controller = "Example University"
    conference.data_controller_address = "1 Campus Road, Example City"
    conference.data_controller_ru = "Университет Пример"
    conference.data_controller_address_ru = "ул. Кампусная, 1, г. Пример"
    conference.save()
    path = f"/privacy/consent/registration/{VERSION}/?conference={conference.slug}"
    page = client.get(path).content.decode()
    assert OPERATOR.format("Example University, 1 Campus Road, Example City.") in page
    russian = client.get(f"/ru{path}").content.decode()
    assert (
        '<h2 class="h5">Оператор</h2>\n<p>Университет Пример, ул. Кампусная, 1, г. Пример.</p>'
        in russian
    )


def test_without_a_conference_the_text_names_the_sites_operator(client, conference, settings):
    settings.SITE_OPERATOR = "The Site Operator"
    settings.SITE_OPERATOR_ADDRESS = "2 Main Street"
    for path in (
        f"/privacy/consent/news/{VERSION}/",
        f"/privacy/consent/news/{VERSION}/?conference=no-such-conference",
        # A conference that names no controller of its own.
        f"/privacy/consent/news/{VERSION}/?conference={conference.slug}",
    ):
        page = client.get(path)
        assert page.status_code == 200
        assert OPERATOR.format("The Site Operator, 2 Main Street.") in page.content.decode()
    settings.SITE_OPERATOR = ""  # the address alone names nobody
    page = client.get(f"/privacy/consent/news/{VERSION}/").content.decode()
    assert OPERATOR.format("The organisers of the conference (see the privacy notice).") in page


@pytest.mark.parametrize("path", ["/privacy/consent/visa/1999-01-01/", "/privacy/consent/x/1/"])
def test_an_unknown_text_is_404(client, path):
    assert client.get(path).status_code == 404


def test_the_privacy_notice_links_the_consent_document(client):
    page = client.get("/privacy/").content.decode()
    assert 'href="/privacy/consent/"' in page


def test_the_consent_document_is_read_only(client):
    assert client.post("/privacy/consent/").status_code == 405


# --- the visa form ----------------------------------------------------------------------------
def visa_data(registration, **changes):
    conference = registration.conference
    data = {
        "surname": "Zhang",
        "given_names": "Mei",
        "sex": "F",
        "birth_date": "1988-07-02",
        "birth_place": "Shanghai",
        "citizenship": "CN",
        "passport_number": "E12345678",
        "passport_issued_on": "2021-05-01",
        "passport_expires_on": (conference.ends_at.date() + dt.timedelta(days=400)).isoformat(),
        "apply_city": "Shanghai",
        "arrival": (conference.starts_at.date() - dt.timedelta(days=1)).isoformat(),
        "departure": (conference.ends_at.date() + dt.timedelta(days=1)).isoformat(),
        "employer": "Fudan University",
        "position": "Professor",
        "passport_consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_visa_form_records_the_passport_consent(client, attendee):
    response = client.post(
        manage_url(attendee, "visa/"), visa_data(attendee), REMOTE_ADDR="192.0.2.44"
    )
    assert response.status_code == 302
    assert rows(attendee) == [("visa", True, VERSION, "en", "192.0.2.44")]
    # Saved again with the same text: still one consent.
    client.post(manage_url(attendee, "visa/"), visa_data(attendee, apply_city="Beijing"))
    assert len(rows(attendee)) == 1
    assert VisaRequest.objects.get(registration=attendee).apply_city == "Beijing"


def test_the_visa_form_refuses_without_the_consent(client, attendee):
    response = client.post(
        manage_url(attendee, "visa/"), visa_data(attendee, passport_consent=None)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["passport_consent"] == [
        "Without this consent we cannot ask for an invitation for you."
    ]
    assert not VisaRequest.objects.exists()
    assert rows(attendee) == []
    assert (
        f'href="/privacy/consent/visa/{VERSION}/?conference={attendee.conference.slug}"'
        in response.content.decode()
    )


# --- the manage page ----------------------------------------------------------------------------
def test_the_manage_page_shows_each_consent(client, attendee):
    services.give(registration=attendee, purpose="photos", client="192.0.2.1", language="en")
    page = client.get(manage_url(attendee))
    html = page.content.decode()
    assert "Your data" in html
    part = next(p for p in page.context["attendee_parts_end"] if "consents" in p.data)
    states = {row["purpose"]: row["given"] for row in part.data["consents"]}
    assert states == {"registration": True, "visa": False, "photos": True, "news": False}
    assert f'href="{manage_url(attendee, "consent/photos/withdraw/")}"' in html
    assert f'action="{manage_url(attendee, "consent/news/give/")}"' in html
    assert f'href="{manage_url(attendee, "my-data/")}"' in html
    assert f'href="{manage_url(attendee, "my-data.json")}"' in html
    assert f'href="{manage_url(attendee, "erase/")}"' in html


def test_giving_and_withdrawing_appends_rows_and_the_latest_counts(client, attendee):
    give = manage_url(attendee, "consent/news/give/")
    withdraw = manage_url(attendee, "consent/news/withdraw/")
    assert client.post(give, {"confirm": "True"}, REMOTE_ADDR="192.0.2.9").status_code == 302
    assert client.post(give, {"confirm": "True"}).status_code == 302  # twice: one row
    confirm = client.get(withdraw)
    assert confirm.status_code == 200
    assert "We stop processing your data for this purpose from now on." in confirm.content.decode()
    assert client.post(withdraw, {"confirm": "True"}, REMOTE_ADDR="192.0.2.10").status_code == 302
    assert rows(attendee) == [
        ("news", True, VERSION, "en", "192.0.2.9"),
        ("news", False, VERSION, "en", "192.0.2.10"),
    ]
    assert Consent.objects.current(attendee)["news"].given is False
    # Withdrawn already: nothing more to withdraw.
    client.post(withdraw, {"confirm": "True"})
    assert len(rows(attendee)) == 2


def test_withdrawing_in_russian_records_russian(client, attendee):
    services.give(registration=attendee, purpose="photos", client=None, language="en")
    client.post(f"/ru{manage_url(attendee, 'consent/photos/withdraw/')}", {"confirm": "True"})
    assert rows(attendee)[-1] == ("photos", False, VERSION, "ru", "127.0.0.1")


def test_giving_is_post_only_and_only_for_the_optional_purposes(client, attendee):
    assert client.get(manage_url(attendee, "consent/news/give/")).status_code == 405
    assert (
        client.post(manage_url(attendee, "consent/visa/give/"), {"confirm": "True"}).status_code
        == 404
    )
    assert (
        client.post(manage_url(attendee, "consent/other/give/"), {"confirm": "True"}).status_code
        == 404
    )
    assert client.post(manage_url(attendee, "consent/news/give/"), {}).status_code == 404
    assert rows(attendee) == []


def test_withdrawing_needs_the_button_not_a_link(client, attendee):
    services.give(registration=attendee, purpose="photos", client=None, language="en")
    client.get(manage_url(attendee, "consent/photos/withdraw/"))
    assert client.put(manage_url(attendee, "consent/photos/withdraw/")).status_code == 405
    client.post(manage_url(attendee, "consent/photos/withdraw/"), {})  # no confirmation
    assert Consent.objects.current(attendee)["photos"].given is True


@pytest.mark.parametrize(
    "rest",
    [
        "consent/photos/withdraw/",
        "consent/news/give/",
        "my-data/",
        "my-data.json",
    ],
)
def test_a_wrong_token_is_404(client, attendee, rest):
    token = attendee.manage_token
    wrong = token[:-1] + ("0" if token[-1] != "0" else "1")
    for method in (client.get, client.post):
        response = method(f"/registration/manage/{wrong}/{rest}")
        assert response.status_code == 404
        assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert Consent.objects.count() == 0


def test_withdrawing_registration_consent_confirms_then_cancels_and_erases(
    client, attendee, django_capture_on_commit_callbacks
):
    url = manage_url(attendee, "consent/registration/withdraw/")
    confirm = client.get(url).content.decode()
    assert "withdrawing it cancels your registration and erases your personal data" in confirm
    attendee.refresh_from_db()
    assert attendee.erased_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "True"}, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 200
    assert "Your personal data are erased" in response.content.decode()
    attendee.refresh_from_db()
    assert attendee.status == "cancelled"
    assert attendee.erased_at is not None
    assert attendee.given_name == "Erased"
    # The withdrawal is recorded; an erasure deletes the client addresses with the rest.
    assert rows(attendee) == [("registration", False, VERSION, "en", None)]
    assert client.get(manage_url(attendee)).status_code == 404


def test_withdrawing_the_visa_consent_deletes_the_request(client, attendee):
    VisaRequestFactory(registration=attendee)
    services.give(registration=attendee, purpose="visa", client=None, language="en")
    url = manage_url(attendee, "consent/visa/withdraw/")
    page = client.get(url)
    assert page.context["warning"] == ""
    assert "your visa request and any invitation are deleted at once" in page.content.decode()
    client.post(url, {"confirm": "True"})
    assert not VisaRequest.objects.filter(registration=attendee).exists()
    assert Consent.objects.current(attendee)["visa"].given is False


def test_withdrawing_the_visa_consent_after_submission_says_what_happens(client, attendee):
    VisaRequestFactory(registration=attendee, status="submitted")
    services.give(registration=attendee, purpose="visa", client=None, language="en")
    page = client.get(manage_url(attendee, "consent/visa/withdraw/")).content.decode()
    assert (
        "Your request was already submitted to the authorities. We delete our copy of your "
        "passport data and any invitation, and stop the request; we cannot recall what the "
        "authorities received, which they keep under their own rules."
    ) in page
    client.post(manage_url(attendee, "consent/visa/withdraw/"), {"confirm": "True"})
    assert not VisaRequest.objects.filter(registration=attendee).exists()


def test_an_erasure_withdraws_every_consent_and_deletes_client_addresses(attendee):
    from registration import services as registration_services

    services.give(registration=attendee, purpose="photos", client="192.0.2.1", language="en")
    services.give(registration=attendee, purpose="news", client="192.0.2.1", language="en")
    services.withdraw(registration=attendee, purpose="news", client="192.0.2.2", language="en")
    registration_services.erase_personal_data(registration=attendee)
    assert rows(attendee) == [
        ("photos", True, VERSION, "en", None),
        ("news", True, VERSION, "en", None),
        ("news", False, VERSION, "en", None),
        ("photos", False, VERSION, "en", None),
    ]
    with pytest.raises(services.ConsentError):
        services.give(registration=attendee, purpose="photos")


def test_giving_withdrawing_and_erasing_are_on_the_record(client, attendee):
    from audit.models import AuditEntry

    client.post(manage_url(attendee, "consent/news/give/"), {"confirm": "True"})
    client.post(manage_url(attendee, "consent/news/withdraw/"), {"confirm": "True"})
    client.post(manage_url(attendee, "erase/"), {"confirm": "True"})
    assert [(e.action, e.subject_id, e.detail) for e in AuditEntry.objects.order_by("id")] == [
        ("consent_given", attendee.pk, "news"),
        ("consent_withdrawn", attendee.pk, "news"),
        ("erasure", attendee.pk, ""),
    ]


def test_the_admin_lists_consents_read_only(admin_client, attendee):
    services.give(registration=attendee, purpose="photos", client="192.0.2.1", language="en")
    listing = admin_client.get("/admin/privacy/consent/")
    assert listing.status_code == 200
    assert "Zhang" in listing.content.decode()
    assert "192.0.2.1" not in listing.content.decode()
    consent = Consent.objects.get()
    page = admin_client.get(f"/admin/privacy/consent/{consent.pk}/change/")
    assert page.status_code == 200
    assert "192.0.2.1" not in page.content.decode()
    assert admin_client.get("/admin/privacy/consent/add/").status_code == 403
    assert (
        admin_client.post(
            f"/admin/privacy/consent/{consent.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert admin_client.get("/admin/privacy/consent/?q=Zhang").status_code == 200


def test_staff_without_the_permission_cannot_see_consents(client, attendee):
    from django.contrib.auth.models import User

    services.give(registration=attendee, purpose="photos")
    client.force_login(User.objects.create_user("someone", password="x", is_staff=True))
    assert client.get("/admin/privacy/consent/").status_code == 403
