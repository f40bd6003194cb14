"""Registration managers may write to groups; content editors, check-in staff and staff
without the permission may not, not even by posting to the send URL directly."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django_tasks_db.models import DBTaskResult

from messaging.models import GroupMessage
from teams.roles import ROLES
from tests.messaging.conftest import ADD, CHANGELIST, LOG, compose, organiser
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db


def test_the_role_table_grants_registration_managers_sending_and_the_logs():
    def messaging(role):
        return sorted(p for p in ROLES[role].permissions if p.startswith("messaging."))

    assert messaging("registration_manager") == [
        # Attendee mailings are messaging's too (moved from registration).
        "messaging.send_attendeemailing",
        "messaging.send_groupmessage",
        "messaging.view_attendeemailing",
        "messaging.view_groupmessage",
        "messaging.view_recipient",
    ]
    for other in ["content_editor", "checkin_staff", "online_team", "visa_officer"]:
        assert messaging(other) == []


def test_registration_managers_write_to_a_group(desk, conference, people):
    manager = organiser("manager", "Registration managers")
    assert manager.get(ADD).status_code == 200
    response, _data = desk.confirm(compose(conference), client=manager)
    assert response.status_code == 302
    assert GroupMessage.objects.get().created_by.username == "manager"
    run_tasks()
    assert len(mail.outbox) == 5
    assert manager.get(LOG).status_code == 200
    assert "groupmessage" in manager.get("/admin/").content.decode()


@pytest.mark.parametrize("group", ["Content editors", "Check-in staff", None])
def test_other_staff_are_refused_even_posting_directly(desk, conference, people, group):
    someone = organiser("someone", group)
    # A confirmation made by a superuser, replayed by someone who may not send.
    _response, data = desk.confirm(compose(conference))
    GroupMessage.objects.all().delete()
    DBTaskResult.objects.all().delete()
    mail.outbox.clear()

    assert someone.get(ADD).status_code == 403
    assert someone.get(CHANGELIST).status_code == 403
    assert someone.get(LOG).status_code == 403
    assert desk.submit(compose(conference), client=someone).status_code == 403
    assert desk.submit(data, client=someone).status_code == 403
    assert (GroupMessage.objects.count(), DBTaskResult.objects.count()) == (0, 0)
    run_tasks()
    assert mail.outbox == []
    assert "groupmessage" not in someone.get("/admin/").content.decode()


def test_seeing_the_messages_is_not_sending_them(desk, conference, people):
    viewer = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="messaging").exclude(
            codename="send_groupmessage"
        )
    )
    client = Client()
    client.force_login(viewer)
    desk.confirm(compose(conference))
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(LOG).status_code == 200
    assert client.get(ADD).status_code == 403
    assert desk.submit(compose(conference), client=client).status_code == 403
    assert GroupMessage.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, conference):
    response = client.post(ADD, compose(conference))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert GroupMessage.objects.count() == 0
