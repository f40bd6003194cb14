"""Organisers set each conference's mail identity and the zones its audience lives in, in
the conference admin; zones are typed one a line and checked against the zone database."""

import pytest
from django.core.exceptions import ValidationError

from events.models import Conference
from tests.events.conftest import change_url, form_data
from tests.factories import ConferenceFactory, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference():
    return ConferenceFactory(
        slug="bridge-continents-2030",
        time_zone="Asia/Tomsk",
        starts_at=utc(2030, 5, 16, 2, 0),
        ends_at=utc(2030, 5, 20, 11, 0),
        audience_time_zones=["Asia/Shanghai"],
    )


def test_the_form_has_mail_and_audience_sections(admin_client, conference):
    page = admin_client.get(change_url(conference)).text
    for name in (
        "short_name_en",
        "mail_sender_name_ru",
        "mail_sender_address",
        "mail_reply_to",
        "mail_signature_zh_hans",
        "audience_time_zones",
    ):
        assert f'name="{name}"' in page, name
    assert ">Mail<" in page and ">Audience<" in page
    assert "Asia/Shanghai</textarea>" in page


def test_zones_one_a_line_are_stored_as_a_list(admin_client, conference):
    response = admin_client.post(
        change_url(conference),
        form_data(
            audience_time_zones="Europe/Lisbon\r\n\r\n  America/Sao_Paulo \r\nEurope/Lisbon",
            short_name_en="AED 2030",
            mail_sender_address="days@example.org",
            mail_reply_to="answers@example.org",
        ),
    )
    assert response.status_code == 302
    stored = Conference.objects.get(pk=conference.pk)
    assert stored.audience_time_zones == ["Europe/Lisbon", "America/Sao_Paulo"]
    assert (stored.short_name, stored.mail_sender_address, stored.mail_reply_to) == (
        "AED 2030",
        "days@example.org",
        "answers@example.org",
    )


def test_an_unknown_zone_is_named_in_a_clear_error_and_nothing_is_stored(admin_client, conference):
    response = admin_client.post(
        change_url(conference),
        form_data(audience_time_zones="Europe/Lisbon\nMars/Olympus_Mons\nAtlantis"),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["audience_time_zones"] == [
        "“Mars/Olympus_Mons”, “Atlantis” are not known time zones. Write IANA names such as "
        "Europe/Paris or America/New_York, one a line."
    ]
    assert Conference.objects.get(pk=conference.pk).audience_time_zones == ["Asia/Shanghai"]


def test_too_many_zones_are_refused(admin_client, conference):
    zones = "\n".join(
        [
            *("Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Rome", "Europe/Madrid"),
            *("Asia/Tokyo", "Asia/Seoul", "Asia/Kolkata", "Africa/Cairo"),
        ]
    )
    response = admin_client.post(change_url(conference), form_data(audience_time_zones=zones))
    assert response.status_code == 200
    assert "at most 8 zones" in str(response.context["adminform"].form.errors)


def test_the_models_clean_refuses_an_unknown_zone(conference):
    conference.audience_time_zones = ["Europe/Lisbon", "Nowhere/Town"]
    with pytest.raises(ValidationError, match="IANA"):
        conference.full_clean()


def test_an_empty_list_falls_back_to_the_settings(admin_client, conference, client, settings):
    settings.AUDIENCE_TIME_ZONES = ["Europe/Vienna"]
    response = admin_client.post(change_url(conference), form_data(audience_time_zones=""))
    assert response.status_code == 302
    assert Conference.objects.get(pk=conference.pk).audience_time_zones == []
    page = client.get(f"{conference.get_absolute_url()}programme/")
    assert [name for name, _label in page.context["zone_short_list"]] == [
        "Asia/Tomsk",
        "Europe/Vienna",
        "UTC",
    ]
