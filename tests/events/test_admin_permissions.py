"""Every action of the events admin declares the permission it needs, and each organiser
group gets exactly the actions its permissions allow."""

import pytest
from django.contrib.admin import site
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from events.models import Conference, Enquiry
from tests.factories import ConferenceFactory, team_member

pytestmark = pytest.mark.django_db

CONTENT_EDITORS = "Content editors"
REGISTRATION_MANAGERS = "Registration managers"


def organiser(*, group=None, permissions=()):
    user = get_user_model().objects.create_user(
        username=f"organiser-{get_user_model().objects.count()}",
        password="correct horse battery",
        is_staff=True,
    )
    if group:
        team_member(group, user=user)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def enquiry():
    return Enquiry.objects.create(
        conference=ConferenceFactory(),
        name="Anna",
        email="anna@example.ru",
        message="A question about the programme.",
        consent=True,
    )


@pytest.mark.parametrize("model", [Conference, Enquiry])
def test_every_events_admin_action_declares_its_permission(model):
    """The actions events/admin.py defines (named by string, methods of the admin class)."""
    model_admin = site._registry[model]
    own_actions = [name for name in model_admin.actions if isinstance(name, str)]
    assert own_actions
    for name in own_actions:
        action = getattr(model_admin, name)
        assert getattr(action, "allowed_permissions", ()), f"{model.__name__}.{name}"


def mark_handled(client, enquiry):
    return client.post(
        reverse("admin:events_enquiry_changelist"),
        {"action": "mark_handled", "_selected_action": [enquiry.pk]},
        follow=True,
    )


def test_content_editors_mark_enquiries_handled(enquiry):
    response = mark_handled(organiser(group=CONTENT_EDITORS), enquiry)
    assert [str(message) for message in response.context["messages"]] == ["1 marked as handled."]
    enquiry.refresh_from_db()
    assert enquiry.handled is True


def test_registration_managers_cannot_mark_enquiries_handled(enquiry):
    response = mark_handled(organiser(group=REGISTRATION_MANAGERS), enquiry)
    assert response.status_code == 403
    enquiry.refresh_from_db()
    assert enquiry.handled is False


def test_an_organiser_who_may_only_read_enquiries_is_not_offered_the_action(enquiry):
    reader = organiser(permissions=["view_enquiry"])
    changelist = reader.get(reverse("admin:events_enquiry_changelist"))
    assert changelist.status_code == 200
    assert 'value="mark_handled"' not in changelist.text

    mark_handled(reader, enquiry)
    enquiry.refresh_from_db()
    assert enquiry.handled is False
