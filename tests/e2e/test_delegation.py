"""A rector's office registers a delegation in a real browser: the contact enters three
people, confirms their own address, each person confirms from their own mail, and the
contact's page shows each one's status."""

import re

from playwright.sync_api import expect

from delegations.models import Delegation
from registration.models import Registration
from tests.e2e.checks import assert_accessible, screenshot
from tests.registration.task_worker import run_db_worker

PAGE_LINK = re.compile(r"https?://[^/\s]+((?:/ru|/zh-hans)?/delegation/[0-9a-f]{96}/)")
CONFIRM_LINK = re.compile(
    r"https?://[^/\s]+((?:/ru|/zh-hans)?/registration/manage/[0-9a-f]{96}/confirm/)"
)
PEOPLE = [
    # given, family, email, mode, language of their emails
    ("Иван", "Сидоров", "ivan.sidorov@example.ru", "In person in Tomsk", "Русский"),
    ("伟", "李", "li.wei@example.cn", "Online", "简体中文"),
    ("Jan", "Peeters", "jan.peeters@example.be", "Online", "Same as yours"),
]


def test_a_contact_registers_three_people_who_each_confirm(page, open_conference, mailoutbox):
    page.goto(f"/events/{open_conference.slug}/register/")
    page.get_by_role("link", name="Register a delegation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Register a delegation for Bridge Continents 2099"
    )
    assert_accessible(page)

    page.get_by_label("Your name").fill("Olga Petrova")
    page.get_by_label("Your email address").fill("international@example.ru")
    page.get_by_label("Your institution").fill("Tomsk State University")
    page.get_by_label("Your role").fill("International office of the rector")
    page.get_by_label("Country of the delegation").select_option(label="Russia")
    for number, (given, family, email, mode, language) in enumerate(PEOPLE, start=1):
        row = page.get_by_role("group", name=f"Person {number}")
        row.get_by_label("Given name").fill(given)
        row.get_by_label("Family name").fill(family)
        row.get_by_label("Email address").fill(email)
        row.get_by_label("How they take part").select_option(label=mode)
        row.get_by_label("Language of their emails").select_option(label=language)
    page.get_by_label("The people I enter agree").check()
    screenshot(page, "delegation-form")
    page.get_by_role("button", name="Register the delegation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    [to_contact] = mailoutbox
    assert to_contact.to == ["international@example.ru"]
    assert Registration.objects.count() == 0

    contact_page = PAGE_LINK.search(to_contact.body)[1]
    page.goto(contact_page)
    page.get_by_role("button", name="Confirm my address").click()
    expect(page.get_by_text("Thank you: your address is confirmed.")).to_be_visible()
    # Confirming starts a background job (delegations/runners.py): until the task worker
    # runs it, nobody is registered, no person has a mail, and the page says so.
    statuses = page.get_by_role("table", name="3 people in the delegation").locator(
        "tbody tr .member-status"
    )
    expect(statuses).to_have_text(["Being registered"] * 3)
    assert len(mailoutbox) == 1
    assert Registration.objects.count() == 0

    run_db_worker()  # the deployment's worker, a moment later

    mails = {message.to[0]: message for message in mailoutbox[1:]}
    assert sorted(mails) == sorted(["international@example.ru", *(p[2] for p in PEOPLE)])
    assert [mails[p[2]].extra_headers["Content-Language"] for p in PEOPLE] == [
        "ru",
        "zh-hans",
        "en",
    ]
    for _given, _family, email, _mode, _language in PEOPLE:
        page.goto(CONFIRM_LINK.search(mails[email].body)[1])
        page.locator("form").get_by_role("button").click()
        assert "/registration/manage/" in page.url

    page.goto(contact_page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Delegation of Tomsk State University"
    )
    table = page.get_by_role("table", name="3 people in the delegation")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Иван Сидоров")
    expect(rows.nth(0).locator(".member-status")).to_have_text("Awaiting the organisers’ decision")
    expect(rows.nth(1).locator(".member-status")).to_have_text("Confirmed")
    expect(rows.nth(2).locator(".member-status")).to_have_text("Confirmed")
    # The contact sees what they typed and the statuses, never anyone's link or address.
    html = page.content()
    for registration in Registration.objects.all():
        assert registration.manage_token not in html
        assert registration.email not in html
    assert Delegation.objects.get().members.filter(outcome="registered").count() == 3
    screenshot(page, "delegation-page", accessible=True)
