"""Organisers email confirmed attendees from the Registration section of the admin: a form,
a confirmation page with the count and a preview, then the mailing's page with its
progress. Only registration managers and superusers may; a double submit sends once."""

import datetime as dt
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from mailer.models import Message

from messaging import attendee_mailings, engine
from messaging.models import AttendeeMailing
from tests.factories import ConferenceFactory, RegistrationFactory, SessionFactory
from tests.registration.conftest import confirmation_data, organiser
from tests.registration.task_worker import run_db_worker, run_tasks
from tests.scroll_regions import Region, scroll_regions

pytestmark = pytest.mark.django_db

ADD = "/admin/messaging/attendeemailing/add/"
CHANGELIST = "/admin/messaging/attendeemailing/"


@pytest.fixture
def panel(conference):
    return SessionFactory(
        conference=conference,
        title="Open Science",
        starts_at=dt.datetime(2099, 5, 17, 7, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2099, 5, 17, 8, 30, tzinfo=dt.UTC),
    )


@pytest.fixture
def attendees(conference):
    return [
        RegistrationFactory(conference=conference, given_name="Li", email="li@example.cn"),
        RegistrationFactory(conference=conference, given_name="Anna", email="anna@tpu.ru"),
        RegistrationFactory(conference=conference, status="waiting_list"),
    ]


@pytest.fixture
def desk(admin_client, django_capture_on_commit_callbacks):
    """A client posting the admin forms, with on-commit callbacks (the task) run."""

    class Desk:
        client = admin_client

        def post(self, data, client=None, path=ADD):
            with django_capture_on_commit_callbacks(execute=True):
                return (client or self.client).post(path, data)

        def preview(self, data, client=None):
            return self.post(data, client)

        def confirm(self, data, client=None):
            """Posts the form, then the confirmation page's hidden form as a browser would."""
            page = self.preview(data, client)
            assert page.status_code == 200, page.content.decode()
            return self.post(confirmation_data(page), client), confirmation_data(page)

    return Desk()


def about_sessions(conference, *sessions, note=""):
    return {
        "conference": conference.pk,
        "about": "sessions",
        "sessions": [s.pk for s in sessions],
        "note": note,
    }


def about_conference(conference, note=""):
    return {"conference": conference.pk, "about": "conference", "note": note}


# --- the pages ------------------------------------------------------------------------------


def test_admin_pages_render(admin_client, conference, attendees):
    mailing, _ = attendee_mailings.start_mailing(
        conference=conference, about="conference", key="5f0e7a3c-1b2d-4e5f-8a9b-0c1d2e3f4a5b"
    )
    for url in [
        CHANGELIST,
        f"{CHANGELIST}?message__state__exact=waiting",
        f"{CHANGELIST}?q=Bridge",
        ADD,
    ]:
        assert admin_client.get(url).status_code == 200
    page = admin_client.get(reverse("admin:messaging_attendeemailing_change", args=[mailing.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "0 of 2 mails queued" in html
    assert "Waiting for the worker" in html
    # The page reloads itself while the mails are being queued.
    assert '<meta http-equiv="refresh" content="5">' in html


def test_the_list_costs_the_same_queries_with_one_or_many_mailings(
    admin_client, conference, panel, attendees, django_assert_num_queries
):
    def add_mailing():
        mailing, _ = attendee_mailings.start_mailing(
            conference=conference, about="sessions", sessions=[panel], key=uuid.uuid4()
        )
        return mailing

    add_mailing()
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(CHANGELIST).status_code == 200
    for _ in range(5):
        add_mailing()
    with django_assert_num_queries(len(one.captured_queries)):
        html = admin_client.get(CHANGELIST).content.decode()
    assert html.count("0 of 2 mails queued") == 6


def test_preview_shows_the_count_and_the_first_recipients_mail(
    admin_client, conference, panel, attendees
):
    first = attendees[0]
    page = admin_client.post(ADD, about_sessions(conference, panel, note="Room 3 instead."))
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "This mail goes to 2 confirmed attendees of Science and Technology Bridge Continents."
        in html
    )
    assert "<dd>li@example.cn</dd>" in html
    assert "<dd>[Science and Technology Bridge Continents] New time for Open Science</dd>" in html
    assert "Dear Li," in html
    assert "A note from the organisers: Room 3 instead." in html
    assert "bridge-continents.ics" in html
    # The person's secret link is not shown to organisers.
    assert first.manage_token not in html
    assert 'value="Send to 2 attendees"' in html
    # Nothing is recorded or sent before the confirmation.
    assert (AttendeeMailing.objects.count(), DBTaskResult.objects.count(), mail.outbox) == (
        0,
        0,
        [],
    )


def test_confirming_queues_the_mails_in_the_background(desk, conference, panel, attendees):
    response, _data = desk.confirm(about_sessions(conference, panel))
    mailing = AttendeeMailing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:messaging_attendeemailing_change", args=[mailing.pk]
    )
    # The admin answered before any mail was built: the task waits for the worker.
    assert (mailing.state, mailing.recipient_total, mailing.queued_count) == ("waiting", 2, 0)
    assert mail.outbox == []
    assert list(mailing.sessions.all()) == [panel]
    assert mailing.created_by.username == "admin"
    page = desk.client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "The mails to 2 confirmed attendees are being queued; this page shows the progress."
    ]

    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@tpu.ru", "li@example.cn"]
    html = desk.client.get(response["Location"]).content.decode()
    assert "2 of 2 mails queued" in html
    assert "All mails queued" in html
    assert 'http-equiv="refresh"' not in html


