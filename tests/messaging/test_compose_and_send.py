"""Organisers write to a group from the admin: the compose form, the confirmation page with
the count, every language's text and a preview for a real recipient (another one on
request), then the message's page; the background task queues one mail per recipient in
their language, and a double submit sends once."""

import email

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pytest_django.asserts import assertContains

from messaging import engine
from messaging.models import GroupMessage, Recipient
from registration.services import erase_personal_data
from tests.messaging.conftest import ADD, CHANGELIST, LOG, compose, confirmation_data
from tests.registration.task_worker import run_tasks
from tests.scroll_regions import Region, scroll_regions

pytestmark = pytest.mark.django_db


def html_part(message):
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def test_admin_pages_render(admin_client, desk, conference, people):
    desk.confirm(compose(conference))
    message = GroupMessage.objects.get()
    for url in [ADD, CHANGELIST, f"{CHANGELIST}?state__exact=waiting", f"{CHANGELIST}?q=Gala", LOG]:
        assert admin_client.get(url).status_code == 200, url
    page = admin_client.get(reverse("admin:messaging_groupmessage_change", args=[message.pk]))
    html = page.content.decode()
    assert "0 of 5 mails queued" in html
    assert "Waiting for the worker" in html
    assert "Status: Confirmed" in html
    assert '<meta http-equiv="refresh" content="5">' in html


def test_preview_shows_the_count_the_texts_and_the_first_recipients_mail(
    admin_client, conference, people
):
    page = admin_client.post(ADD, compose(conference))
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "This message goes to 5 people registered for Science and Technology Bridge Continents."
        in html
    )
    # Every language's text, the Chinese one falling back to English.
    assert page.context["texts"] == [
        {
            "language": "English",
            "subject": "Gala dinner on Tuesday",
            "body": "The gala dinner is on **Tuesday** at 19:00.\n\n- Bring your badge\n"
            "- Dress code: none",
            "falls_back": False,
        },
        {
            "language": "Russian",
            "subject": "Торжественный ужин во вторник",
            "body": "Ужин во **вторник** в 19:00.",
            "falls_back": False,
        },
        {
            "language": "Simplified Chinese",
            "subject": "Gala dinner on Tuesday",
            "body": "The gala dinner is on **Tuesday** at 19:00.\n\n- Bring your badge\n"
            "- Dress code: none",
            "falls_back": True,
        },
    ]
    assert "Торжественный ужин во вторник" in html
    # The first of them (by registration) is Hans, who reads English.
    assert page.context["preview_for"] == people["hans"]
    assert "<dd>hans@example.org</dd>" in html
    assert "<dd>[Science and Technology Bridge Continents] Gala dinner on Tuesday</dd>" in html
    assert "Dear Hans," in html
    assert people["hans"].manage_token not in html
    assert "<p>The gala dinner is on <strong>Tuesday</strong> at 19:00.</p>" in html
    assert 'value="Send to 5 people"' in html
    assert [p.email for p in page.context["preview_choices"]] == [
        "hans@example.org",
        "marie@example.org",
        "lena@example.org",
        "anna@example.org",
        "li@example.org",
    ]
    # Nothing is recorded or sent before the confirmation.
    assert (GroupMessage.objects.count(), DBTaskResult.objects.count(), mail.outbox) == (0, 0, [])


def test_the_organiser_picks_another_recipient_to_preview(admin_client, conference, people):
    page = admin_client.post(ADD, compose(conference))
    again = confirmation_data(page, preview_for=str(people["anna"].pk))
    del again["_confirm"]
    page = admin_client.post(ADD, {**again, "_preview": "Show"})
    html = page.content.decode()
    assert page.context["preview_for"] == people["anna"]
    assert (
        "<dd>[Science and Technology Bridge Continents] Торжественный ужин во вторник</dd>" in html
    )
    assert "<p>Ужин во <strong>вторник</strong> в 19:00.</p>" in html
    assert "in Russian" in html
    # Someone outside the group is not previewed: the first recipient is.
    again["preview_for"] = [str(people["kofi"].pk)]
    page = admin_client.post(ADD, again)
    assert page.context["preview_for"] == people["hans"]
    assert GroupMessage.objects.count() == 0


