"""A registration remembers the language it was made in: its emails (subject, text, HTML,
dates, links, attached calendar), its personal calendar feed and the links to its manage
page speak it, and the person changes it on the manage page."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.utils import translation
from pytest_django.asserts import assertInHTML

from events import services as events_services
from registration import emails, notifications
from registration import services as registration_services
from registration.calendar import attendee_calendar
from registration.models import MailingAbout, Registration
from tests.catalogue import compile_catalogue
from tests.factories import RegistrationFactory, SessionFactory
from tests.registration.conftest import confirm_path, form_data

pytestmark = pytest.mark.django_db

SITE = "https://conference.example.org"
REGISTER = "events/bridge-continents/register/"


@pytest.fixture
def russian(tmp_path, settings):
    """A few Russian translations of our own strings (the project's catalogue may word
    them differently); Django's own Russian (month names) stays in force."""
    compile_catalogue(
        tmp_path,
        "ru",
        {
            "Please confirm your email address": "Пожалуйста, подтвердите адрес",
            "You are registered": "Вы зарегистрированы",
            "Registered: %(name)s, %(mode)s.": "Зарегистрированы: %(name)s, %(mode)s.",
            "Online": "Онлайн",
        },
    )
    settings.LOCALE_PATHS = [tmp_path]


def html_part(message):
    (html, mimetype), *_rest = message.alternatives
    assert mimetype == "text/html"
    return html


def calendar_of(message):
    (ics,) = [body for name, body, mimetype in message.attachments if name.endswith(".ics")]
    return icalendar.Calendar.from_ical(ics)


def links(message):
    return [word for word in message.body.split() if word.startswith(SITE)]


def register(browser, prefix, **overrides):
    mail.outbox.clear()
    response = browser.post(f"{prefix}/{REGISTER}", form_data(**overrides))
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/{REGISTER}sent/"
    registration = Registration.objects.get(email=overrides.get("email", "anna.ivanova@tpu.ru"))
    return registration, mail.outbox[-1]


# --- the language of the page registered on ----------------------------------------------
@pytest.mark.parametrize(
    ("prefix", "language"), [("", "en"), ("/ru", "ru"), ("/zh-hans", "zh-hans")]
)
def test_a_registration_stores_the_language_of_the_page_it_was_made_on(
    browser, conference, prefix, language
):
    registration, confirm_mail = register(browser, prefix)
    assert registration.language == language
    assert confirm_mail.extra_headers["Content-Language"] == language
    assert f'<html lang="{language}">' in html_part(confirm_mail)
    token = registration.manage_token
    assert links(confirm_mail) == [
        f"{SITE}{prefix}/registration/manage/{token}/confirm/",
        f"{SITE}{prefix}/registration/manage/{token}/",
        f"{SITE}{prefix}/events/bridge-continents/",
        f"{SITE}{prefix}/privacy/",
    ]


def test_registering_in_russian_mails_in_russian_and_the_link_opens_the_russian_page(
    browser, conference, russian
):
    registration, confirm_mail = register(browser, "/ru")
    assert confirm_mail.subject == (
        "[Science and Technology Bridge Continents] Пожалуйста, подтвердите адрес"
    )
    path = f"/ru/registration/manage/{registration.manage_token}/confirm/"
    assert links(confirm_mail)[0] == f"{SITE}{path}"
    page = browser.get(path)
    assert '<html lang="ru"' in page.content.decode()

    response = browser.post(path, {"confirm": "True"})
    assert response["Location"] == f"/ru/registration/manage/{registration.manage_token}/"
    registered = mail.outbox[-1]
    assert registered.subject == "[Science and Technology Bridge Continents] Вы зарегистрированы"
    # The conference starts on 16 May 2099, 19:00 in Tomsk: Django's Russian month, genitive.
    assert "16 мая 2099, 19:00" in registered.body
    assert "16 мая 2099, 19:00" in html_part(registered)
    event = calendar_of(registered).walk("VEVENT")[0]
    assert "Зарегистрированы: Анна Иванова" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == f"{SITE}/ru/events/bridge-continents/"


def test_english_mails_read_as_before(browser, conference, russian):
    _registration, confirm_mail = register(browser, "")
    assert confirm_mail.subject == (
        "[Science and Technology Bridge Continents] Please confirm your email address"
    )
    browser.post(confirm_path(confirm_mail), {"confirm": "True"})
    assert "The conference runs from 16 May 2099, 19:00 to 20 May 2099, 22:00" in (
        mail.outbox[-1].body
    )


def test_a_language_the_site_no_longer_offers_mails_in_english(conference):
    registration = RegistrationFactory(conference=conference)
    Registration.objects.filter(pk=registration.pk).update(language="de")
    registration.refresh_from_db()
    message = emails.build_message(registration, "link_again")
    assert message.extra_headers["Content-Language"] == "en"
    assert f"{SITE}/registration/manage/{registration.manage_token}/" in links(message)


