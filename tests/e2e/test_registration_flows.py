"""An attendee registers in a real browser; the mail outbox carries the links."""

import re

import pytest
from playwright.sync_api import expect

from registration.models import Registration
from tests.e2e.checks import assert_accessible, screenshot
from tests.factories import RegistrationFactory

# The confirmation link, with the language prefix of a Russian or Chinese registration.
CONFIRM_LINK = re.compile(
    r"https?://[^/\s]+((?:/ru|/zh-hans)?/registration/manage/[^/\s]+/confirm/)"
)


def fill_about_you(page, *, given, family, email):
    page.get_by_label("Given name").fill(given)
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Email address").fill(email)
    page.get_by_role("textbox", name="Institution").fill("Harbin Institute of Technology")
    page.get_by_role("combobox", name="Country").select_option(label="China")
    page.get_by_label("I consent to the processing of my personal data for registration").check()


def test_attendee_registers_online_confirms_by_mail_and_reaches_the_manage_page(
    page, open_conference, mailoutbox
):
    page.goto(open_conference.get_absolute_url())
    page.get_by_role("link", name="Register", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register for Bridge Continents 2099")
    # The honeypot is there for bots and out of people's way: off screen (by the stylesheet,
    # no inline style), out of the tab order and hidden from screen readers.
    honeypot = page.locator("input[name=website_url]")
    box = honeypot.bounding_box()
    assert box["x"] + box["width"] <= 0
    expect(honeypot).to_have_attribute("tabindex", "-1")
    expect(page.locator(".hp-field")).to_have_attribute("aria-hidden", "true")
    assert_accessible(page)
    screenshot(page, "register")

    page.get_by_label("Online").check()
    fill_about_you(page, given="伟", family="李", email="li.wei@example.cn")
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
    assert_accessible(page)
    screenshot(page, "manage")


def test_in_person_seats_full_offers_online_in_one_step(page, open_conference, mailoutbox):
    RegistrationFactory(conference=open_conference, attendance_mode="in_person")

    page.goto(open_conference.get_absolute_url())
    expect(
        page.get_by_text("In-person seats are full: waiting list, or take part online.")
    ).to_be_visible()
    page.get_by_role("link", name="Register", exact=True).click()

    expect(page.get_by_text("All in-person seats are taken.")).to_be_visible()
    expect(page.get_by_label("Online")).to_be_checked()
    fill_about_you(page, given="Jan", family="Peeters", email="jan.peeters@example.be")
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
    page.get_by_role("link", name=words["register"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["register_heading"])
    assert page.locator("html").get_attribute("lang") == language

    page.get_by_label(words["online"], exact=True).check()
    given_label, family_label, email_label, institution_label, country_label = words["labels"]
    page.get_by_label(required(given_label)).fill(given)
    page.get_by_label(required(family_label)).fill(family)
    page.get_by_label(required(email_label)).fill(email)
    page.get_by_role("textbox", name=required(institution_label)).fill(
        "Harbin Institute of Technology"
    )
    page.get_by_role("combobox", name=required(country_label)).select_option(value="CN")
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