def test_the_same_confirmation_posted_twice_sends_once(desk, conference, attendees):
    first, data = desk.confirm(about_conference(conference))
    again = desk.post(data)
    mailing = AttendeeMailing.objects.get()
    assert again["Location"] == first["Location"]
    page = desk.client.get(again["Location"])
    assert [str(m) for m in page.context["messages"]][-1] == (
        "This mailing was already confirmed; it is not sent a second time."
    )
    assert DBTaskResult.objects.count() == 1  # one task enqueued
    run_tasks()
    assert mailing.pk == AttendeeMailing.objects.get().pk
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@tpu.ru", "li@example.cn"]


def test_a_new_preview_is_a_new_mailing(desk, conference, attendees):
    desk.confirm(about_conference(conference))
    desk.confirm(about_conference(conference, note="A second message."))
    assert AttendeeMailing.objects.count() == 2


# --- how it refuses -------------------------------------------------------------------------


def test_sessions_must_be_chosen_and_belong_to_the_conference(
    admin_client, conference, panel, attendees
):
    page = admin_client.post(ADD, about_sessions(conference))
    assert page.context["form"].errors == {"sessions": ["Choose the sessions the mail is about."]}
    elsewhere = SessionFactory(conference=ConferenceFactory(title="Another meeting"))
    page = admin_client.post(ADD, about_sessions(conference, panel, elsewhere))
    assert page.context["form"].errors == {
        "sessions": ["Choose only sessions of Science and Technology Bridge Continents."]
    }
    assert AttendeeMailing.objects.count() == 0


def test_a_conference_without_confirmed_attendees_is_refused(admin_client, conference):
    RegistrationFactory(conference=conference, status="waiting_list")
    page = admin_client.post(ADD, about_conference(conference))
    assert page.context["form"].errors == {
        "conference": ["This conference has no confirmed attendees to email."]
    }
    assert AttendeeMailing.objects.count() == 0


def test_a_tampered_confirmation_is_shown_again_not_sent(desk, conference, attendees):
    _response, data = desk.confirm(about_conference(conference))
    data["key"] = ["not-a-key"]
    page = desk.post(data)
    assert page.status_code == 200
    assert "key" in page.context["form"].errors
    assert AttendeeMailing.objects.count() == 1


# --- who may ------------------------------------------------------------------------------------


def test_content_editors_cannot_mail_attendees(desk, conference, attendees):
    editor = organiser("editor", "Content editors")
    assert editor.get(ADD).status_code == 403
    assert editor.get(CHANGELIST).status_code == 403
    assert desk.post(about_conference(conference), client=editor).status_code == 403
    _response, data = desk.confirm(about_conference(conference))
    AttendeeMailing.objects.all().delete()  # only the superuser's page gave the key
    DBTaskResult.objects.all().delete()
    assert desk.post(data, client=editor).status_code == 403
    assert AttendeeMailing.objects.count() == 0
    assert "attendeemailing" not in editor.get("/admin/").content.decode()


