"""An attendee answers the organisers' own questions in a real browser: only those of the way
of taking part chosen show, a date and several choices are saved, and changed later on the
manage page."""

import datetime as dt
import re

from playwright.sync_api import expect

from registration.models import Answer, Registration
from tests.e2e.checks import assert_accessible, assert_valid_html, screenshot
from tests.factories import QuestionFactory, QuestionOptionFactory

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/registration/manage/[^/\s]+/confirm/)")


def ask(conference):
    QuestionFactory(
        conference=conference,
        text="Arrival date",
        help_text="The day you arrive in Tomsk.",
        kind="date",
        required=True,
        asked_of="in_person",
    )
    excursions = QuestionFactory(conference=conference, text="Excursions", kind="several_choices")
    QuestionOptionFactory(question=excursions, label="Old Tomsk walk")
    QuestionOptionFactory(question=excursions, label="Wooden architecture museum")
    QuestionFactory(
        conference=conference,
        text="What do you hope to hear about?",
        kind="long_text",
        required=True,
        asked_of="online",
    )


def test_attendee_answers_the_questions_and_changes_them_later(
    page, open_conference, mailoutbox, tmp_path
):
    ask(open_conference)
    page.goto(f"/events/{open_conference.slug}/register/")
    pages = {"register.html": page.content()}
    # The form's steps (static/js/registration-steps.js): who you are, how you attend,
    # the organisers' questions, consent.
    expect(page.locator("#registration-progress li")).to_have_text(
        ["Who you are", "How you attend", "Your answers", "Consent"]
    )
    page.get_by_label("Given name").fill("Анна")
    page.get_by_label("Family name").fill("Иванова")
    page.get_by_label("Email address").fill("anna@example.ru")
    page.get_by_role("textbox", name="Institution").fill("Tomsk State University")
    page.get_by_role("combobox", name="Country").select_option(label="Russia")
    page.get_by_role("button", name="Next").click()

    in_person_group = page.locator('fieldset[data-asked-of="in_person"]')
    online_group = page.locator('fieldset[data-asked-of="online"]')
    page.get_by_label("Online").check()
    page.get_by_role("button", name="Next").click()
    # Only the questions of the way of taking part chosen show.
    expect(page.get_by_role("heading", level=2, name="Your answers")).to_be_focused()
    expect(in_person_group).to_be_hidden()
    expect(online_group).to_be_visible()
    # A question required of online participants refuses Next while empty.
    page.get_by_role("button", name="Next").click()
    hope = page.get_by_label("What do you hope to hear about?")
    expect(hope).to_be_focused()
    expect(hope).to_have_accessible_description(re.compile("Please fill in this field."))

    page.get_by_role("button", name="Back").click()
    page.get_by_label("In person in Tomsk").check()
    page.get_by_role("button", name="Next").click()
    expect(in_person_group).to_be_visible()
    expect(online_group).to_be_hidden()
    assert_accessible(page)

    page.get_by_label("Arrival date").fill("2099-05-15")
    page.get_by_label("Old Tomsk walk").check()
    page.get_by_label("Wooden architecture museum").check()
    screenshot(page, "register-questions")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("I consent to the processing of my personal data for registration").check()
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    [message] = mailoutbox
    page.goto(CONFIRM_LINK.search(message.body)[1])
    page.get_by_role("button", name="Confirm my address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registration of Анна Иванова")

    answers = page.get_by_role("region", name="Your answers to the organisers’ questions")
    expect(answers.get_by_label("Arrival date")).to_have_value("2099-05-15")
    expect(answers.get_by_label("Old Tomsk walk")).to_be_checked()
    expect(answers.get_by_label("Wooden architecture museum")).to_be_checked()
    expect(answers.get_by_label("What do you hope to hear about?")).to_have_count(0)
    assert_accessible(page)
    pages["manage.html"] = page.content()
    assert_valid_html(pages, tmp_path / "html")

    answers.get_by_label("Arrival date").fill("2099-05-14")
    answers.get_by_label("Old Tomsk walk").uncheck()
    answers.get_by_role("button", name="Save my answers").click()

    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    expect(answers.get_by_label("Arrival date")).to_have_value("2099-05-14")
    expect(answers.get_by_label("Old Tomsk walk")).not_to_be_checked()
    expect(answers.get_by_label("Wooden architecture museum")).to_be_checked()
    screenshot(page, "manage-questions")

    registration = Registration.objects.get(email="anna@example.ru")
    saved = Answer.objects.filter(registration=registration).prefetch_related("choices")
    assert {answer.question_text: answer.display() for answer in saved} == {
        "Arrival date": "2099-05-14",
        "Excursions": "Wooden architecture museum",
    }
    assert registration.answers.get(question__kind="date").date == dt.date(2099, 5, 14)
