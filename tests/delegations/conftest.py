import re

import pytest
from django.test import TestCase

from delegations import services
from tests.registration.conftest import Browser, conference  # noqa: F401  (fixtures)
from tests.registration.task_worker import run_tasks

PAGE_LINK_RE = re.compile(
    r"https://conference\.example\.org((?:/ru|/zh-hans)?/delegation/[0-9a-f]{96}/)"
)
CONFIRM_LINK_RE = re.compile(
    r"https://conference\.example\.org((?:/ru|/zh-hans)?/registration/manage/[0-9a-f]{96}/confirm/)"
)


def page_path(message):
    return PAGE_LINK_RE.search(message.body)[1]


def confirm_path(message):
    return CONFIRM_LINK_RE.search(message.body)[1]


def contact(**overrides):
    data = {
        "contact_name": "Ольга Петрова",
        "contact_email": "international@tpu.ru",
        "contact_institution": "Томский политехнический университет",
        "contact_role": "International office of the rector",
        "country": "RU",
    }
    data.update(overrides)
    return data


def person(given, family, email, mode="online", **overrides):
    data = {
        "given_name": given,
        "family_name": family,
        "email": email,
        "institution": "",
        "attendance_mode": mode,
        "language": "",
    }
    data.update(overrides)
    return data


THREE = [
    person("Иван", "Сидоров", "ivan.sidorov@tpu.ru", "in_person"),
    person("Wei", "Li", "li.wei@hit.edu.cn", language="zh-hans", institution="HIT"),
    person("Anna", "Smirnova", "anna.smirnova@tpu.ru", language="en"),
]


def run_worker():
    """The task worker's turn: every waiting job, with its mails sent at its commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        run_tasks()


def confirm(delegation):
    """The contact confirms (the mails sent at the commit), then the task worker registers
    the people (delegations/runners.py), as it does a moment later."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        confirmed = services.confirm_contact(delegation=delegation)
    run_worker()
    return confirmed


class WorkerBrowser(Browser):
    """The test client, with on-commit callbacks run, and the task worker after each POST."""

    def post(self, path, data=None, **kwargs):
        response = super().post(path, data, **kwargs)
        run_worker()
        return response


@pytest.fixture
def browser(client, django_capture_on_commit_callbacks):
    return WorkerBrowser(client, django_capture_on_commit_callbacks)


FORM = "/events/bridge-continents/delegation/"


SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def form_data(people, rows=5, **overrides):
    data = {
        "contact_name": "Ольга Петрова",
        "contact_email": "international@tpu.ru",
        "contact_institution": "Томский политехнический университет",
        "contact_role": "International office",
        "country": "RU",
        "privacy_consent": "on",
        "website_url": "",
        "people-TOTAL_FORMS": str(rows),
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "30",
    }
    for index in range(rows):
        row = people[index] if index < len(people) else {}
        data.update(
            {
                f"people-{index}-given_name": row.get("given_name", ""),
                f"people-{index}-family_name": row.get("family_name", ""),
                f"people-{index}-email": row.get("email", ""),
                f"people-{index}-institution": row.get("institution", ""),
                f"people-{index}-attendance_mode": row.get("attendance_mode", "in_person"),
                f"people-{index}-language": row.get("language", ""),
            }
        )
    data.update(overrides)
    return data


PEOPLE = [
    {"given_name": "Иван", "family_name": "Сидоров", "email": "ivan.sidorov@tpu.ru"},
    {
        "given_name": "伟",
        "family_name": "李",
        "email": "li.wei@hit.edu.cn",
        "attendance_mode": "online",
        "language": "zh-hans",
    },
]
