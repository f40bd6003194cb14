"""An attendee registers in a real browser, walking the form's steps (or, without JavaScript,
the one page of four fieldsets); the mail outbox carries the links."""

import re

import pytest
from playwright.sync_api import expect

from registration.models import Registration
from tests.e2e.checks import PHONE, screenshot
from tests.factories import RegistrationFactory

# The confirmation link, with the language prefix of a Russian or Chinese registration.
CONFIRM_LINK = re.compile(
    r"https?://[^/\s]+((?:/ru|/zh-hans)?/registration/manage/[^/\s]+/confirm/)"
)


CONSENT = "I consent to the processing of my personal data for registration"


def fill_about_you(page, *, given, family, email):
    page.get_by_label("Given name").fill(given)
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Email address").fill(email)
    page.get_by_role("textbox", name="Institution").fill("Harbin Institute of Technology")
    page.get_by_role("combobox", name="Country").select_option(label="China")


def expect_step(page, number, heading):
    """The step shown is `number` (1-based): its heading has the focus and the indicator
    marks it as the current step."""
    expect(page.get_by_role("heading", level=2, name=heading)).to_be_focused()
    current = page.locator("#registration-progress li[aria-current=step]")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("data-step-target", str(number))


def assert_step_fits(page):
    """The step shown, from its heading to its buttons, is no taller than a phone's screen."""
    height = page.evaluate(
        "document.querySelector('fieldset.registration-step:not([hidden])')"
        ".getBoundingClientRect().height"
    )
    assert height <= PHONE["height"], f"a step is {height}px high"


def walk_steps(page, *, mode, given, family, email):
    """Who you are, Next, how you attend, Next, consent: the form as a phone shows it."""
    assert_step_fits(page)
    fill_about_you(page, given=given, family=family, email=email)
    page.get_by_role("button", name="Next").click()
    expect_step(page, 2, "How you attend")
    assert_step_fits(page)
    page.get_by_label(mode).check()
    page.get_by_role("button", name="Next").click()
    expect_step(page, 3, "Consent")
    assert_step_fits(page)
    page.get_by_label(CONSENT).check()


