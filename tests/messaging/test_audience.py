"""The audience filters combine: each one set must hold, an empty one leaves everyone in.
Checked through the admin's confirmation page (who the message reaches) and by sending."""

import pytest
from django.core import mail

from messaging import audience
from tests.messaging.conftest import ADD, compose
from tests.registration.task_worker import run_tasks

pytestmark = pytest.mark.django_db


def reached(client, conference, **filters):
    page = client.post(ADD, compose(conference, **filters))
    if page.context.get("form") is not None:  # refused: nobody in the group
        return []
    assert page.context["recipients"] == len(page.context["preview_choices"])
    return [person.given_name for person in page.context["preview_choices"]]


@pytest.mark.parametrize(
    ("filters", "names"),
    [
        ({}, ["Hans", "Marie", "Lena", "Anna", "Li"]),
        ({"regions": ["europe"], "attendance_mode": ["in_person"], "checked_in": "yes"}, ["Hans"]),
        ({"regions": ["europe"], "attendance_mode": ["in_person"], "checked_in": "no"}, ["Marie"]),
        ({"regions": ["europe"]}, ["Hans", "Marie", "Lena"]),
        ({"regions": ["russia", "china"]}, ["Anna", "Li"]),
        ({"checked_in": "yes"}, ["Hans", "Anna"]),
        ({"attendance_mode": ["online"]}, ["Lena", "Li"]),
        ({"countries": ["DE"], "status": ["confirmed", "cancelled"]}, ["Hans", "Otto"]),
        ({"regions": ["other"], "status": ["waiting_list"]}, ["Kofi"]),
        ({"regions": ["other"]}, []),
        ({"institution": "dresden"}, ["Hans"]),
        ({"institution": "Tomsk", "countries": ["CN", "FR"]}, ["Marie", "Li"]),
        (
            {"status": [s for s, _label in audience.Registration.Status.choices]},
            ["Hans", "Marie", "Lena", "Anna", "Li", "Kofi", "Otto"],
        ),
    ],
)
def test_filters_combine(admin_client, conference, people, filters, names):
    assert reached(admin_client, conference, **filters) == names


def test_other_conferences_are_left_out(admin_client, conference, people):
    from tests.factories import RegistrationFactory

    RegistrationFactory(given_name="Elsewhere", country="DE")
    assert "Elsewhere" not in reached(admin_client, conference)


def test_region_europe_in_person_checked_in_is_mailed_alone(desk, conference, people):
    desk.confirm(
        compose(conference, regions=["europe"], attendance_mode=["in_person"], checked_in="yes")
    )
    run_tasks()
    assert [m.to for m in mail.outbox] == [["hans@example.org"]]


def test_the_chosen_group_is_described_in_words(desk, conference, people):
    page = desk.submit(compose(conference, regions=["europe"], checked_in="no", countries=["AT"]))
    assert page.context["audience_label"] == (
        "Status: Confirmed; Region: Europe; Countries: Austria; Checked in at the door: "
        "Not checked in"
    )


def test_visa_request_states_select_their_people(admin_client, conference, people):
    from tests.factories import VisaRequestFactory

    VisaRequestFactory(registration=people["hans"], status="issued")
    VisaRequestFactory(registration=people["marie"], status="requested")
    assert reached(admin_client, conference, visa_status=["issued"]) == ["Hans"]
    assert reached(admin_client, conference, visa_status=["issued", "requested"]) == [
        "Hans",
        "Marie",
    ]
    assert reached(admin_client, conference, visa_status=["none"]) == ["Lena", "Anna", "Li"]
    assert reached(admin_client, conference, visa_status=["refused"]) == []
