"""The attendee's visa request: who is offered it, the form's checks in plain words, the
deadline, when it can no longer change, and the invitation download behind the link."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from registration import links
from tests.factories import RegistrationFactory, VisaRequestFactory
from tests.visas.conftest import PDF
from visas import services
from visas.models import VisaRequest, VisaSettings

pytestmark = pytest.mark.django_db


def visa_url(registration):
    return f"/registration/manage/{registration.manage_token}/visa/"


def valid_data(registration, **changes):
    conference = registration.conference
    data = {
        "surname": "Wang",
        "given_names": "Li Na",
        "sex": "F",
        "birth_date": "1988-07-02",
        "birth_place": "Shanghai",
        "citizenship": "CN",
        "passport_number": "E 1234 5678",
        "passport_issued_on": "2021-05-01",
        "passport_expires_on": "2031-04-30",
        "apply_city": "Shanghai",
        "arrival": (conference.starts_at.date() - dt.timedelta(days=2)).isoformat(),
        "departure": (conference.ends_at.date() + dt.timedelta(days=1)).isoformat(),
        "employer": "Fudan University",
        "position": "Associate professor",
        "passport_consent": "on",
    }
    data.update(changes)
    return data


def errors_of(response):
    return response.context["form"].errors


def test_panel_offers_the_request_to_a_confirmed_in_person_attendee(client, attendee):
    page = client.get(links.manage_path(attendee))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Visa support" in html
    assert f'href="{visa_url(attendee)}"' in html
    assert "A letter confirming your registration is on this page too." in html


@pytest.mark.parametrize(
    ("mode", "status"),
    [("online", "confirmed"), ("in_person", "waiting_list"), ("in_person", "awaiting_approval")],
)
def test_no_visa_panel_or_form_for_others(client, mode, status):
    registration = RegistrationFactory(attendance_mode=mode, status=status)
    assert "Visa support" not in client.get(links.manage_path(registration)).content.decode()
    response = client.get(visa_url(registration))
    assert response.status_code == 302
    assert response["Location"] == links.manage_path(registration)
    assert not VisaRequest.objects.exists()


def test_a_bad_token_gets_the_invalid_link_page(client, attendee):
    token = attendee.manage_token
    bad = token[:-1] + ("0" if token[-1] != "0" else "1")
    response = client.get(f"/registration/manage/{bad}/visa/")
    assert response.status_code == 404
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get("/registration/manage/not-a-token/visa/").status_code == 404


def test_form_starts_from_the_registration(client, attendee):
    attendee.position = "Dean"
    attendee.save()
    form = client.get(visa_url(attendee)).context["form"]
    assert form.initial["employer"] == "Tomsk Polytechnic University"
    assert form.initial["position"] == "Dean"
    assert form.initial["citizenship"] == "RU"


def test_a_valid_request_is_saved_in_capitals_as_the_passport_reads(client, attendee):
    response = client.post(visa_url(attendee), valid_data(attendee))
    assert response.status_code == 302
    assert response["Location"] == links.manage_path(attendee)
    saved = VisaRequest.objects.get(registration=attendee)
    assert (saved.surname, saved.given_names) == ("WANG", "LI NA")
    assert saved.passport_number == "E12345678"
    assert saved.birth_date == dt.date(1988, 7, 2)
    assert saved.status == VisaRequest.Status.REQUESTED
    page = client.get(links.manage_path(attendee)).content.decode()
    assert "Your visa request is saved. The organisers will write to you." in page
    assert "Requested" in page


def test_the_attendee_changes_the_request_while_it_is_requested(client, attendee):
    VisaRequestFactory(registration=attendee, apply_city="Beijing")
    response = client.post(visa_url(attendee), valid_data(attendee, apply_city="Guangzhou"))
    assert response.status_code == 302
    assert VisaRequest.objects.get().apply_city == "Guangzhou"


def test_names_must_be_in_latin_letters(client, attendee):
    response = client.post(visa_url(attendee), valid_data(attendee, surname="Ван"))
    assert response.status_code == 400
    assert errors_of(response)["surname"] == [
        "Write the name in Latin letters exactly as in your passport (A–Z, spaces, "
        "hyphens and apostrophes), e.g. IVANOVA."
    ]
    assert not VisaRequest.objects.exists()


def test_passport_expiring_before_departure_names_the_six_months_rule(client, attendee):
    departure = attendee.conference.ends_at.date() + dt.timedelta(days=1)
    data = valid_data(attendee, passport_expires_on=departure.isoformat())
    data["passport_expires_on"] = (departure - dt.timedelta(days=1)).isoformat()
    response = client.post(visa_url(attendee), data)
    assert errors_of(response)["passport_expires_on"] == [
        "Your passport expires before your departure. It must stay valid at least six "
        "months after you leave Russia."
    ]


def test_passport_valid_less_than_six_months_after_departure(client, attendee):
    departure = attendee.conference.ends_at.date() + dt.timedelta(days=1)
    data = valid_data(attendee, passport_expires_on=(departure + dt.timedelta(days=30)).isoformat())
    response = client.post(visa_url(attendee), data)
    assert len(errors_of(response)["passport_expires_on"]) == 1
    assert errors_of(response)["passport_expires_on"][0].startswith(
        "Your passport must stay valid at least six months after your departure (until "
    )


def test_arrival_and_departure_must_be_around_the_conference(client, attendee):
    conference = attendee.conference
    starts = conference.starts_at.astimezone(conference.zone).date()
    ends = conference.ends_at.astimezone(conference.zone).date()
    first, last = starts - dt.timedelta(days=14), ends + dt.timedelta(days=14)
    data = valid_data(
        attendee,
        arrival=(first - dt.timedelta(days=1)).isoformat(),
        departure=(last + dt.timedelta(days=1)).isoformat(),
    )
    response = client.post(visa_url(attendee), data)
    message = (
        f"Choose a date between {first.isoformat()} and {last.isoformat()}, around the conference."
    )
    assert errors_of(response)["arrival"] == [message]
    assert errors_of(response)["departure"] == [message]


def test_departure_before_arrival(client, attendee):
    starts = attendee.conference.starts_at.date()
    data = valid_data(
        attendee,
        arrival=starts.isoformat(),
        departure=(starts - dt.timedelta(days=2)).isoformat(),
    )
    response = client.post(visa_url(attendee), data)
    assert errors_of(response)["departure"] == ["Departure cannot be before arrival."]


def test_issued_after_expiry(client, attendee):
    data = valid_data(attendee, passport_issued_on="2021-05-01", passport_expires_on="2020-05-01")
    response = client.post(visa_url(attendee), data)
    assert (
        "The passport must expire after it was issued."
        in errors_of(response)["passport_expires_on"]
    )


@pytest.mark.parametrize(
    "born",
    [
        "1890-01-01",
        (dt.date.today() - dt.timedelta(days=365 * 5)).isoformat(),
        (dt.date.today() + dt.timedelta(days=1)).isoformat(),
    ],
)
def test_an_implausible_birth_date(client, attendee, born):
    response = client.post(visa_url(attendee), valid_data(attendee, birth_date=born))
    assert response.status_code == 400
    assert errors_of(response)["birth_date"] == ["Check the date of birth: it does not look right."]


def test_a_date_that_is_no_date(client, attendee):
    response = client.post(visa_url(attendee), valid_data(attendee, arrival="2026-02-30"))
    assert response.status_code == 400
    assert errors_of(response)["arrival"] == ["Enter a valid date."]


def test_missing_fields_are_named(client, attendee):
    response = client.post(visa_url(attendee), {})
    assert response.status_code == 400
    assert set(errors_of(response)) == {*services.EDITABLE_FIELDS, "passport_consent"}


def test_after_the_deadline_the_form_says_whom_to_write_to(client, attendee):
    VisaSettings.objects.create(
        conference=attendee.conference,
        deadline=timezone.now() - dt.timedelta(minutes=1),
        contact_email="visa@tpu.example",
    )
    page = client.get(links.manage_path(attendee)).content.decode()
    assert 'href="mailto:visa@tpu.example"' in page
    assert f'href="{visa_url(attendee)}"' not in page
    response = client.get(visa_url(attendee))
    assert response.status_code == 200
    assert "The deadline for visa requests has passed." in response.content.decode()
    assert "visa@tpu.example" in response.content.decode()
    posted = client.post(visa_url(attendee), valid_data(attendee))
    assert posted.status_code == 200
    assert not VisaRequest.objects.exists()


def test_the_service_refuses_after_the_deadline_too(attendee):
    VisaSettings.objects.create(
        conference=attendee.conference, deadline=timezone.now() - dt.timedelta(days=1)
    )
    with pytest.raises(services.VisaError) as refused:
        services.save_request(registration=attendee, data={})
    assert refused.value.message == (
        "The deadline for visa requests has passed. Please write to conference@example.org."
    )


def test_a_submitted_request_can_no_longer_be_changed(client, attendee, officer):
    visa_request = VisaRequestFactory(registration=attendee, apply_city="Beijing")
    services.mark_submitted(visa_request=visa_request, user=officer)
    response = client.post(visa_url(attendee), valid_data(attendee, apply_city="Guangzhou"))
    assert response.status_code == 200
    assert (
        "Your request is no longer open for changes. Its status: Submitted to the authorities."
        in response.content.decode()
    )
    assert VisaRequest.objects.get().apply_city == "Beijing"


def test_the_attendee_downloads_the_issued_invitation(client, attendee, officer):
    visa_request = VisaRequestFactory(registration=attendee)
    download = f"/registration/manage/{attendee.manage_token}/visa/invitation.pdf"
    assert client.get(download)["Location"] == links.manage_path(attendee)
    services.mark_issued(visa_request=visa_request, user=officer, invitation=upload(PDF))
    page = client.get(links.manage_path(attendee)).content.decode()
    assert f'href="{download}"' in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="invitation.pdf"'
    assert b"".join(response.streaming_content) == PDF
    other = RegistrationFactory(attendance_mode="in_person", conference=attendee.conference)
    stranger = client.get(f"/registration/manage/{other.manage_token}/visa/invitation.pdf")
    assert stranger.status_code == 302


def test_the_invitation_is_not_under_the_public_media_url(attendee, officer, settings):
    visa_request = services.mark_issued(
        visa_request=VisaRequestFactory(registration=attendee), user=officer, invitation=upload(PDF)
    )
    path = visa_request.invitation.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


def upload(content, name="invitation.pdf"):
    return ContentFile(content, name=name)


def test_the_panel_names_the_deadline(client, attendee):
    VisaSettings.objects.create(
        conference=attendee.conference,
        deadline=dt.datetime(2099, 3, 1, 9, 0, tzinfo=dt.UTC),
    )
    page = client.get(links.manage_path(attendee)).content.decode()
    assert "Requests are taken until" in page
    assert "2099" in page


def test_the_form_opens_at_the_russian_address(client, attendee):
    response = client.get(f"/ru{visa_url(attendee)}")
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert 'lang="ru"' in response.content.decode()
