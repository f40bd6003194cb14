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
