"""No message blocks another: one that can never be sent is set aside with its reason, a
temporary fault is deferred and retried, and the confirmations queued behind them go out
in the same round, through a real SMTP server."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.core.management import call_command
from mailer.models import PRIORITY_MEDIUM, RESULT_FAILURE, Message, MessageLog

from outbox import services
from registration.models import Registration
from tests.factories import team_member
from tests.registration.conftest import form_data

pytestmark = pytest.mark.django_db

SECRET_BODY = "Your personal link: https://conference.example.org/registration/manage/s3cret/"


def queue(subject, to):
    EmailMessage(subject=subject, body=SECRET_BODY, to=[to]).send()


def by_recipient():
    return {message.to_addresses[0]: message for message in Message.objects.all()}


@pytest.fixture
def poisoned_queue(smtp_peer, client, conference, django_capture_on_commit_callbacks):
    """The queue in the order the worker meets it: four bad messages, then two
    confirmations of real registrations made through the form."""
    smtp_peer.refuse.add("gone@example.org")
    smtp_peer.busy.add("busy@example.org")
    # Queued by an earlier version that did not fold visitor input.
    queue("Request for information from Bob\nX-Injected: yes", "conference@tpu.ru")
    queue("Your registration", "li@example.or\ufffd")
    queue("Your registration", "gone@example.org")
    queue("Your registration", "busy@example.org")
    for email in ("anna.ivanova@tpu.ru", "li.wei@example.cn"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/events/bridge-continents/register/", form_data(email=email))
        assert response.status_code == 302
    return smtp_peer


def test_poisoned_messages_are_set_aside_and_the_confirmations_behind_them_go_out(
    poisoned_queue, caplog
):
    with caplog.at_level(logging.INFO):
        call_command("run_mail_worker", "--once")

    # Both confirmations reached the server in the round that met the bad messages.
    assert poisoned_queue.recipients == ["anna.ivanova@tpu.ru", "li.wei@example.cn"]
    assert Registration.objects.count() == 2
    left = by_recipient()
    assert sorted(left) == [
        "busy@example.org",
        "conference@tpu.ru",
        "gone@example.org",
        "li@example.or\ufffd",
    ]
    assert {to: services.state_of(message) for to, message in left.items()} == {
        "conference@tpu.ru": services.SET_ASIDE,
        "li@example.or\ufffd": services.SET_ASIDE,
        "gone@example.org": services.SET_ASIDE,
        "busy@example.org": services.RETRYING,
    }
    reasons = {to: services.last_failure(message).log_message for to, message in left.items()}
    assert reasons["conference@tpu.ru"].startswith("Set aside. BadHeaderError: ")
    assert reasons["li@example.or\ufffd"].startswith("Set aside. ")
    assert reasons["gone@example.org"] == (
        "Set aside. SMTPRecipientsRefused: {'gone@example.org': (550, b'5.1.1 No such user here')}"
    )
    assert reasons["busy@example.org"] == (
        "SMTPRecipientsRefused: {'busy@example.org': (451, b'4.3.2 Try again later')}"
    )
    # Logged without the body: neither the log nor the failure entries hold the link.
    assert SECRET_BODY not in caplog.text
    assert "s3cret" not in caplog.text
    failures = MessageLog.objects.filter(result=RESULT_FAILURE)
    assert failures.count() == 4
    assert set(failures.values_list("message_data", flat=True)) == {None}


def test_next_rounds_retry_only_the_temporary_fault(poisoned_queue):
    call_command("run_mail_worker", "--once")
    poisoned_queue.busy.clear()

    call_command("run_mail_worker", "--once")

    assert poisoned_queue.recipients == [
        "anna.ivanova@tpu.ru",
        "li.wei@example.cn",
        "busy@example.org",
    ]
    assert sorted(by_recipient()) == [
        "conference@tpu.ru",
        "gone@example.org",
        "li@example.or\ufffd",
    ]
    assert {services.state_of(m) for m in Message.objects.all()} == {services.SET_ASIDE}


def test_temporary_faults_are_retried_at_most_the_cap(poisoned_queue, settings):
    settings.MAILER_EMAIL_MAX_RETRIES = 2
    for _round in range(4):
        call_command("run_mail_worker", "--once")

    busy = by_recipient()["busy@example.org"]
    assert busy.retry_count == 2
    assert services.state_of(busy) == services.SET_ASIDE
    # The first try and two retries, each logged.
    assert MessageLog.objects.filter(log_message__contains="busy@example.org").count() == 3


@pytest.fixture
def organiser(db):
    return get_user_model().objects.create_superuser(
        username="organiser", email="organiser@example.org", password="correct horse battery"
    )


def test_organisers_see_why_a_message_was_set_aside_and_retry_it(poisoned_queue, client, organiser):
    call_command("run_mail_worker", "--once")
    gone = by_recipient()["gone@example.org"]
    client.force_login(organiser)

    page = client.get("/admin/mailer/message/?state=set_aside")

    assert page.status_code == 200
    assert page.context["cl"].result_count == 3
    text = page.content.decode()
    assert "Set aside. SMTPRecipientsRefused: {&#x27;gone@example.org&#x27;: (550," in text
    assert client.get(f"/admin/mailer/message/{gone.pk}/change/").status_code == 200

    poisoned_queue.refuse.clear()
    response = client.post(
        "/admin/mailer/message/",
        {"action": "retry", "_selected_action": [gone.pk]},
        follow=True,
    )
    assert "1 message goes out in the next round of the mail worker." in response.content.decode()
    gone.refresh_from_db()
    assert (gone.priority, gone.retry_count) == (PRIORITY_MEDIUM, 0)

    call_command("run_mail_worker", "--once")
    assert poisoned_queue.recipients[-1] == "gone@example.org"
    assert not Message.objects.filter(pk=gone.pk).exists()


def test_staff_who_may_only_view_the_queue_cannot_retry(poisoned_queue, client):
    """The queue holds every conference's mail: a right given directly, outside a team for
    all conferences, neither shows it nor retries it."""
    call_command("run_mail_worker", "--once")
    gone = by_recipient()["gone@example.org"]
    viewer = get_user_model().objects.create_user(
        username="viewer", password="correct horse battery", is_staff=True
    )
    viewer.user_permissions.add(*Permission.objects.filter(content_type__app_label="mailer"))
    client.force_login(viewer)

    page = client.get("/admin/mailer/message/")
    response = client.post(
        "/admin/mailer/message/", {"action": "retry", "_selected_action": [gone.pk]}
    )

    assert (page.status_code, response.status_code) == (403, 403)
    gone.refresh_from_db()
    assert services.state_of(gone) == services.SET_ASIDE


def test_staff_without_mail_permissions_do_not_see_the_queue(poisoned_queue, client):
    editor = get_user_model().objects.create_user(
        username="editor", password="correct horse battery", is_staff=True
    )
    client.force_login(editor)

    assert client.get("/admin/mailer/message/").status_code == 403


def staff_in(group_name, username):
    user = get_user_model().objects.create_user(
        username=username, password="correct horse battery", is_staff=True
    )
    team_member(group_name, user=user)
    return user


def test_registration_managers_retry_what_was_set_aside(poisoned_queue, client):
    call_command("run_mail_worker", "--once")
    gone = by_recipient()["gone@example.org"]
    client.force_login(staff_in("Registration managers", "manager"))

    response = client.post(
        "/admin/mailer/message/", {"action": "retry", "_selected_action": [gone.pk]}, follow=True
    )

    assert "1 message goes out in the next round of the mail worker." in response.content.decode()
    gone.refresh_from_db()
    assert services.state_of(gone) == services.QUEUED


def test_content_editors_do_not_see_the_mail_queue(poisoned_queue, client):
    client.force_login(staff_in("Content editors", "editor"))

    assert client.get("/admin/mailer/message/").status_code == 403


def test_the_message_page_is_read_only_and_hides_the_private_links(poisoned_queue, client):
    call_command("run_mail_worker", "--once")
    gone = by_recipient()["gone@example.org"]
    client.force_login(staff_in("Registration managers", "manager"))
    page = client.get(f"/admin/mailer/message/{gone.pk}/change/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "gone@example.org" in text
    assert "/registration/manage/" not in text
    assert 'name="priority"' not in text
    assert 'name="message_data"' not in text
    client.post(f"/admin/mailer/message/{gone.pk}/change/", {"priority": "1", "retry_count": "0"})
    gone.refresh_from_db()
    assert services.state_of(gone) == services.SET_ASIDE