def test_attendee_registers_online_confirms_by_mail_and_reaches_the_manage_page(
    page, open_conference, mailoutbox
):
    page.goto(open_conference.get_absolute_url())
    page.locator("#main").get_by_role("link", name="Register", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register for Bridge Continents 2099")
    screenshot(page, "register", accessible=True)

    page.set_viewport_size(PHONE)
    walk_steps(page, mode="Online", given="伟", family="李", email="li.wei@example.cn")
    # The honeypot is there for bots and out of people's way: off screen (by the stylesheet,
    # no inline style), out of the tab order and hidden from screen readers.
    honeypot = page.locator("input[name=website_url]")
    box = honeypot.bounding_box()
    assert box["x"] + box["width"] <= 0
    expect(honeypot).to_have_attribute("tabindex", "-1")
    expect(page.locator(".hp-field")).to_have_attribute("aria-hidden", "true")
    screenshot(page, "register-consent-step", accessible=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    [message] = mailoutbox
    assert message.to == ["li.wei@example.cn"]
    confirm_path = CONFIRM_LINK.search(message.body)[1]

    page.goto(confirm_path)
    page.get_by_role("button", name="Confirm my address").click()

    # A Chinese name family name first (registration/names.py).
    expect(page.get_by_role("heading", level=1)).to_have_text("Registration of 李伟")
    expect(page.locator(".registration-status")).to_contain_text("Confirmed")
    expect(page.get_by_text("You are registered to take part online.")).to_be_visible()
    assert page.url.endswith("/") and "/registration/manage/" in page.url
    registration = Registration.objects.get(email="li.wei@example.cn")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.attendance_mode == Registration.AttendanceMode.ONLINE
    # The status card first, in view on a phone without scrolling; cancel last.
    card = page.get_by_role("region", name="Your registration")
    expect(card).to_be_in_viewport()
    expect(card.locator(".status-badge")).to_have_text("Confirmed")
    expect(card.locator(".status-where")).to_have_text("Online")
    buttons = page.locator("main a.btn, main button").all_inner_texts()
    assert buttons[-2:] == ["Cancel my registration", "Erase my personal data"]
    screenshot(page, "manage", accessible=True)


def test_in_person_seats_full_offers_online_in_one_step(page, open_conference, mailoutbox):
    RegistrationFactory(conference=open_conference, attendance_mode="in_person")

    page.goto(open_conference.get_absolute_url())
    expect(
        page.get_by_text("In-person seats are full: waiting list, or take part online.")
    ).to_be_visible()
    page.locator("#main").get_by_role("link", name="Register", exact=True).click()

    expect(page.get_by_text("All in-person seats are taken.")).to_be_visible()
    fill_about_you(page, given="Jan", family="Peeters", email="jan.peeters@example.be")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_label("Online")).to_be_checked()
    page.get_by_role("button", name="Next").click()
    page.get_by_label(CONSENT).check()
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    registration = Registration.objects.get(email="jan.peeters@example.be")
    assert registration.attendance_mode == Registration.AttendanceMode.ONLINE
    assert [message.to for message in mailoutbox] == [["jan.peeters@example.be"]]


# The same registration in Russian and in Chinese: the form, the confirmation mail's link and
# the manage page all in the language the person registered in.
IN_EACH_LANGUAGE = {
    "ru": {
        "labels": ("Имя", "Фамилия", "Адрес электронной почты", "Организация", "Страна"),
        "consent": "Я даю согласие на обработку моих персональных данных для регистрации",
        "online": "Онлайн",
        "next": "Далее",
        "register": "Зарегистрироваться",
        "register_heading": "Регистрация на конференцию «Bridge Continents 2099»",
        "sent": "Проверьте почту",
        "confirm": "Подтвердить мой адрес",
        "person": ("Анна", "Иванова", "anna.ivanova@example.ru"),
        "manage_heading": "Регистрация: Анна Иванова",
        "status": "Подтверждена",
        "mail_closing": "С уважением,",
    },
    "zh-hans": {
        "labels": ("名", "姓", "电子邮箱", "单位", "国家/地区"),
        "consent": "我同意为报名之目的处理我的个人数据",
        "online": "线上参会",
        "next": "下一步",
        "register": "注册",
        "register_heading": "注册 Bridge Continents 2099",
        "sent": "请查收邮件",
        "confirm": "确认我的邮箱",
        "person": ("伟", "李", "li.wei@example.cn"),
        "manage_heading": "李伟 的注册",
        "status": "已确认",
        "mail_closing": "此致敬礼！",
    },
}


def required(label):
    """A required field's accessible name: its label and the form's asterisk (with "/"
    escaped too, as Playwright passes the pattern on between slashes)."""
    escaped = re.escape(label).replace("/", r"\/")
    return re.compile(rf"^\s*{escaped}\s*\*?\s*$")


@pytest.mark.parametrize("language", IN_EACH_LANGUAGE)
def test_attendee_registers_in_their_language_and_the_mail_leads_back_in_it(
    page, open_conference, mailoutbox, language
):
    words = IN_EACH_LANGUAGE[language]
    given, family, email = words["person"]
    page.goto(f"/{language}{open_conference.get_absolute_url()}")
    page.locator("#main").get_by_role("link", name=words["register"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["register_heading"])
    assert page.locator("html").get_attribute("lang") == language

    given_label, family_label, email_label, institution_label, country_label = words["labels"]
    page.get_by_label(required(given_label)).fill(given)
    page.get_by_label(required(family_label)).fill(family)
    page.get_by_label(required(email_label)).fill(email)
    page.get_by_role("textbox", name=required(institution_label)).fill(
        "Harbin Institute of Technology"
    )
    page.get_by_role("combobox", name=required(country_label)).select_option(value="CN")
    page.get_by_role("button", name=words["next"], exact=True).click()
    page.get_by_label(words["online"], exact=True).check()
    page.get_by_role("button", name=words["next"], exact=True).click()
    page.get_by_label(words["consent"]).check()
    page.get_by_role("button", name=words["register"], exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words["sent"])
    [message] = mailoutbox
    assert message.to == [email]
    assert words["mail_closing"] in message.body.splitlines()
    page.goto(CONFIRM_LINK.search(message.body)[1])
    assert page.locator("html").get_attribute("lang") == language
    page.get_by_role("button", name=words["confirm"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words["manage_heading"])
    expect(page.locator(".registration-status")).to_contain_text(words["status"])
    assert page.locator("html").get_attribute("lang") == language
    registration = Registration.objects.get(email=email)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.attendance_mode == Registration.AttendanceMode.ONLINE
    screenshot(page, f"{language}-manage", accessible=True)


def test_next_refuses_an_empty_required_field_with_a_message_beside_it(page, open_conference):
    page.set_viewport_size(PHONE)
    page.goto(f"/events/{open_conference.slug}/register/")
    steps = page.locator("#registration-progress li")
    expect(steps).to_have_text(["Who you are", "How you attend", "Consent"])
    expect(page.get_by_role("heading", level=2, name="How you attend")).to_be_hidden()
    page.get_by_label("Given name").fill("Jan")
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Next").click()

    # Still the first step; the first wrong field has the focus and says what is wrong.
    expect(page.get_by_role("heading", level=2, name="How you attend")).to_be_hidden()
    expect(steps.nth(0)).to_have_attribute("aria-current", "step")
    family = page.get_by_label("Family name")
    expect(family).to_be_focused()
    expect(family).to_have_attribute("aria-invalid", "true")
    message = page.locator("#step-error-family_name")
    expect(message).to_be_visible()
    expect(message).to_have_text("Please fill in this field.")
    expect(family).to_have_accessible_description(re.compile("Please fill in this field."))
    expect(page.locator("#step-error-email")).to_have_text("Please enter a valid email address.")
    expect(page.locator("#step-error-country")).to_have_text("Please choose one of the options.")
    screenshot(page, "register-step-error", accessible=True)

    # Corrected, Next moves on; Back returns with what was typed kept.
    family.fill("Peeters")
    page.get_by_label("Email address").fill("jan.peeters@example.be")
    page.get_by_role("combobox", name="Country").select_option(label="Belgium")
    # Each message goes as its field is corrected; the institution's stays until then.
    expect(page.locator(".step-error")).to_have_count(1)
    expect(page.locator("#step-error-institution")).to_have_text("Please fill in this field.")
    page.get_by_role("textbox", name="Institution").fill("KU Leuven")
    page.get_by_role("button", name="Next").click()
    expect_step(page, 2, "How you attend")
    expect(page.locator(".step-error")).to_have_count(0)
    # No way chosen yet: Next refuses that too.
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-error-attendance_mode")).to_have_text(
        "Please choose one of the options."
    )
    page.get_by_role("button", name="Back").click()
    expect_step(page, 1, "Who you are")
    expect(page.get_by_label("Family name")).to_have_value("Peeters")


def test_the_server_refusal_opens_the_step_with_the_error(page, open_conference):
    """What only the server knows (an invitation code) comes back as an error summary at
    the top and the form open at that field's step."""
    page.set_viewport_size(PHONE)
    page.goto(f"/events/{open_conference.slug}/register/")
    fill_about_you(page, given="Jan", family="Peeters", email="jan.peeters@example.be")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("radio", name=re.compile("^In person")).check()
    page.get_by_label("Invitation code (optional, in person)").fill("NO-SUCH-CODE")
    page.get_by_role("button", name="Next").click()
    page.get_by_label(CONSENT).check()
    page.get_by_role("button", name="Register").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Please correct 1 problem:")
    expect(page.locator("#registration-progress li[aria-current=step]")).to_have_text(
        "How you attend"
    )
    code = page.get_by_label("Invitation code (optional, in person)")
    expect(code).to_be_visible()
    expect(code).to_have_accessible_description(
        re.compile("This code is not valid for this conference")
    )
    screenshot(page, "register-server-error", accessible=True)
    assert Registration.objects.count() == 0
    # The summary's link leads to the field, on its step.
    page.get_by_role("link", name=re.compile("^Invitation code")).click()
    expect(code).to_be_focused()


def test_without_javascript_the_form_is_one_page_that_registers(
    browser, live_server, open_conference, mailoutbox
):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(f"/events/{open_conference.slug}/register/")
        # Four fieldsets' worth (no questions: three), each with its legend, all shown; one
        # button; no step indicator, no Next.
        legends = page.locator("fieldset.registration-step > legend")
        expect(legends).to_have_text(["Who you are", "How you attend", "Consent"])
        for index in range(3):
            expect(legends.nth(index)).to_be_visible()
        expect(page.locator("#registration-progress")).to_be_hidden()
        expect(page.get_by_role("button", name="Next")).to_have_count(0)

        fill_about_you(page, given="Jan", family="Peeters", email="jan.peeters@example.be")
        page.get_by_label("Online").check()
        page.get_by_label(CONSENT).check()
        page.get_by_role("button", name="Register").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
        assert Registration.objects.get().email == "jan.peeters@example.be"
        assert [message.to for message in mailoutbox] == [["jan.peeters@example.be"]]
    finally:
        context.close()


def test_the_single_page_form_is_accessible_and_fits_a_phone(browser, live_server, open_conference):
    """The form as a browser without the steps script shows it (axe and the width check need
    JavaScript, so here only the steps script is kept away)."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="en-GB")
    context.route("**/registration-steps*.js", lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(f"/events/{open_conference.slug}/register/")
        expect(page.locator("fieldset.registration-step > legend")).to_have_count(3)
        expect(page.get_by_role("heading", level=2, name="Consent")).to_be_visible()
        expect(page.locator("#registration-progress")).to_be_hidden()
        screenshot(page, "register-single-page", accessible=True)
    finally:
        context.close()


def test_the_status_card_gives_the_dates_in_the_browser_zone_too(
    browser, live_server, open_conference
):
    registration = RegistrationFactory(conference=open_conference, attendance_mode="in_person")
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="en-GB", timezone_id="Europe/Brussels"
    )
    page = context.new_page()
    try:
        page.goto(f"/registration/manage/{registration.manage_token}/")
        when = page.locator(".status-when")
        expect(when.locator("p").first).to_have_text(
            "Sat 16 May 2099, 19:00 – Wed 20 May 2099, 19:00 (Tomsk time, UTC+7)"
        )
        browser_zone = page.locator("#browser-zone-span")
        expect(browser_zone).to_be_visible()
        expect(browser_zone).to_contain_text("(your zone, Europe/Brussels, UTC+2)")
        expect(browser_zone.locator("time").first).to_have_attribute(
            "datetime", "2099-05-16T12:00:00.000Z"
        )
        expect(browser_zone).to_contain_text("14:00")
        screenshot(page, "manage-in-person", accessible=True)
    finally:
        context.close()
