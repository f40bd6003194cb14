"""The manage page's order (the status card first, the dangerous actions last), what its card
says in each status and language, and the registration form in its four steps: the same
server checks as before, errors beside their fields and summarised above the form."""

import re

import pytest
from django.core import mail
from django.test import Client

from registration import links
from registration.models import Registration
from tests.factories import InvitationCodeFactory, RegistrationFactory
from tests.registration.conftest import form_data

pytestmark = pytest.mark.django_db

REGISTER = "/events/bridge-continents/register/"


def manage_page(browser, registration, prefix="", **kwargs):
    response = browser.get(f"{prefix}/registration/manage/{registration.manage_token}/", **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def main_of(html):
    return html[html.index('<main id="main"') : html.index("</main>")]


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def card_of(html):
    start = html.index('<section class="status-card"')
    return html[start : html.index("</section>", start)]


def facts(html):
    """The status card's facts as {term: text}."""
    card = card_of(html)
    return {
        text_of(term): text_of(value)
        for term, value in re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", card, re.S)
    }


# --- The manage page's order ------------------------------------------------------------
def test_the_status_card_comes_first_and_cancel_and_erase_last(browser, conference):
    registration = RegistrationFactory(conference=conference, attendance_mode="in_person")
    main = main_of(manage_page(browser, registration))
    token = registration.manage_token
    positions = {
        "heading": main.index("<h1>"),
        "card": main.index('class="status-card"'),
        "calendar": main.index('id="feed-heading"'),
        "switch": main.index('id="switch-heading"'),
        "language": main.index('id="language-heading"'),
        "details": main.index('id="details-heading"'),
        "danger": main.index('id="danger-heading"'),
        "cancel": main.index(f'href="/registration/manage/{token}/cancel/"'),
        "erase": main.index(
            f'href="/registration/manage/{token}/erase/"', main.index("danger-heading")
        ),
    }
    assert sorted(positions, key=positions.get) == [
        "heading",
        "card",
        "calendar",
        "switch",
        "language",
        "details",
        "danger",
        "cancel",
        "erase",
    ]
    # Nothing the person can press comes after the dangerous pair (the privacy notice
    # is a link to read, not an action).
    tail = main[positions["erase"] :]
    assert "<form" not in tail and "<button" not in tail
    # Both are secondary (outline) buttons that lead to a confirmation page, not forms.
    assert re.search(
        rf'<a class="btn btn-outline-danger" href="/registration/manage/{token}/cancel/">'
        r"Cancel my registration</a>",
        main,
    )
    assert re.search(
        rf'<a class="btn btn-outline-danger" href="/registration/manage/{token}/erase/">'
        r"Erase my personal data</a>",
        main,
    )
    assert "btn-danger" not in main


def test_cancel_and_erase_ask_first_and_change_nothing_by_get(browser, conference):
    registration = RegistrationFactory(conference=conference)
    cancel = f"/registration/manage/{registration.manage_token}/cancel/"
    page = browser.get(cancel)
    assert page.status_code == 200
    assert "Cancel your registration?" in page.content.decode()
    erase = browser.get(f"/registration/manage/{registration.manage_token}/erase/")
    assert "Erase your personal data?" in erase.content.decode()
    # A POST without the confirmation field changes nothing either.
    browser.post(cancel, {})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_cancel_without_the_csrf_token_is_refused(conference):
    registration = RegistrationFactory(conference=conference)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/registration/manage/{registration.manage_token}/cancel/", {"confirm": "True"}
    )
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


# --- What the card says in each status -------------------------------------------------
STATUS_CASES = {
    "pending_email": ("Awaiting email confirmation", "Confirm your email address"),
    "confirmed": ("Confirmed", "Add the conference to your calendar"),
    "waiting_list": (
        "On the waiting list",
        "Nothing to do for now: we write to you as soon as a place is yours.",
    ),
    "awaiting_approval": (
        "Awaiting the organisers’ decision",
        "Wait for the organisers’ decision: we write to you by email.",
    ),
    "declined": ("Declined", "Register again to take part online"),
}


@pytest.mark.parametrize("status", STATUS_CASES)
def test_the_card_says_the_status_and_the_next_thing_to_do(browser, conference, status):
    registration = RegistrationFactory(
        conference=conference, attendance_mode="in_person", status=status
    )
    html = manage_page(browser, registration)
    label, next_step = STATUS_CASES[status]
    shown = facts(html)
    assert shown["Status"] == label
    assert shown["Conference"] == "Science and Technology Bridge Continents"
    assert shown["Taking part"] == "In person"
    assert shown["Where"] == "Tomsk Polytechnic University, Tomsk"
    assert shown["Email address"] == registration.email
    assert f'status-badge status-badge-{status}"' in card_of(html)
    assert next_step in text_of(card_of(html))


