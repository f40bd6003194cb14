"""A delegation's rows and contact go through the one address rule: another form of an
address already in the delegation is the same person; an invisible character is a clear
error on its row; the database holds one row per stored address and delegation."""

import pytest
from django.db import IntegrityError, transaction

from delegations import services
from delegations.models import Delegation, Member
from tests.delegations.conftest import FORM, PEOPLE, SAME_ORIGIN, THREE, contact, form_data, person
from tests.factories import DelegationFactory, MemberFactory

pytestmark = pytest.mark.django_db

INVISIBLE = (
    "This address contains an invisible character (such as a zero-width space or a soft "
    "hyphen). Please type it again without copying it."
)
ALREADY = "This address is already in another row."


@pytest.mark.parametrize(
    ("second", "error"),
    [
        ("IVAN.SIDOROV@TPU.RU", ALREADY),
        ("\uff49van.sidorov@tpu.ru", ALREADY),
        ("ivan.sidorov@t\u00adpu.ru", INVISIBLE),
        ("ivan.sidorov@tp\u200bu.ru", INVISIBLE),
    ],
)
def test_another_form_of_a_row_is_said_on_its_row(client, conference, second, error):
    rows = [PEOPLE[0], {**PEOPLE[1], "email": second}]
    response = client.post(FORM, form_data(rows), **SAME_ORIGIN)
    assert response.status_code == 400
    people = response.context["people"]
    assert people.forms[0].errors == {}
    assert people.forms[1].errors == {"email": [error]}
    assert Delegation.objects.count() == 0


def test_an_invisible_character_in_the_contact_address_is_said(client, conference):
    response = client.post(
        FORM, form_data(PEOPLE, contact_email="international@t\u200bpu.ru"), **SAME_ORIGIN
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"contact_email": [INVISIBLE]}


def test_the_service_stores_the_one_form_and_refuses_variants_twice(conference):
    members = [THREE[0], person("Li", "Wei", "Li.Wei@B\u00dcCHER.example")]
    delegation = services.submit(
        conference=conference, contact=contact(contact_email="Office@TPU.RU"), members=members
    )
    assert delegation.contact_email == "office@tpu.ru"
    assert sorted(delegation.members.values_list("email", flat=True)) == sorted(
        [THREE[0]["email"].lower(), "li.wei@xn--bcher-kva.example"]
    )
    twice = [
        THREE[0],
        person("Li", "Wei", "li.wei@bücher.example"),
        person("L", "W", "LI.WEI@xn--bcher-kva.example"),
    ]
    with pytest.raises(services.DelegationError) as error:
        services.submit(conference=conference, contact=contact(), members=twice)
    assert error.value.message == "The same address is entered twice."
    invisible = [person("Li", "Wei", "li.wei@b\u00fc\u200bcher.example")]
    with pytest.raises(services.DelegationError) as error:
        services.submit(conference=conference, contact=contact(), members=invisible)
    assert error.value.message == INVISIBLE
    assert Delegation.objects.count() == 1


def test_the_database_holds_one_row_per_stored_address(conference):
    delegation = DelegationFactory(conference=conference)
    MemberFactory(delegation=delegation, email="wei@example.cn")
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(delegation=delegation, email="wei@example.cn")
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(delegation=delegation, email="Wei@example.cn")
    assert Member.objects.count() == 1
