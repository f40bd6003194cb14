"""The dashboard costs the same number of queries with 10 and with 5,000 registrations, and
loads none of them as an object: every figure is counted by the database."""

import pytest
from django.db.models.signals import post_init

from registration.models import Registration
from tests.dashboard.pages import tables
from tests.factories import ConferenceFactory, QuestionOptionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [10, 5000])
def test_the_dashboard_costs_the_same_queries_at_any_size(
    manager, fill_registrations, django_assert_num_queries, size
):
    conference = ConferenceFactory(in_person_capacity=2000, online_capacity=10000)
    fill_registrations(conference, size)
    # Two choice questions: their charts cost the same four queries however many there are.
    for _question in range(2):
        QuestionOptionFactory(question__conference=conference)
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=Registration)
    try:
        # One of them: the session's second-factor device (mfa/).
        with django_assert_num_queries(22):
            response = manager.get("/admin/")
    finally:
        post_init.disconnect(count, sender=Registration)
    assert loaded == []
    statuses = dict(tables(response)["Registrations by status"][1:])
    assert statuses["Cancelled"] == f"{size // 6:,}"
