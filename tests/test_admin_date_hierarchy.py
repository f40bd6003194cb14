"""Every admin list with a date hierarchy answers a date that cannot be one (a year past
9999 or a number too large for the database, month 13, day "abc") with 400 and a message,
never 500; a real date still filters. Walks every registered admin, so a new one is held
to the same rule."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

DATED = sorted(
    (
        (model._meta.app_label, model._meta.model_name, model_admin.date_hierarchy)
        for model, model_admin in admin.site._registry.items()
        if model_admin.date_hierarchy
    )
)

BAD = [
    {"year": "99999999999"},
    {"year": "10000"},
    {"year": "-5"},
    {"year": "9999", "month": "12"},
    {"year": "2026", "month": "13"},
    {"year": "2026", "month": "99999999999"},
    {"month": "99999999999"},
    {"day": "abc"},
    {"year": "2026", "month": "2", "day": "30"},
    {"year": "２０２６"},  # full-width digits: int() reads them, the form never sends them
    {"year": "2026 "},
]


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser(
        username="boss", email="boss@example.org", password="correct horse battery"
    )
    client.force_login(user)
    return client


def test_the_walk_finds_the_dated_admins():
    assert len(DATED) >= 8
    assert ("mailer", "message", "when_added") in DATED


@pytest.mark.parametrize(("app_label", "model_name", "field"), DATED)
def test_impossible_dates_are_refused_with_a_message_and_real_ones_filter(
    superuser_client, app_label, model_name, field
):
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    for parts in BAD:
        query = {f"{field}__{part}": value for part, value in parts.items()}
        response = superuser_client.get(url, query)
        assert response.status_code == 400, (url, query)
        assert "This date does not exist. Please choose one from the list." in (
            response.content.decode()
        ), (url, query)

    response = superuser_client.get(url, {f"{field}__year": "2026", f"{field}__month": "2"})
    assert response.status_code == 200
    assert "admin/change_list.html" in [t.name for t in response.templates]


def test_staff_without_the_right_are_not_told_about_dates(client):
    user = get_user_model().objects.create_user(
        username="editor", password="correct horse battery", is_staff=True
    )
    client.force_login(user)

    response = client.get("/admin/mailer/message/", {"when_added__year": "99999999999"})

    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get("/admin/mailer/message/", {"when_added__year": "99999999999"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
