"""The organisers' own questions on the public pages: asked on the register form of the mode
chosen, saved with the registration, changed on the manage page while registration is open,
kept as they were asked when organisers change or archive a question."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from registration import questions, services
from registration.models import Answer, Question, Registration
from tests.factories import QuestionFactory, QuestionOptionFactory, RegistrationFactory
from tests.registration.conftest import form_data

pytestmark = pytest.mark.django_db

REGISTER = "/events/bridge-continents/register/"


class Asked:
    """The questions of the Bridge Continents conference, as organisers set them up."""

    def __init__(self, conference):
        self.arrival = QuestionFactory(
            conference=conference,
            text="Arrival date",
            text_ru="Дата приезда",
            help_text="The day you arrive in Tomsk.",
            kind="date",
            required=True,
            asked_of="in_person",
        )
        self.hotel = QuestionFactory(
            conference=conference,
            text="Hotel room wanted?",
            text_ru="Нужен номер в гостинице?",
            kind="yes_no",
            asked_of="in_person",
        )
        self.excursion = QuestionFactory(
            conference=conference,
            text="Excursions",
            text_ru="Экскурсии",
            text_zh_hans="游览",
            kind="several_choices",
        )
        self.walk = QuestionOptionFactory(
            question=self.excursion, label="Old Tomsk walk", label_ru="Прогулка по старому Томску"
        )
        self.museum = QuestionOptionFactory(
            question=self.excursion, label="Wooden architecture museum"
        )
        self.gala = QuestionFactory(
            conference=conference, text="Gala dinner", kind="one_choice", required=True
        )
        self.gala_yes = QuestionOptionFactory(question=self.gala, label="I will come")
        self.gala_no = QuestionOptionFactory(question=self.gala, label="I will not come")
        self.stream = QuestionFactory(
            conference=conference,
            text="What do you hope to hear about?",
            kind="long_text",
            asked_of="online",
        )

    def field(self, question):
        return f"question_{question.pk}"

    def in_person_answers(self):
        return {
            self.field(self.arrival): "2099-05-15",
            self.field(self.hotel): "yes",
            self.field(self.excursion): [str(self.walk.pk), str(self.museum.pk)],
            self.field(self.gala): str(self.gala_yes.pk),
        }


@pytest.fixture
def asked(conference):
    return Asked(conference)


def answers_by_text(registration):
    return {
        answer.question_text: answer.display()
        for answer in Answer.objects.filter(registration=registration).prefetch_related("choices")
    }


def close_registration(conference):
    conference.registration_opens_at = timezone.now() - dt.timedelta(days=10)
    conference.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    conference.save()


# --- the register form -----------------------------------------------------------------------
def test_register_form_groups_the_questions_by_whom_they_are_asked_of(browser, asked):
    response = browser.get(REGISTER)
    assert response.status_code == 200
    html = response.content.decode()
    text = " ".join(html.split())
    assert 'data-asked-of="everyone"' in html
    assert "Questions from the organisers</legend>" in text
    assert "Questions if you come in person</legend>" in text
    assert "Questions if you take part online</legend>" in text
    assert f'type="date" name="question_{asked.arrival.pk}"' in html
    # Required of one mode only: not required by the browser, said in the help text.
    assert "The day you arrive in Tomsk. Required if you come in person." in text
    assert f'name="question_{asked.gala.pk}" value="{asked.gala_yes.pk}"' in html
    assert (
        f'<input type="checkbox" class="form-check-input"  name="question_{asked.excursion.pk}" '
        f'value="{asked.walk.pk}"'
    ) in html
    assert 'src="/static/js/registration-questions.js" defer' in html


def test_register_form_in_russian_shows_the_russian_texts(browser, asked):
    html = browser.get(f"/ru{REGISTER}").content.decode()
    assert "Дата приезда" in html
    assert "Прогулка по старому Томску" in html
    # No Russian text written for this choice: the English one stands in.
    assert "Wooden architecture museum" in html


def test_archived_questions_and_choices_are_not_asked(browser, asked):
    services.archive_questions(questions=Question.objects.filter(pk=asked.hotel.pk))
    asked.museum.archived = True
    asked.museum.save()
    html = browser.get(REGISTER).content.decode()
    assert "Hotel room wanted?" not in html
    assert "Wooden architecture museum" not in html
    assert "Old Tomsk walk" in html


def test_a_conference_without_questions_loads_no_script(browser, conference):
    html = browser.get(REGISTER).content.decode()
    assert "registration-questions.js" not in html
    assert "data-asked-of" not in html


def test_in_person_answers_are_saved_with_the_registration(browser, asked):
    response = browser.post(REGISTER, form_data(**asked.in_person_answers()))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert answers_by_text(registration) == {
        "Arrival date": "2099-05-15",
        "Hotel room wanted?": "Yes",
        "Excursions": "Old Tomsk walk; Wooden architecture museum",
        "Gala dinner": "I will come",
    }
    arrival = registration.answers.get(question=asked.arrival)
    assert arrival.date == dt.date(2099, 5, 15)


def test_answers_keep_the_question_as_read_in_russian(browser, asked):
    response = browser.post(f"/ru{REGISTER}", form_data(**asked.in_person_answers()))
    assert response.status_code == 302
    assert answers_by_text(Registration.objects.get()) == {
        "Дата приезда": "2099-05-15",
        "Нужен номер в гостинице?": "Да",
        "Экскурсии": "Прогулка по старому Томску; Wooden architecture museum",
        "Gala dinner": "I will come",
    }


def test_online_registrant_is_not_asked_the_in_person_questions(browser, asked):
    data = form_data(
        attendance_mode="online",
        **{
            asked.field(asked.gala): str(asked.gala_no.pk),
            asked.field(asked.stream): "Open science in Siberia",
            # Sent anyway (no script to hide them), mistyped even: ignored.
            asked.field(asked.hotel): "yes",
            asked.field(asked.arrival): "not a date",
        },
    )
    response = browser.post(REGISTER, data)
    assert response.status_code == 302
    assert answers_by_text(Registration.objects.get()) == {
        "Gala dinner": "I will not come",
        "What do you hope to hear about?": "Open science in Siberia",
    }


def test_in_person_registrant_must_answer_the_required_questions(browser, asked):
    response = browser.post(REGISTER, form_data())
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[asked.field(asked.arrival)] == ["Please answer this question."]
    assert form.errors[asked.field(asked.gala)] == ["This field is required."]
    assert asked.field(asked.hotel) not in form.errors
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        ("arrival", "31.02.2099", "Enter a date as YYYY-MM-DD, e.g. 2026-09-14."),
        ("arrival", "2099-02-31", "Enter a date as YYYY-MM-DD, e.g. 2026-09-14."),
        ("gala", "999999", "Select a valid choice. 999999 is not one of the available choices."),
        ("hotel", "maybe", "Select a valid choice. maybe is not one of the available choices."),
        (
            "excursion",
            ["0"],
            "Select a valid choice. 0 is not one of the available choices.",
        ),
    ],
)
def test_bad_answers_are_refused_with_a_clear_message(browser, asked, question, value, message):
    question = getattr(asked, question)
    data = form_data(**{**asked.in_person_answers(), asked.field(question): value})
    response = browser.post(REGISTER, data)
    assert response.status_code == 200
    assert response.context["form"].errors[asked.field(question)] == [message]
    assert Registration.objects.count() == 0


def test_an_archived_choice_cannot_be_sent(browser, asked):
    asked.museum.archived = True
    asked.museum.save()
    data = form_data(**asked.in_person_answers())
    response = browser.post(REGISTER, data)
    assert response.status_code == 200
    assert response.context["form"].errors[asked.field(asked.excursion)] == [
        f"Select a valid choice. {asked.museum.pk} is not one of the available choices."
    ]


def test_a_long_text_answer_is_limited(browser, asked):
    data = form_data(
        attendance_mode="online",
        **{asked.field(asked.gala): str(asked.gala_no.pk), asked.field(asked.stream): "x" * 2001},
    )
    response = browser.post(REGISTER, data)
    assert response.status_code == 200
    assert response.context["form"].errors[asked.field(asked.stream)] == [
        "Ensure this value has at most 2000 characters (it has 2001)."
    ]


def test_register_service_ignores_answers_to_other_conferences_questions(conference, asked):
    stranger = QuestionFactory(text="Another conference's question")
    outcome = services.register(
        conference=conference,
        data={
            "attendance_mode": "online",
            "given_name": "Li",
            "family_name": "Wei",
            "email": "li.wei@example.cn",
            "institution": "Tsinghua",
            "country": "CN",
        },
        answers={stranger: "sneaked in", asked.gala: [asked.gala_yes], asked.hotel: True},
    )
    assert answers_by_text(outcome.registration) == {"Gala dinner": "I will come"}


# --- the manage page ------------------------------------------------------------------------
def registered(conference, asked, mode="in_person"):
    registration = RegistrationFactory(conference=conference, attendance_mode=mode)
    questions.save_answers(
        registration,
        {
            asked.arrival: dt.date(2099, 5, 15),
            asked.excursion: [asked.walk],
            asked.gala: [asked.gala_yes],
        },
    )
    return registration


def manage_url(registration, suffix=""):
    return f"/registration/manage/{registration.manage_token}/{suffix}"


def test_manage_page_shows_the_answers_in_a_form(browser, conference, asked):
    registration = registered(conference, asked)
    response = browser.get(manage_url(registration))
    html = response.content.decode()
    assert response.status_code == 200
    form = response.context["answers_form"]
    assert form.initial == {
        asked.field(asked.arrival): dt.date(2099, 5, 15),
        asked.field(asked.excursion): [str(asked.walk.pk)],
        asked.field(asked.gala): str(asked.gala_yes.pk),
    }
    assert "Your answers to the organisers’ questions" in html
    assert 'value="2099-05-15"' in html
    assert f'action="/registration/manage/{registration.manage_token}/answers/"' in html
    # In person: not asked the online-only question.
    assert "What do you hope to hear about?" not in html


def test_attendee_changes_the_answers_on_the_manage_page(browser, conference, asked):
    registration = registered(conference, asked)
    response = browser.post(
        manage_url(registration, "answers/"),
        {
            asked.field(asked.arrival): "2099-05-14",
            asked.field(asked.hotel): "no",
            asked.field(asked.excursion): [str(asked.museum.pk)],
            asked.field(asked.gala): str(asked.gala_yes.pk),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == manage_url(registration)
    assert answers_by_text(registration) == {
        "Arrival date": "2099-05-14",
        "Hotel room wanted?": "No",
        "Excursions": "Wooden architecture museum",
        "Gala dinner": "I will come",
    }
    page = browser.get(manage_url(registration))
    assert "Your answers are saved." in page.content.decode()


def test_emptying_an_optional_answer_removes_it(browser, conference, asked):
    registration = registered(conference, asked)
    response = browser.post(
        manage_url(registration, "answers/"),
        {asked.field(asked.arrival): "2099-05-15", asked.field(asked.gala): asked.gala_yes.pk},
    )
    assert response.status_code == 302
    assert answers_by_text(registration) == {
        "Arrival date": "2099-05-15",
        "Gala dinner": "I will come",
    }


def test_manage_page_refuses_bad_answers_and_keeps_the_old_ones(browser, conference, asked):
    registration = registered(conference, asked)
    response = browser.post(
        manage_url(registration, "answers/"),
        {asked.field(asked.arrival): "", asked.field(asked.gala): "nonsense"},
    )
    assert response.status_code == 400
    errors = response.context["answers_form"].errors
    assert errors[asked.field(asked.arrival)] == ["This field is required."]
    assert errors[asked.field(asked.gala)] == [
        "Select a valid choice. nonsense is not one of the available choices."
    ]
    assert answers_by_text(registration)["Arrival date"] == "2099-05-15"


def test_after_registration_closes_the_answers_are_read_only(browser, conference, asked):
    registration = registered(conference, asked)
    close_registration(conference)
    response = browser.get(manage_url(registration))
    html = " ".join(response.content.decode().split())
    assert response.context["answers_form"] is None
    assert "Registration has closed, so your answers can no longer be changed here." in html
    assert "<dt>Arrival date</dt> <dd>2099-05-15</dd>" in html
    assert "<dt>Gala dinner</dt> <dd>I will come</dd>" in html
    response = browser.post(
        manage_url(registration, "answers/"),
        {asked.field(asked.arrival): "2099-05-01", asked.field(asked.gala): asked.gala_no.pk},
    )
    assert response.status_code == 302
    page = browser.get(manage_url(registration)).content.decode()
    assert "Registration has closed: your answers can no longer be changed." in page
    assert answers_by_text(registration)["Arrival date"] == "2099-05-15"


def test_a_changed_question_keeps_what_was_asked_and_chosen(browser, conference, asked):
    registration = registered(conference, asked)
    asked.gala.text = "Gala dinner on 18 May"
    asked.gala.save()
    asked.gala_yes.label = "Yes, with a guest"
    asked.gala_yes.save()
    close_registration(conference)
    html = " ".join(browser.get(manage_url(registration)).content.decode().split())
    assert "<dt>Gala dinner</dt> <dd>I will come</dd>" in html
    assert answers_by_text(registration)["Gala dinner"] == "I will come"


def test_answers_to_an_archived_question_stay_on_the_manage_page(browser, conference, asked):
    registration = registered(conference, asked)
    services.archive_questions(questions=Question.objects.filter(pk=asked.excursion.pk))
    response = browser.get(manage_url(registration))
    html = " ".join(response.content.decode().split())
    assert asked.field(asked.excursion) not in response.context["answers_form"].fields
    assert "Answers to questions no longer asked of you" in html
    assert "<dt>Excursions</dt> <dd>Old Tomsk walk</dd>" in html
    # Saving the other answers leaves it alone.
    browser.post(
        manage_url(registration, "answers/"),
        {asked.field(asked.arrival): "2099-05-15", asked.field(asked.gala): asked.gala_no.pk},
    )
    assert answers_by_text(registration)["Excursions"] == "Old Tomsk walk"


def test_erasing_personal_data_erases_the_answers(conference, asked):
    registration = registered(conference, asked)
    services.erase_personal_data(registration=registration)
    assert Answer.objects.filter(registration=registration).count() == 0


def test_update_answers_refuses_a_cancelled_registration(conference, asked):
    registration = registered(conference, asked)
    services.cancel(registration=registration)
    with pytest.raises(services.NotAllowed):
        services.update_answers(registration=registration, answers={asked.hotel: True})


def test_a_question_with_answers_cannot_be_deleted(conference, asked):
    from django.db.models import ProtectedError

    registered(conference, asked)
    with pytest.raises(ProtectedError):
        asked.gala.delete()
    with pytest.raises(ProtectedError):
        asked.walk.delete()


# --- counts for the dashboard -------------------------------------------------------------
def test_choice_counts_per_choice_of_active_registrations(
    conference, asked, django_assert_num_queries
):
    registered(conference, asked)
    second = registered(conference, asked)
    questions.save_answers(second, {asked.excursion: [asked.walk, asked.museum]})
    gone = registered(conference, asked)
    services.cancel(registration=gone)
    online = RegistrationFactory(conference=conference)
    questions.save_answers(online, {asked.gala: [asked.gala_no], asked.hotel: False})
    with django_assert_num_queries(4):  # questions, their choices, two counts
        counts = questions.choice_counts(conference)
    assert [(c.question.text, [(str(label), n) for label, n in c.rows]) for c in counts] == [
        ("Hotel room wanted?", [("Yes", 0), ("No", 1)]),
        ("Excursions", [("Old Tomsk walk", 2), ("Wooden architecture museum", 1)]),
        ("Gala dinner", [("I will come", 2), ("I will not come", 1)]),
    ]


def test_choice_counts_keep_archived_choices_someone_chose(conference, asked):
    registered(conference, asked)
    asked.walk.archived = True
    asked.walk.save()
    asked.museum.archived = True
    asked.museum.save()
    services.archive_questions(questions=Question.objects.filter(pk=asked.hotel.pk))
    counts = {c.question.text: c.rows for c in questions.choice_counts(conference)}
    assert counts["Excursions"] == [("Old Tomsk walk", 1)]
    assert "Hotel room wanted?" not in counts  # archived, nobody answered


# --- query budgets -----------------------------------------------------------------------------
def many_questions(conference, count):
    for _n in range(count):
        question = QuestionFactory(conference=conference, kind="several_choices")
        QuestionOptionFactory.create_batch(3, question=question)


@pytest.mark.parametrize("count", [1, 10])
def test_register_page_budget_with_questions(client, conference, count, django_assert_num_queries):
    many_questions(conference, count)
    # The conference, the place counts, the questions, their choices.
    with django_assert_num_queries(4):
        response = client.get(REGISTER)
    assert len(response.context["form"].questions) == count


@pytest.mark.parametrize("count", [1, 10])
def test_manage_page_budget_with_questions(client, conference, count, django_assert_num_queries):
    many_questions(conference, count)
    registration = RegistrationFactory(conference=conference)
    questions.save_answers(
        registration,
        {q: list(q.options.all()[:2]) for q in Question.objects.filter(conference=conference)},
    )
    # The manage page's own 8 (test_panel_and_budget), with the questions' choices, the
    # answers and their choices.
    with django_assert_num_queries(11):
        response = client.get(manage_url(registration))
    assert len(response.context["answers_form"].fields) == count


# --- the typical questions ----------------------------------------------------------------------
def test_load_registration_defaults_adds_the_typical_questions_once(conference):
    from django.core.management import call_command

    kept = QuestionFactory(text="Our own question", archived=True)
    call_command("load_registration_defaults", verbosity=0)
    call_command("load_registration_defaults", verbosity=0)
    seeded = Question.objects.filter(conference=conference)
    assert [(q.text_en, q.text_ru, q.kind, q.asked_of) for q in seeded] == [
        ("Arrival date in Tomsk", "Дата приезда в Томск", "date", "in_person"),
        ("Departure date from Tomsk", "Дата отъезда из Томска", "date", "in_person"),
        (
            "Shall we book a hotel room for you?",
            "Забронировать для вас номер в гостинице?",
            "yes_no",
            "in_person",
        ),
        ("Airport transfer", "Трансфер из аэропорта", "one_choice", "in_person"),
        ("Excursions", "Экскурсии", "several_choices", "in_person"),
        ("Gala dinner", "Торжественный ужин", "one_choice", "in_person"),
    ]
    transfer = seeded.get(text_en="Airport transfer")
    assert [o.label_zh_hans for o in transfer.options.all()] == [
        "不需要",
        "抵达时",
        "离开时",
        "往返",
    ]
    # A conference whose organisers made (or archived) questions keeps just those.
    assert list(Question.objects.filter(conference=kept.conference)) == [kept]


def test_an_archived_choice_someone_chose_stays_theirs(browser, conference, asked):
    registration = registered(conference, asked)  # chose the walk and "I will come"
    asked.walk.archived = True
    asked.walk.save()
    asked.gala_yes.archived = True
    asked.gala_yes.save()
    other = RegistrationFactory(conference=conference, attendance_mode="in_person")
    for _n in range(2):  # a choice others chose shows once all the same
        questions.save_answers(registered(conference, asked), {asked.excursion: [asked.museum]})
    # Offered, checked, to the person who chose it; to nobody else.
    form = browser.get(manage_url(registration)).context["answers_form"]
    assert form.fields[asked.field(asked.excursion)].choices == [
        (str(asked.walk.pk), "Old Tomsk walk"),
        (str(asked.museum.pk), "Wooden architecture museum"),
    ]
    assert form.initial[asked.field(asked.gala)] == str(asked.gala_yes.pk)
    other_form = browser.get(manage_url(other)).context["answers_form"]
    assert other_form.fields[asked.field(asked.gala)].choices == [
        (str(asked.gala_no.pk), "I will not come")
    ]
    # Saving another answer keeps the archived choices.
    response = browser.post(
        manage_url(registration, "answers/"),
        {
            asked.field(asked.arrival): "2099-05-13",
            asked.field(asked.excursion): [str(asked.walk.pk)],
            asked.field(asked.gala): str(asked.gala_yes.pk),
        },
    )
    assert response.status_code == 302
    assert answers_by_text(registration) == {
        "Arrival date": "2099-05-13",
        "Excursions": "Old Tomsk walk",
        "Gala dinner": "I will come",
    }


def test_after_switching_online_the_in_person_answers_stay_read_only(browser, conference, asked):
    registration = registered(conference, asked)
    services.switch_mode(registration=registration, mode="online")
    response = browser.get(manage_url(registration))
    html = " ".join(response.content.decode().split())
    assert sorted(response.context["answers_form"].fields) == sorted(
        [asked.field(asked.excursion), asked.field(asked.gala), asked.field(asked.stream)]
    )
    assert "<dt>Arrival date</dt> <dd>2099-05-15</dd>" in html


def test_a_conference_moved_online_asks_no_in_person_question(browser, conference, asked):
    conference.status = "moved_online"
    conference.save()
    asked.stream.required = True
    asked.stream.save()
    response = browser.get(REGISTER)
    html = response.content.decode()
    assert [q.text for q in response.context["form"].questions] == [
        "Excursions",
        "Gala dinner",
        "What do you hope to hear about?",
    ]
    assert "Arrival date" not in html
    # One mode only: its questions are required by the browser too.
    assert response.context["form"].fields[asked.field(asked.stream)].required is True
    [textarea] = re.findall(rf'<textarea name="question_{asked.stream.pk}"[^>]*>', html)
    assert " required " in textarea
