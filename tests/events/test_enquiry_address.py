"""The enquiry form takes an address by the one rule (outbox.addresses.normalise_address)."""

import pytest

from events.models import Enquiry
from tests.events.test_enquiry import VALID, conference, post  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_an_enquiry_address_is_stored_in_its_one_form(client, conference):  # noqa: F811
    response = post(client, conference, {**VALID, "email": " \uff21nna@B\u00dcCHER.example"})
    assert response.status_code == 302
    assert Enquiry.objects.get().email == "anna@xn--bcher-kva.example"


def test_an_invisible_character_is_a_clear_field_error(client, conference):  # noqa: F811
    response = post(client, conference, {**VALID, "email": "anna@exa\u200bmple.ru"})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "email": [
            "This address contains an invisible character (such as a zero-width space or a "
            "soft hyphen). Please type it again without copying it."
        ]
    }
    assert Enquiry.objects.count() == 0