def test_a_registration_made_outside_a_request_speaks_the_default_language(conference):
    outcome = registration_services.register(
        conference=conference,
        data={
            "attendance_mode": "online",
            "given_name": "Li",
            "family_name": "Wei",
            "email": "li.wei@example.cn",
            "institution": "HIT",
            "country": "CN",
        },
        language="xx",
    )
    assert outcome.registration.language == "en"


# --- changing it on the manage page ---------------------------------------------------------
def test_the_person_changes_the_language_on_the_manage_page(browser, conference):
    registration = RegistrationFactory(conference=conference)
    manage = f"/registration/manage/{registration.manage_token}/"
    page = browser.get(manage).content.decode()
    assert f'action="{manage}language/"' in page
    assertInHTML('<option value="ru" lang="ru">Русский</option>', page)
    assertInHTML('<option value="zh-hans" lang="zh-hans">简体中文</option>', page)
    assertInHTML('<option value="en" lang="en" selected>English</option>', page)

    response = browser.post(f"{manage}language/", {"language": "ru"})
    assert response.status_code == 302
    assert response["Location"] == f"/ru{manage}"
    registration.refresh_from_db()
    assert registration.language == "ru"
    assert mail.outbox == []
    page = browser.get(f"/ru{manage}").content.decode()
    assertInHTML('<option value="ru" lang="ru" selected>Русский</option>', page)

    # The next mail, whatever page it starts from, is Russian.
    browser.post(
        manage + "details/",
        {"given_name": "Anya", "family_name": "Ivanova", "institution": "TPU", "country": "RU"},
    )
    (details_mail,) = mail.outbox
    assert details_mail.extra_headers["Content-Language"] == "ru"
    assert f"{SITE}/ru{manage}" in links(details_mail)


@pytest.mark.parametrize("value", ["de", "", "../en"])
def test_a_language_not_offered_is_a_form_error(browser, conference, value):
    registration = RegistrationFactory(conference=conference, language="zh-hans")
    manage = f"/registration/manage/{registration.manage_token}/"
    response = browser.post(f"{manage}language/", {"language": value})
    assert response.status_code == 400
    errors = response.context["language_form"].errors["language"]
    if value:
        assert errors == [f"Select a valid choice. {value} is not one of the available choices."]
    else:
        assert errors == ["This field is required."]
    registration.refresh_from_db()
    assert registration.language == "zh-hans"


def test_the_service_refuses_a_language_not_offered_and_a_cancelled_registration(conference):
    registration = RegistrationFactory(conference=conference)
    with pytest.raises(registration_services.NotAllowed):
        registration_services.change_language(registration=registration, language="de")
    cancelled = RegistrationFactory(conference=conference, status="cancelled")
    with pytest.raises(registration_services.NotAllowed):
        registration_services.change_language(registration=cancelled, language="ru")
    registration.refresh_from_db()
    cancelled.refresh_from_db()
    assert (registration.language, cancelled.language) == ("en", "en")


def test_changing_the_language_of_a_cancelled_registration_opens_no_page(browser, conference):
    registration = RegistrationFactory(conference=conference, status="cancelled")
    response = browser.post(
        f"/registration/manage/{registration.manage_token}/language/", {"language": "ru"}
    )
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.language == "en"


# --- the personal calendar feed -------------------------------------------------------------
def test_the_personal_feed_speaks_the_registration_language_at_any_address(
    browser, conference, russian
):
    SessionFactory(
        conference=conference,
        slug="open-science",
        format="online",
        starts_at=dt.datetime(2099, 5, 17, 7, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2099, 5, 17, 8, 0, tzinfo=dt.UTC),
    )
    registration = RegistrationFactory(conference=conference, language="ru")
    feeds = {}
    for prefix in ["", "/zh-hans"]:
        response = browser.get(f"{prefix}/registration/feed/{registration.feed_token}/calendar.ics")
        assert response.status_code == 200
        feeds[prefix] = icalendar.Calendar.from_ical(response.content)
    for feed in feeds.values():
        conference_event, session_event = feed.walk("VEVENT")
        assert str(conference_event["URL"]) == f"{SITE}/ru/events/bridge-continents/"
        assert str(session_event["URL"]) == (
            f"{SITE}/ru/events/bridge-continents/programme/open-science/"
        )
        assert str(session_event["LOCATION"]) == "Онлайн"
    english = icalendar.Calendar.from_ical(
        attendee_calendar(RegistrationFactory(conference=conference, email="en@example.org"))
    )
    uids = [str(event["UID"]) for event in english.walk("VEVENT")]
    assert [str(event["UID"]) for event in feeds[""].walk("VEVENT")] == uids