def test_staff_without_the_permission_cannot_mail_attendees(desk, conference, attendees):
    viewer = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["registration", "messaging"]
        ).exclude(codename="send_attendeemailing")
    )
    client = Client()
    client.force_login(viewer)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(ADD).status_code == 403
    assert desk.post(about_conference(conference), client=client).status_code == 403


def test_registration_managers_can_mail_attendees(desk, conference, attendees):
    manager = organiser("manager", "Registration managers")
    assert manager.get(ADD).status_code == 200
    response, _data = desk.confirm(about_conference(conference), client=manager)
    assert response.status_code == 302
    assert AttendeeMailing.objects.get().created_by.username == "manager"
    run_tasks()
    assert len(mail.outbox) == 2


# --- resuming -------------------------------------------------------------------------------


def stalled_mailing(conference):
    """A mailing whose worker stopped after the first of two batches."""
    mailing, _ = attendee_mailings.start_mailing(
        conference=conference, about="conference", key="0b9f7f2e-3c4d-4e5f-9a8b-7c6d5e4f3a2b"
    )
    # The worker queued one batch, then stopped (its successor task was lost).
    engine.queue_next_batch(message_id=mailing.message_id, batch_size=1)
    DBTaskResult.objects.all().delete()
    return mailing


def test_resume_action_queues_only_the_rest(desk, conference, attendees):
    mailing = stalled_mailing(conference)
    assert len(mail.outbox) == 1
    response = desk.post(
        {"action": "resume_selected", "_selected_action": [mailing.pk]}, path=CHANGELIST
    )
    assert response.status_code == 302
    run_tasks()
    mailing.refresh_from_db()
    assert (mailing.state, mailing.queued_count) == ("done", 2)
    assert [m.to[0] for m in mail.outbox] == ["li@example.cn", "anna@tpu.ru"]


def test_resume_action_is_refused_without_the_permission(desk, conference, attendees):
    mailing = stalled_mailing(conference)
    viewer = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_attendeemailing"))
    client = Client()
    client.force_login(viewer)
    assert 'value="resume_selected"' not in client.get(CHANGELIST).content.decode()
    desk.post({"action": "resume_selected", "_selected_action": [mailing.pk]}, client, CHANGELIST)
    run_tasks()
    assert DBTaskResult.objects.count() == 0
    assert len(mail.outbox) == 1


# --- the events app's admin is left alone -------------------------------------------------


def test_events_admins_offer_no_registration_actions(admin_client, conference, panel):
    """Mailing attendees lives in the Registration section; importing registration's admin
    no longer adds actions to the events app's admin classes."""
    for url in ["/admin/events/session/", "/admin/events/conference/"]:
        html = admin_client.get(url).content.decode()
        assert 'name="action"' in html
        assert "notify_attendees" not in html


# --- end to end, with the worker command as deployed ----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_end_to_end_with_the_database_worker(admin_client, conference, panel, attendees, settings):
    """Committed for real: the confirmation enqueues the task on commit, `db_worker` runs it
    and the mails wait in the mail queue for the mail worker."""
    settings.EMAIL_BACKEND = "outbox.backend.SealedDbBackend"
    page = admin_client.post(ADD, about_sessions(conference, panel))
    response = admin_client.post(ADD, confirmation_data(page))
    assert response.status_code == 302
    assert DBTaskResult.objects.get().status == "READY"

    run_db_worker()

    # The task and its successor, which found nothing left to do.
    assert [r.status for r in DBTaskResult.objects.all()] == ["SUCCESSFUL", "SUCCESSFUL"]
    mailing = AttendeeMailing.objects.get()
    assert (mailing.state, mailing.queued_count, mailing.recipient_total) == ("done", 2, 2)
    assert sorted(m.to_addresses[0] for m in Message.objects.all()) == [
        "anna@tpu.ru",
        "li@example.cn",
    ]
    html = admin_client.get(response["Location"]).content.decode()
    assert "2 of 2 mails queued" in html


def test_the_previews_scrolling_text_can_be_reached_by_keyboard_and_is_named(
    admin_client, conference, panel, attendees
):
    # axe: scrollable-region-focusable. The mail's text scrolls sideways inside its box.
    page = admin_client.post(ADD, about_sessions(conference, panel, note="Room 3 instead."))
    assert scroll_regions(page) == [Region(tabindex="0", role="region", name="Preview")]