def test_confirming_queues_each_mail_in_its_readers_language_in_the_background(
    desk, conference, people
):
    response, _data = desk.confirm(compose(conference))
    message = GroupMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:messaging_groupmessage_change", args=[message.pk])
    # The admin answered before any mail was built: the recipients are written down, the
    # task waits for the worker.
    assert (message.state, message.recipient_total, message.queued_count) == ("waiting", 5, 0)
    assert (mail.outbox, Recipient.objects.filter(state="pending").count()) == ([], 5)
    assert message.created_by.username == "admin"
    page = desk.client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "The mails to 5 people are being queued; this page shows the progress."
    ]

    run_tasks()

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "hans@example.org": "[Science and Technology Bridge Continents] Gala dinner on Tuesday",
        "marie@example.org": "[Science and Technology Bridge Continents] Gala dinner on Tuesday",
        "lena@example.org": "[Science and Technology Bridge Continents] "
        "Торжественный ужин во вторник",
        "anna@example.org": "[Science and Technology Bridge Continents] "
        "Торжественный ужин во вторник",
        "li@example.org": "[Science and Technology Bridge Continents] Gala dinner on Tuesday",
    }
    by_address = {m.to[0]: m for m in mail.outbox}
    anna = by_address["anna@example.org"]
    assert anna.extra_headers["Content-Language"] == "ru"
    assert "Ужин во **вторник** в 19:00." in anna.body
    assert "<p>Ужин во <strong>вторник</strong> в 19:00.</p>" in html_part(anna)
    assert people["anna"].manage_token in anna.body
    hans = by_address["hans@example.org"]
    assert "<li>Bring your badge</li>" in html_part(hans)
    # Every mail carries its own Message-ID, kept in the send log.
    log = {r.registration.email: r for r in Recipient.objects.select_related("registration")}
    assert {a: (r.state, r.mail_id) for a, r in log.items()} == {
        a: ("queued", m.extra_headers["Message-ID"]) for a, m in by_address.items()
    }
    html = desk.client.get(response["Location"]).content.decode()
    assert "5 of 5 mails queued" in html
    assert "All mails queued" in html
    assert "Queued: 5" in html
    assert 'http-equiv="refresh"' not in html


def test_a_chinese_reader_gets_the_english_text_where_no_chinese_was_written(
    desk, conference, people
):
    desk.confirm(compose(conference, countries=["CN"], attendance_mode=["online"]))
    run_tasks()
    [li] = mail.outbox
    assert li.to == ["li@example.org"]
    assert li.extra_headers["Content-Language"] == "zh-hans"
    assert li.subject == "[Science and Technology Bridge Continents] Gala dinner on Tuesday"
    assert "The gala dinner is on **Tuesday** at 19:00." in li.body


def test_the_same_confirmation_posted_twice_sends_once(desk, conference, people):
    first, data = desk.confirm(compose(conference))
    again = desk.submit(data)
    assert again["Location"] == first["Location"]
    page = desk.client.get(again["Location"])
    assert [str(m) for m in page.context["messages"]][-1] == (
        "This message was already confirmed; it is not sent a second time."
    )
    run_tasks()
    # One message; its task ran once, then its successor found nothing left to do.
    assert GroupMessage.objects.count() == 1
    assert DBTaskResult.objects.filter(status="READY").count() == 0
    assert len(mail.outbox) == 5


def test_markdown_with_an_injected_script_is_neutralised_in_the_html_part(desk, conference, people):
    body = (
        'Hello <script>alert("x")</script> **all**\n\n'
        '<img src=x onerror="alert(1)"> [click](javascript:alert(2)) '
        "[programme](https://conference.example.org/programme/)"
    )
    desk.confirm(compose(conference, body_en=body, body_ru="", subject_ru="", countries=["DE"]))
    run_tasks()
    [hans] = mail.outbox
    html = html_part(hans)
    body_html = html[html.index("Dear Hans,") :]
    assert "<script" not in html
    assert "alert" not in html
    assert "onerror" not in html
    assert "<img" not in body_html
    assert "javascript:" not in html
    assert "Hello  <strong>all</strong>" in html
    assert (
        '<a href="https://conference.example.org/programme/" rel="noopener noreferrer">'
        "programme</a>" in html
    )
    # The text part is the body as written: plain text, never interpreted.
    assert 'Hello <script>alert("x")</script> **all**' in hans.body
    assert email.message_from_bytes(hans.message().as_bytes()).is_multipart()


