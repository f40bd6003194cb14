"""An organiser works in the admin and the public pages follow."""

import pytest
from django.contrib.auth import get_user_model

from tests.e2e.checks import screenshot

PASSWORD = "a long organiser password"


@pytest.fixture
def organiser(transactional_db):
    return get_user_model().objects.create_superuser(
        username="organiser", email="organiser@example.org", password=PASSWORD
    )


def log_in(page, user):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_organiser_logs_into_the_admin(page, organiser):
    log_in(page, organiser)

    assert page.get_by_role("heading", name="Site administration").is_visible()
    screenshot(page, "admin-index")