def test_an_online_place_is_online_and_points_to_the_calendar(browser, conference):
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    html = manage_page(browser, registration)
    assert facts(html)["Where"] == "Online"
    assert facts(html)["Taking part"] == "Online"
    assert '<a href="#feed-heading">Add the conference to your calendar</a>' in card_of(html)
    # Every link of the card to a part of the page lands on a heading that is there.
    for anchor in re.findall(r'href="#([\w-]+)"', card_of(html)):
        assert f'id="{anchor}"' in html


def test_a_confirmed_in_person_place_points_to_the_ticket_and_the_documents(browser, conference):
    registration = RegistrationFactory(conference=conference, attendance_mode="in_person")
    card = card_of(manage_page(browser, registration))
    assert '<a href="#ticket-heading">Show your ticket at the registration desk</a>' in card
    assert "Download the letter confirming your registration" in card


def test_a_cancelled_registration_shows_its_card_once_and_the_link_then_only_erases(
    browser, conference
):
    registration = RegistrationFactory(conference=conference, attendance_mode="in_person")
    response = browser.post(
        f"/registration/manage/{registration.manage_token}/cancel/", {"confirm": "True"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert facts(html)["Status"] == "Cancelled"
    assert "Erase your personal data" in text_of(card_of(html))
    assert browser.get(f"/registration/manage/{registration.manage_token}/").status_code == 404


def test_the_dates_show_in_the_venue_zone_and_in_the_zone_the_visitor_chose(browser, conference):
    registration = RegistrationFactory(conference=conference)
    alone = facts(manage_page(browser, registration))["When"]
    assert alone == "Sat 16 May 2099, 19:00 – Wed 20 May 2099, 22:00 (Tomsk time, UTC+7)"
    # Without a chosen zone the browser's own is filled in by a static script.
    html = manage_page(browser, registration)
    assert re.search(r'<script src="/static/js/registration-times\.[\w.]*js" defer>', html)
    assert 'id="browser-zone-span" hidden' in card_of(html)
    assert 'data-venue-zone="Asia/Tomsk"' in card_of(html)
    browser.client.cookies["programme_tz"] = "Europe/Brussels"
    html = manage_page(browser, registration)
    assert 'id="browser-zone-span"' not in html
    both = facts(html)["When"]
    assert both == (
        "Sat 16 May 2099, 19:00 – Wed 20 May 2099, 22:00 (Tomsk time, UTC+7) "
        "Sat 16 May 2099, 14:00 – Wed 20 May 2099, 17:00 (your zone, Brussels, UTC+2)"
    )


# --- Each language, and names family name first where they are Chinese ------------------
LANGUAGES = {
    "": ("Your registration", "Confirmed", "What to do next", "Registration of 李伟"),
    "/ru": ("Ваша регистрация", "Подтверждена", "Что делать дальше", "Регистрация: 李伟"),
    "/zh-hans": ("您的注册", "已确认", "下一步", "李伟 的注册"),
}


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_card_in_each_language_with_a_chinese_name_family_name_first(
    browser, conference, prefix
):
    registration = RegistrationFactory(conference=conference, given_name="伟", family_name="李")
    html = manage_page(browser, registration, prefix)
    heading, status, next_heading, title = LANGUAGES[prefix]
    card = card_of(html)
    assert f'<h2 id="status-heading" class="h4">{heading}</h2>' in card
    assert status in card
    assert f'<h3 class="h5">{next_heading}</h3>' in card
    assert text_of(re.search(r"<h1>(.*?)</h1>", html)[1]) == title


def test_a_latin_name_reads_family_name_first_on_the_chinese_page(browser, conference):
    registration = RegistrationFactory(
        conference=conference, given_name="Anna", family_name="Ivanova"
    )
    html = manage_page(browser, registration, "/zh-hans")
    assert text_of(re.search(r"<h1>(.*?)</h1>", html)[1]) == "Ivanova Anna 的注册"
    english = manage_page(browser, registration)
    assert text_of(re.search(r"<h1>(.*?)</h1>", english)[1]) == "Registration of Anna Ivanova"


def test_the_confirmation_page_greets_a_chinese_name_family_name_first(browser, conference):
    registration = RegistrationFactory(
        conference=conference, given_name="伟", family_name="李", status="pending_email"
    )
    page = browser.get(links.confirm_path(registration)).content.decode()
    assert "李伟, one click to complete your registration" in page


def test_the_manage_page_links_its_stylesheet_and_the_conference_colour(browser, conference):
    registration = RegistrationFactory(conference=conference)
    html = manage_page(browser, registration)
    assert re.search(r'<link rel="stylesheet" href="/static/css/registration\.[\w.]*css">', html)
    assert "style=" not in main_of(html)


# --- The form in steps -------------------------------------------------------------------
def steps_of(html):
    """[(legend, [field names])] of the form's step fieldsets, in order."""
    parts = re.split(r'<fieldset id="step-\w+" class="registration-step"', html)[1:]
    result = []
    for part in parts:
        legend = text_of(re.search(r"<legend[^>]*>(.*?)</legend>", part, re.S)[1])
        names = []
        for name in re.findall(r'name="(\w+)"', part):
            if name not in names:
                names.append(name)
        result.append((legend, names))
    return result


def test_the_form_is_four_fieldsets_with_a_legend_each_and_one_button(browser, conference):
    html = browser.get(REGISTER).content.decode()
    steps = steps_of(html)
    assert [legend for legend, _names in steps] == [
        "Who you are",
        "How you attend",
        "Consent",
    ]  # no questions asked: no answers step
    assert steps[0][1] == [
        "given_name",
        "family_name",
        "patronymic",
        "email",
        "institution",
        "position",
        "country",
    ]
    assert steps[1][1][0] == "attendance_mode"
    assert "invitation_code" in steps[1][1]
    assert steps[2][1][0] == "privacy_consent"
    assert html.count('type="submit"') == 1
    assert html.count("<form") == 1
    # The step indicator is there for the script, hidden without it; the script is a file.
    assert re.search(
        r'<ol class="registration-progress" id="registration-progress"[^>]*hidden', html
    )
    assert re.search(r'<script src="/static/js/registration-steps\.[\w.]*js" defer>', html)
    assert "<script>" not in html


def test_with_questions_the_answers_are_the_third_step(browser, conference):
    from tests.factories import QuestionFactory

    QuestionFactory(conference=conference, text="Arrival date", kind="date", required=True)
    html = browser.get(REGISTER).content.decode()
    steps = steps_of(html)
    assert [legend for legend, _names in steps] == [
        "Who you are",
        "How you attend",
        "Your answers",
        "Consent",
    ]
    assert [name for name in steps[2][1] if name.startswith("q")] != []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"given_name": ""}, "given_name", "This field is required."),
        ({"given_name": "\u200b"}, "given_name", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"country": ""}, "country", "This field is required."),
        ({"attendance_mode": ""}, "attendance_mode", "This field is required."),
        (
            {"privacy_consent": None},
            "privacy_consent",
            "Please agree so that we may keep your registration.",
        ),
        (
            {"invitation_code": "NO-SUCH-CODE"},
            "invitation_code",
            "This code is not valid for this conference, or it has expired.",
        ),
        ({"institution": "Line one\nLine two"}, "institution", "Please write this on one line."),
    ],
)
def test_the_server_still_refuses_what_it_refused(browser, conference, overrides, field, message):
    response = browser.post(REGISTER, form_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert Registration.objects.count() == 0
    assert mail.outbox == []
    # Beside the field, tied to it by aria-describedby ...
    error_id = f"id_{field}_error"
    assert re.search(rf'<div id="{error_id}" class="invalid-feedback">', html)
    if field != "attendance_mode":
        described = re.search(rf'id="id_{field}"', html)
        tag = html[html.rindex("<", 0, described.start()) : html.index(">", described.start())]
        assert "aria-invalid" in tag and error_id in tag
    # ... and in the summary above the form, linking to it.
    summary = html[
        html.index('id="error-summary"') : html.index("</div>", html.index('id="error-summary"'))
    ]
    anchor = f"id_{field}_0" if field == "attendance_mode" else f"id_{field}"
    assert f'<a href="#{anchor}" data-error-link>' in summary
    assert message in summary
    assert html.index('id="error-summary"') < html.index("<form ")


def test_the_summary_counts_every_problem(browser, conference):
    html = browser.post(
        REGISTER, form_data(given_name="", email="x", privacy_consent=None)
    ).content.decode()
    summary = html[html.index('id="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "Please correct 3 problems:" in summary
    links = re.findall(r'<a href="#(id_\w+)" data-error-link>([^<]*)</a>', summary)
    assert [anchor for anchor, _text in links] == [
        "id_given_name",
        "id_email",
        "id_privacy_consent",
    ]
    # A label holding a link (the consent's) is its text only, never a link in a link.
    assert links[2][1].startswith("I consent to the processing") or links[2][1].startswith(
        "I agree that the organisers keep these details"
    )


def test_the_summary_in_russian_and_chinese(browser, conference):
    ru = browser.post(f"/ru{REGISTER}", form_data(given_name="")).content.decode()
    assert "Исправьте, пожалуйста (ошибок: 1):" in ru
    zh = browser.post(f"/zh-hans{REGISTER}", form_data(given_name="")).content.decode()
    assert "请更正以下 1 处问题：" in zh


def test_a_valid_form_still_registers_in_one_post(browser, conference):
    response = browser.post(REGISTER, form_data())
    assert response.status_code == 302
    assert Registration.objects.get().email == "anna.ivanova@tpu.ru"


def test_a_valid_invitation_code_still_counts(browser, conference):
    InvitationCodeFactory(conference=conference, code="GUEST-2099")
    response = browser.post(
        REGISTER, form_data(email="guest@example.org", invitation_code="GUEST-2099")
    )
    assert response.status_code == 302
    assert Registration.objects.get().invitation is not None