def test_erased_registrations_never_get_mail(desk, conference, people):
    erase_personal_data(registration=people["marie"])
    desk.confirm(compose(conference, status=["confirmed", "cancelled"]))
    # Erased after the confirmation, before the worker ran: in the send log, skipped.
    erase_personal_data(registration=people["hans"])
    run_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna@example.org",
        "lena@example.org",
        "li@example.org",
        "otto@example.org",
    ]
    message = GroupMessage.objects.get()
    assert (message.recipient_total, message.queued_count) == (5, 4)
    assert sorted((r.registration.given_name, r.state) for r in message.recipients.all()) == [
        ("Anna", "queued"),
        ("Erased", "skipped"),
        ("Lena", "queued"),
        ("Li", "queued"),
        ("Otto", "queued"),
    ]


def test_someone_erased_while_the_mails_are_queued_is_skipped(desk, conference, people):
    desk.confirm(compose(conference, countries=["DE", "FR"]))
    message = GroupMessage.objects.get()
    erase_personal_data(registration=people["hans"])
    engine.send_all(message_id=message.pk)
    assert [m.to[0] for m in mail.outbox] == ["marie@example.org"]
    log = desk.client.get(f"{LOG}?message__id__exact={message.pk}")
    assert [(r.registration.given_name, r.delivery()) for r in log.context["cl"].result_list] == [
        ("Erased", ("skipped", "")),
        ("Marie", ("queued", "")),
    ]
    html = log.content.decode()
    assert '<th class="field-person"><a href="/admin/messaging/recipient/' in html
    assert '>(erased)</a></th><td class="field-address">—</td>' in html
    assert '<td class="field-delivery_state">Not sent: the person’s data was erased</td>' in html


# --- how it refuses -------------------------------------------------------------------------


def test_english_is_required_and_a_subject_holds_no_line_break(admin_client, conference, people):
    page = admin_client.post(
        ADD, compose(conference, subject_en="", body_en="", subject_ru="Тема\nBcc: x@y.z")
    )
    assert page.context["form"].errors == {
        "subject_en": ["This field is required."],
        "body_en": ["This field is required."],
        "subject_ru": ["Please write this on one line."],
    }
    assert GroupMessage.objects.count() == 0


def test_a_group_nobody_is_in_is_refused(admin_client, conference, people):
    page = admin_client.post(ADD, compose(conference, countries=["JP"]))
    assert page.context["form"].non_field_errors() == [
        "Nobody is in this group: change the filters."
    ]
    page = admin_client.post(ADD, compose(conference, status=[]))
    assert page.context["form"].errors == {"status": ["This field is required."]}
    assert GroupMessage.objects.count() == 0


def test_bad_values_are_shown_again_not_a_500(admin_client, desk, conference, people):
    page = admin_client.post(
        ADD, {**compose(conference, status=["nonsense"], checked_in="maybe"), "conference": "x"}
    )
    assert page.status_code == 200
    assert set(page.context["form"].errors) == {"status", "checked_in", "conference"}
    _response, data = desk.confirm(compose(conference))
    data["key"] = ["not-a-key"]
    page = desk.submit(data)
    assert page.status_code == 200
    assert "key" in page.context["form"].errors
    assert GroupMessage.objects.count() == 1


def test_the_previews_scrolling_text_can_be_reached_by_keyboard_and_is_named(
    admin_client, conference, people
):
    # axe: scrollable-region-focusable. The mail's text part keeps its lines and scrolls
    # sideways inside its box; each language's text wraps in its table cell instead
    # (static/css/admin.css), so it is no region to scroll.
    page = admin_client.post(ADD, compose(conference))
    assert scroll_regions(page) == [
        Region(tabindex=None, role=None, name=""),
        Region(tabindex=None, role=None, name=""),
        Region(tabindex=None, role=None, name=""),
        Region(tabindex="0", role="region", name="Text part"),
    ]
    assertContains(page, '<table class="message-texts">')
