"""The same answers sent twice at once (a double click, two tabs), on a real PostgreSQL: one
answer per question, no error. Skipped on SQLite (conftest.py)."""

import pytest
from django.test import Client

from registration import services
from registration.models import Answer, AnswerChoice
from tests.conftest import at_once
from tests.factories import QuestionFactory, QuestionOptionFactory, RegistrationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gala(conference):
    question = QuestionFactory(conference=conference, text="Gala dinner", kind="one_choice")
    return question, QuestionOptionFactory.create_batch(2, question=question)


def test_two_first_answers_at_once_through_the_service(conference, gala):
    question, (come, stay) = gala
    person = RegistrationFactory(conference=conference)
    results = at_once(
        [
            lambda option=option: services.update_answers(
                registration=person, answers={question: [option]}
            )
            for option in (come, stay, come, stay)
        ]
    )
    assert [result for result in results if isinstance(result, Exception)] == []
    answer = Answer.objects.get()
    assert AnswerChoice.objects.filter(answer=answer).count() == 1


def test_the_manage_page_posted_four_times_at_once(conference, gala):
    question, (come, _stay) = gala
    person = RegistrationFactory(conference=conference)
    path = f"/registration/manage/{person.manage_token}/answers/"
    data = {f"question_{question.pk}": come.pk}
    statuses = at_once([lambda: Client().post(path, data).status_code for _ in range(4)])
    assert statuses == [302] * 4
    assert [a.display() for a in Answer.objects.prefetch_related("choices")] == [come.label]
