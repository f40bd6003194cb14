"""Reads of passport data are recorded by what the response reveals, not by its method:
every method a visa page or admin URL answers is either refused (405) or recorded."""

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from tests.factories import VisaRequestFactory, team_member
from tests.visas.conftest import PDF
from visas.models import VisaAuditEntry

pytestmark = pytest.mark.django_db

METHODS = ["get", "head", "options", "put", "patch", "delete", "post"]


def entries():
    return [(e.username, e.action, e.request_ids, e.detail) for e in VisaAuditEntry.objects.all()]


def call(client, method, url):
    return getattr(client, method)(url)


@pytest.fixture
def issued():
    visa_request = VisaRequestFactory(status="issued", passport_number="E77770001")
    visa_request.invitation.save("invitation.pdf", ContentFile(PDF))
    return visa_request


# --- the admin ------------------------------------------------------------------------
ADMIN_READS = {
    # url name: {method: (status, action recorded or None)}
    "changelist": {
        "get": (200, "listed"),
        "head": (200, "listed"),
        "post": (200, "listed"),
    },
    "change": {"get": (200, "viewed"), "head": (200, "viewed")},
    "invitation": {"get": (200, "downloaded_invitation"), "head": (200, "downloaded_invitation")},
    "history": {"get": (200, None), "head": (200, None)},
    "status": {"get": (200, None), "head": (200, None), "post": (200, None)},
}


def admin_url(name, visa_request):
    if name == "changelist":
        return reverse("admin:visas_visarequest_changelist")
    return reverse(f"admin:visas_visarequest_{name}", args=[visa_request.pk])


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", sorted(ADMIN_READS))
def test_each_admin_url_records_or_refuses_each_method(officer_client, issued, name, method):
    response = call(officer_client, method, admin_url(name, issued))
    expected = ADMIN_READS[name].get(method)
    if expected is None:
        assert response.status_code == 405
        assert issued.passport_number not in response.content.decode()
        assert entries() == []
        return
    status, action = expected
    assert response.status_code == status
    if action is None:
        assert issued.passport_number not in response.content.decode()
        assert entries() == []
    else:
        assert entries() == [("officer", action, [issued.pk], method.upper())]


@pytest.mark.parametrize("method", METHODS)
def test_the_change_page_never_shows_passport_data_unrecorded(officer_client, issued, method):
    response = call(officer_client, method, admin_url("change", issued))
    shown = issued.passport_number in response.content.decode()
    recorded = VisaAuditEntry.objects.filter(action="viewed", request_ids=[issued.pk]).exists()
    assert not shown or recorded
    assert response.status_code in (200, 405)


@pytest.mark.parametrize("method", ["add", "delete"])
def test_adding_and_deleting_stay_refused(officer_client, issued, method):
    url = (
        reverse("admin:visas_visarequest_add")
        if method == "add"
        else reverse("admin:visas_visarequest_delete", args=[issued.pk])
    )
    for verb in METHODS:
        response = call(officer_client, verb, url)
        assert response.status_code in (403, 405), verb
        assert issued.passport_number not in response.content.decode()
    assert entries() == []


# --- the attendee's pages -------------------------------------------------------------
ATTENDEE_READS = {
    "request": {"get": (200, "attendee_viewed"), "head": (200, "attendee_viewed")},
    "invitation": {
        "get": (200, "attendee_downloaded_invitation"),
        "head": (200, "attendee_downloaded_invitation"),
    },
}


def attendee_url(name, visa_request):
    return reverse(f"visas:{name}", kwargs={"token": visa_request.registration.manage_token})


@pytest.mark.parametrize("method", [m for m in METHODS if m != "post"])
@pytest.mark.parametrize("name", sorted(ATTENDEE_READS))
def test_each_attendee_page_records_or_refuses_each_method(client, issued, name, method):
    if name == "request":
        # Still open for changes, so the form shows what is stored.
        issued.status = "requested"
        issued.save()
    response = call(client, method, attendee_url(name, issued))
    expected = ATTENDEE_READS[name].get(method)
    if expected is None:
        assert response.status_code == 405
        assert issued.passport_number not in response.content.decode()
        assert entries() == []
        return
    status, action = expected
    assert response.status_code == status
    assert entries() == [("", action, [issued.pk], method.upper())]


def test_the_attendee_form_shows_and_records_the_stored_data(client):
    visa_request = VisaRequestFactory(passport_number="E55550001")
    response = client.get(attendee_url("request", visa_request))
    assert 'value="E55550001"' in response.content.decode()
    assert entries() == [("", "attendee_viewed", [visa_request.pk], "GET")]


def test_a_post_to_the_invitation_is_refused(client, issued):
    response = client.post(attendee_url("invitation", issued))
    assert response.status_code == 405
    assert entries() == []


def test_an_attendee_without_a_request_records_nothing(client, attendee):
    response = client.get(reverse("visas:request", kwargs={"token": attendee.manage_token}))
    assert response.status_code == 200
    assert entries() == []


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("group", ["Registration managers", "Check-in staff"])
def test_other_staff_get_nothing_by_any_method(issued, group, method):
    user = User.objects.create_user(f"staff-{group}", is_staff=True)
    team_member(group, user=user)
    client = Client()
    client.force_login(user)
    for name in ADMIN_READS:
        response = call(client, method, admin_url(name, issued))
        # Refused, or (the scoped admin) sent back to the index as for a request that
        # does not exist, so nothing tells whether it does.
        refused = response.status_code in (403, 405) or (
            response.status_code == 302 and response["Location"] == "/admin/"
        )
        assert refused, (name, response.status_code)
        assert issued.passport_number not in response.content.decode()
    assert entries() == []
