"""Every events admin page opens, and organisers' edits reach the public page at once."""

import datetime as dt

import pytest
from django.urls import reverse

from events.models import Conference
from tests.events.conftest import _conference_form_data
from tests.factories import (
    ConferenceFactory,
    ConferenceOrganisationFactory,
    DateChangeFactory,
    GoalFactory,
    OrganisationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

EVENTS_MODELS = ["conference", "organisation", "enquiry"]


@pytest.fixture
def content(tpu_conference):
    from events.models import Enquiry

    Enquiry.objects.create(
        conference=tpu_conference,
        name="Anna",
        email="anna@example.ru",
        message="A question about the programme.",
        consent=True,
    )
    return tpu_conference


@pytest.mark.parametrize("model", EVENTS_MODELS)
def test_changelist_and_search_open(admin_client, content, model):
    url = reverse(f"admin:events_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "Tomsk"}).status_code == 200


@pytest.mark.parametrize("model", ["conference", "organisation"])
def test_add_page_opens(admin_client, model):
    assert admin_client.get(reverse(f"admin:events_{model}_add")).status_code == 200


def test_change_pages_open(admin_client, content):
    from events.models import Enquiry, Organisation

    for model, obj in [
        ("conference", content),
        ("organisation", Organisation.objects.first()),
        ("enquiry", Enquiry.objects.first()),
    ]:
        response = admin_client.get(reverse(f"admin:events_{model}_change", args=[obj.pk]))
        assert response.status_code == 200, model


def test_conference_change_page_has_view_on_site(admin_client, content):
    response = admin_client.get(reverse("admin:events_conference_change", args=[content.pk]))
    assert f"/admin/r/{response.context['content_type_id']}/{content.pk}/" in (
        response.content.decode()
    )


def test_editing_the_title_in_the_admin_shows_on_the_page(admin_client):
    conference = ConferenceFactory(title="Old title")
    url = reverse("admin:events_conference_change", args=[conference.pk])
    response = admin_client.post(url, _conference_form_data(conference, title_en="Bridge 2022"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    page = admin_client.get(conference.get_absolute_url()).content.decode()
    assert '<h1 id="conference-title" class="event-title">Bridge 2022</h1>' in page


def test_moving_the_dates_in_the_admin_records_history_and_raises_sequence(admin_client):
    conference = ConferenceFactory(
        starts_at=dt.datetime(2030, 5, 16, 12, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 5, 20, 15, 0, tzinfo=dt.UTC),
    )
    url = reverse("admin:events_conference_change", args=[conference.pk])
    data = _conference_form_data(
        conference, starts_at_0="2030-06-16", ends_at_0="2030-06-20", date_change_reason="Venue."
    )
    response = admin_client.post(url, data, follow=True)
    assert "the calendar entry is now at version 1" in response.content.decode()
    conference.refresh_from_db()
    assert conference.calendar_sequence == 1
    change = conference.date_changes.get()
    assert change.previous_starts_at == dt.datetime(2030, 5, 16, 12, 0, tzinfo=dt.UTC)
    assert change.reason == "Venue."


def test_admin_refuses_an_end_before_the_start_with_a_message(admin_client):
    conference = ConferenceFactory()
    url = reverse("admin:events_conference_change", args=[conference.pk])
    data = _conference_form_data(
        conference,
        ends_at_0=(conference.starts_at - dt.timedelta(days=1)).strftime("%Y-%m-%d"),
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "The conference must end after it starts." in response.content.decode()
    assert Conference.objects.get(pk=conference.pk).ends_at == conference.ends_at


@pytest.mark.parametrize("size", [1, 30])
def test_conference_changelist_queries_are_bounded(
    admin_client, django_assert_max_num_queries, size
):
    for _ in range(size):
        conference = ConferenceFactory()
        ConferenceOrganisationFactory(conference=conference, organisation=OrganisationFactory())
        GoalFactory(conference=conference)
        TopicFactory(conference=conference)
        DateChangeFactory(conference=conference)
    with django_assert_max_num_queries(10):
        response = admin_client.get(reverse("admin:events_conference_changelist"))
    assert response.status_code == 200
