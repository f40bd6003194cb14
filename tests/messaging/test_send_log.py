"""A message's send log: each recipient's mail queued, then sent or failed with the reason
django-mailer logged, found by the mail's Message-ID; the log costs the same queries with
few or many rows."""

from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from mailer.models import Message

from messaging.models import GroupMessage
from outbox.services import retry_messages
from tests.factories import RegistrationFactory
from tests.messaging.conftest import ADD, LOG, compose, organiser
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db


def log_rows(client, message, query=""):
    page = client.get(f"{LOG}?message__id__exact={message.pk}{query}")
    assert page.status_code == 200
    return [
        (row.registration.email, *row.delivery()) for row in page.context["cl"].result_list
    ], page.content.decode()


def test_sent_and_refused_mails_show_in_the_log(desk, conference, people, smtp_peer):
    smtp_peer.refuse.add("marie@example.org")
    smtp_peer.busy.add("lena@example.org")
    desk.confirm(compose(conference, regions=["europe"]))
    run_tasks()
    message = GroupMessage.objects.get()
    # In the mail queue, at low priority, each with the Message-ID the log keeps.
    assert Message.objects.count() == 3
    rows, _html = log_rows(desk.client, message)
    assert rows == [
        ("hans@example.org", "queued", ""),
        ("marie@example.org", "queued", ""),
        ("lena@example.org", "queued", ""),
    ]

    call_command("run_mail_worker", "--once")

    assert smtp_peer.recipients == ["hans@example.org"]
    rows, html = log_rows(desk.client, message)
    assert rows == [
        ("hans@example.org", "sent", ""),
        (
            "marie@example.org",
            "failed",
            "Set aside. SMTPRecipientsRefused: "
            "{'marie@example.org': (550, b'5.1.1 No such user here')}",
        ),
        (
            "lena@example.org",
            "failed",
            "SMTPRecipientsRefused: {'lena@example.org': (451, b'4.3.2 Try again later')}",
        ),
    ]
    assert '<td class="field-delivery_state">Sent</td>' in html
    assert (
        '<td class="field-reason">Set aside. SMTPRecipientsRefused: '
        "{&#x27;marie@example.org&#x27;: (550, b&#x27;5.1.1 No such user here&#x27;)}</td>"
    ) in html
    # Each row links to the mail's entries in django-mailer's log.
    marie = message.recipients.get(registration=people["marie"])
    assert f"/admin/mailer/messagelog/?{urlencode({'q': marie.mail_id})}" in html
    # The state filter.
    rows, _html = log_rows(desk.client, message, "&delivery=failed")
    assert [row[0] for row in rows] == ["marie@example.org", "lena@example.org"]
    rows, _html = log_rows(desk.client, message, "&delivery=sent")
    assert [row[0] for row in rows] == ["hans@example.org"]
    # The message's page counts them.
    page = desk.client.get(reverse("admin:messaging_groupmessage_change", args=[message.pk]))
    assert "Queued: 0, Sent: 1, Failed: 2" in page.content.decode()

    # Once the busy server takes it, the retry shows as sent.
    smtp_peer.busy.clear()
    retry_messages(messages=[m for m in Message.objects.all() if "lena" in m.to_addresses[0]])
    call_command("run_mail_worker", "--once")
    rows, _html = log_rows(desk.client, message, "&delivery=sent")
    assert [row[0] for row in rows] == ["hans@example.org", "lena@example.org"]


def test_the_log_costs_the_same_queries_with_few_or_many_rows(
    admin_client, desk, conference, people, django_assert_num_queries
):
    desk.confirm(compose(conference, countries=["DE"]))
    run_tasks()
    first = GroupMessage.objects.get()
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(f"{LOG}?message__id__exact={first.pk}").status_code == 200
    budget = len(few.captured_queries)
    RegistrationFactory.create_batch(30, conference=conference, country="DE")
    desk.confirm(compose(conference, countries=["DE"], body_en="Second message"))
    run_tasks()
    second = GroupMessage.objects.exclude(pk=first.pk).get()
    with django_assert_num_queries(budget):
        page = admin_client.get(f"{LOG}?message__id__exact={second.pk}")
    assert len(page.context["cl"].result_list) == 31


def test_a_bad_filter_value_lists_nothing_rather_than_failing(
    admin_client, desk, conference, people
):
    desk.confirm(compose(conference))
    run_tasks()
    for query in ["message__id__exact=abc", "message__id__exact=999999"]:
        page = admin_client.get(f"{LOG}?{query}")
        assert page.status_code == 200
        assert list(page.context["cl"].result_list) == []
    page = admin_client.get(f"{LOG}?delivery=bogus")
    assert len(page.context["cl"].result_list) == 5


def test_the_mail_log_link_is_for_those_who_may_read_the_mail_log(desk, conference, people):
    desk.confirm(compose(conference, countries=["DE"]))
    run_tasks()
    row = GroupMessage.objects.get().recipients.get()
    manager = organiser("manager", "Registration managers")
    html = manager.get(LOG).content.decode()
    assert '<td class="field-delivery_state">Queued</td>' in html
    assert "/admin/mailer/messagelog/" not in html
    assert manager.get("/admin/mailer/messagelog/").status_code == 403
    page = manager.get(reverse("admin:messaging_recipient_change", args=[row.pk]))
    assert page.status_code == 200
    assert "Hans Ivanova" in page.content.decode()
    assert "/admin/mailer/messagelog/" not in page.content.decode()
    html = desk.client.get(reverse("admin:messaging_recipient_change", args=[row.pk])).content
    assert f"/admin/mailer/messagelog/?{urlencode({'q': row.mail_id})}" in html.decode()


def test_the_message_list_and_the_confirmation_cost_the_same_with_few_or_many(
    admin_client, desk, conference, people, django_assert_num_queries
):
    desk.confirm(compose(conference))
    with CaptureQueriesContext(connection) as few:
        page = admin_client.get(reverse("admin:messaging_groupmessage_changelist"))
        assert page.status_code == 200
    list_budget = len(few.captured_queries)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.post(ADD, compose(conference)).status_code == 200
    confirm_budget = len(few.captured_queries)

    RegistrationFactory.create_batch(60, conference=conference, country="DE")
    for n in range(5):
        desk.confirm(compose(conference, body_en=f"Message {n}"))
    with django_assert_num_queries(list_budget):
        page = admin_client.get(reverse("admin:messaging_groupmessage_changelist"))
    assert len(page.context["cl"].result_list) == 6
    with django_assert_num_queries(confirm_budget):
        page = admin_client.post(ADD, compose(conference))
    assert (page.context["recipients"], len(page.context["preview_choices"])) == (65, 50)
