"""The record in the admin: the data officer reads it all; nobody adds, changes or deletes."""

import pytest
from django.contrib.auth.models import User

from audit import services
from audit.models import AuditEntry, DestructionRecord
from tests.factories import ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action
LIST = "/admin/audit/auditentry/"


def test_the_data_officer_lists_filters_and_searches(officer_client):
    first, second = ConferenceFactory(slug="first"), ConferenceFactory(slug="second")
    writer = User.objects.create_user("writer")
    services.record(action=Action.EXPORT, user=writer, conference=first, detail="csv export")
    services.record(action=Action.CHECK_IN, user=writer, conference=second, detail="desk one")
    services.record(action=Action.EXPORT, conference=second, detail="job export")

    response = officer_client.get(LIST, {"action__exact": "export"})
    assert response.status_code == 200
    assert [entry.detail for entry in response.context["cl"].result_list] == [
        "job export",
        "csv export",
    ]
    response = officer_client.get(LIST, {"conference__id__exact": second.pk})
    assert [entry.detail for entry in response.context["cl"].result_list] == [
        "job export",
        "desk one",
    ]
    response = officer_client.get(LIST, {"q": "writer"})
    assert [entry.detail for entry in response.context["cl"].result_list] == [
        "desk one",
        "csv export",
    ]


def test_the_record_offers_no_add_change_delete_or_action(officer_client):
    entry = services.record(action=Action.EXPORT, detail="kept")
    destruction = services.record_destruction(rule="kept", categories={"a": 1})

    listing = officer_client.get(LIST)
    assert listing.context["action_form"] is None
    assert b"/admin/audit/auditentry/add/" not in listing.content
    change = officer_client.get(f"{LIST}{entry.pk}/change/")
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    assert f"{LIST}{entry.pk}/delete/".encode() not in change.content

    for url in (f"{LIST}add/", f"{LIST}{entry.pk}/delete/"):
        assert officer_client.get(url).status_code == 403
        assert officer_client.post(url, {"post": "yes"}).status_code == 403
    refused = officer_client.post(f"{LIST}{entry.pk}/change/", {"detail": "changed"})
    assert refused.status_code == 403
    bulk = officer_client.post(LIST, {"action": "delete_selected", "_selected_action": [entry.pk]})
    assert bulk.status_code == 200  # the list again: there is no such action
    for url in (
        "/admin/audit/destructionrecord/add/",
        f"/admin/audit/destructionrecord/{destruction.pk}/delete/",
    ):
        assert officer_client.post(url, {"post": "yes"}).status_code == 403

    assert AuditEntry.objects.get(pk=entry.pk).detail == "kept"
    assert list(DestructionRecord.objects.values_list("rule", flat=True)) == ["kept"]


def test_even_a_superuser_cannot_change_or_delete(admin_client):
    entry = services.record(action=Action.EXPORT, detail="kept")
    assert admin_client.post(f"{LIST}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.post(f"{LIST}{entry.pk}/change/", {"detail": "x"}).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).detail == "kept"


def test_staff_without_the_right_do_not_see_the_record(client):
    RegistrationFactory()
    services.record(action=Action.EXPORT)
    user = User.objects.create_user("manager", is_staff=True)
    client.force_login(user)
    assert client.get(LIST).status_code == 403
    assert client.get("/admin/audit/destructionrecord/").status_code == 403


def test_the_list_costs_the_same_for_one_and_many_entries(
    officer_client, django_assert_max_num_queries
):
    conference = ConferenceFactory()
    services.record(action=Action.EXPORT, conference=conference)
    with django_assert_max_num_queries(12) as one:
        assert officer_client.get(LIST).status_code == 200
    for _ in range(30):
        services.record(action=Action.EXPORT, conference=conference)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert officer_client.get(LIST).status_code == 200


def test_the_registration_page_shows_that_persons_record_in_that_conference_only(
    admin_client,
):
    registration = RegistrationFactory()
    other = RegistrationFactory()
    writer = User.objects.create_user("desk7")
    services.record(action=Action.CHECK_IN, user=writer, registration=registration, detail="A")
    services.record(action=Action.CHECK_IN, user=writer, registration=other, detail="B")
    # The same id in another conference (a forged or stale entry) is not this person's.
    services.record(
        action=Action.EXPORT,
        conference=other.conference,
        subject="registration.registration",
        detail="elsewhere",
    )

    page = admin_client.get(f"/admin/registration/registration/{registration.pk}/change/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Who did or read what" in html
    assert "<td>desk7</td>" in html
    assert "<td>Checked in</td><td>A</td>" in html
    assert "<td>B</td>" not in html
    assert "elsewhere" not in html


def test_the_registration_page_costs_the_same_with_a_long_record(
    admin_client, django_assert_max_num_queries
):
    registration = RegistrationFactory()
    services.record(action=Action.CHECK_IN, registration=registration)
    url = f"/admin/registration/registration/{registration.pk}/change/"
    with django_assert_max_num_queries(60) as one:
        assert admin_client.get(url).status_code == 200
    for _ in range(40):
        services.record(action=Action.CHECK_IN, registration=registration)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert admin_client.get(url).status_code == 200
