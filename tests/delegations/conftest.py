import re

import pytest

from tests.registration.conftest import Browser, conference  # noqa: F401  (fixtures)

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


@pytest.fixture
def browser(client, django_capture_on_commit_callbacks):
    return Browser(client, django_capture_on_commit_callbacks)