# --- mailings ------------------------------------------------------------------------------
def test_a_mailing_writes_to_each_attendee_in_their_language(conference, russian):
    session = SessionFactory(
        conference=conference,
        slug="open-science",
        format="online",
        starts_at=dt.datetime(2099, 5, 17, 7, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2099, 5, 17, 8, 0, tzinfo=dt.UTC),
    )
    english = RegistrationFactory(conference=conference, email="en@example.org")
    russian_reader = RegistrationFactory(
        conference=conference, email="ru@example.org", language="ru"
    )
    content = notifications.mailing_content(
        conference=conference, about=MailingAbout.SESSIONS, sessions=[session]
    )
    english_mail = content.message_for(english)
    russian_mail = content.message_for(russian_reader)

    assert english_mail.extra_headers["Content-Language"] == "en"
    assert "now Sun 17 May 2099, 14:00–15:00 UTC+7 (Asia/Tomsk)" in english_mail.body
    assert f"{SITE}/events/bridge-continents/programme/open-science/" in english_mail.body
    assert '<html lang="en">' in html_part(english_mail)

    assert russian_mail.extra_headers["Content-Language"] == "ru"
    assert "now Вс 17 мая 2099, 14:00–15:00 UTC+7 (Asia/Tomsk)" in russian_mail.body
    assert f"{SITE}/ru/events/bridge-continents/programme/open-science/" in russian_mail.body
    assert '<html lang="ru">' in html_part(russian_mail)

    (english_event,) = calendar_of(english_mail).walk("VEVENT")[1:]
    (russian_event,) = calendar_of(russian_mail).walk("VEVENT")[1:]
    assert str(english_event["LOCATION"]) == "Online"
    assert str(russian_event["LOCATION"]) == "Онлайн"
    assert english_event["UID"] == russian_event["UID"]


def test_a_mailing_builds_each_calendar_once_and_only_those_it_needs(conference):
    english = [RegistrationFactory(conference=conference) for _ in range(3)]
    russian_reader = RegistrationFactory(conference=conference, language="ru")
    content = notifications.mailing_content(conference=conference, about=MailingAbout.CONFERENCE)
    assert content.calendars == {}
    for person in [*english, russian_reader]:
        content.message_for(person)
    # A mailing about the conference carries no sessions, so no join links: one calendar
    # per language, and nobody here reads Chinese.
    assert set(content.calendars) == {"en", "ru"}


def test_the_preview_shows_the_first_attendee_mail_in_their_language(conference):
    RegistrationFactory(conference=conference, language="zh-hans", email="first@example.cn")
    RegistrationFactory(conference=conference, email="second@example.org")
    preview = notifications.preview(conference=conference, about=MailingAbout.CONFERENCE)
    assert preview.recipients == 2
    assert preview.message.extra_headers["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in html_part(preview.message)


# --- mails organisers set off ------------------------------------------------------------
def test_an_organiser_working_in_russian_mails_an_english_attendee_in_english(
    conference, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(conference=conference)
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        registration_services.resend_link(registration=registration)
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "en"
    assert f"{SITE}/registration/manage/{registration.manage_token}/" in links(message)


def test_a_change_of_address_is_confirmed_in_the_registration_language(
    conference, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(conference=conference, language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        registration_services.request_email_change(
            registration=registration, email="new@example.cn"
        )
    confirm, notice = mail.outbox
    assert confirm.to == ["new@example.cn"]
    assert [m.extra_headers["Content-Language"] for m in (confirm, notice)] == [
        "zh-hans",
        "zh-hans",
    ]
    assert any(link.startswith(f"{SITE}/zh-hans/registration/email/") for link in links(confirm))


def test_the_cancellation_mail_links_to_erasing_in_the_registration_language(browser, conference):
    registration = RegistrationFactory(conference=conference, language="ru")
    manage = f"/registration/manage/{registration.manage_token}/"
    browser.post(f"{manage}cancel/", {"confirm": "True"})
    (message,) = mail.outbox
    assert f"{SITE}/ru{manage}erase/" in links(message)


def test_a_conference_mailing_gives_the_dates_in_each_attendee_language(conference):
    english = RegistrationFactory(conference=conference, email="en@example.org")
    russian_reader = RegistrationFactory(
        conference=conference, email="ru@example.org", language="ru"
    )
    conference.starts_at += dt.timedelta(days=7)
    conference.ends_at += dt.timedelta(days=7)
    events_services.save_conference(conference=conference, reason="The meeting moved.")
    content = notifications.mailing_content(conference=conference, about=MailingAbout.CONFERENCE)
    english_body = content.message_for(english).body
    russian_body = content.message_for(russian_reader).body
    assert "It runs from 23 May 2099, 19:00 to 27 May 2099, 22:00 (Asia/Tomsk time)." in (
        english_body
    )
    assert "Previously planned for 16 May 2099. The meeting moved." in english_body
    assert "23 мая 2099, 19:00" in russian_body
    assert "27 мая 2099, 22:00" in russian_body
    assert "16 мая 2099" in russian_body
    assert "May" not in russian_body


def test_the_russian_form_answers_its_errors_in_russian(browser, conference):
    response = browser.post(f"/ru/{REGISTER}", form_data(given_name="", email="not an address"))
    assert response.status_code == 200
    form = response.context["form"]
    # Django's own Russian: the form's messages are looked up when shown, in the page's language.
    assert form.errors["given_name"] == ["Обязательное поле."]
    assert form.errors["email"] == ["Введите правильный адрес электронной почты."]
    assert Registration.objects.count() == 0
