"""One person, one mailbox: a soft hyphen or zero-width space in the domain, capitals,
fullwidth letters or an IDN domain and its punycode do not make a new address. The form
says what is wrong or treats them as the registered mailbox; the database constraint holds
the stored form; the mail cap counts them as one."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registration import services
from registration.models import Registration
from tests.factories import RegistrationFactory
from tests.registration.conftest import form_data

pytestmark = pytest.mark.django_db

REGISTER = "/events/bridge-continents/register/"
INVISIBLE = (
    "This address contains an invisible character (such as a zero-width space or a soft "
    "hyphen). Please type it again without copying it."
)
SENT = "/events/bridge-continents/register/sent/"


@pytest.mark.parametrize(
    "typed",
    [
        "anna@t\u00adpu.ru",
        "anna@tp\u200bu.ru",
        "anna@tpu.ru\u200b",
        "an\u200dna@tpu.ru",
        "\ufeffanna@tpu.ru",
        "anna\u200e@tpu.ru",
    ],
)
def test_an_invisible_character_is_a_clear_field_error(browser, conference, typed):
    RegistrationFactory(conference=conference, email="anna@tpu.ru", attendance_mode="in_person")

    response = browser.post(REGISTER, form_data(email=typed))

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [INVISIBLE]
    assert INVISIBLE in response.content.decode()
    assert Registration.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    "typed",
    [
        "ANNA@TPU.RU",
        "Anna@tpu.ru",
        " anna@tpu.ru ",
        "\uff41\uff4e\uff4e\uff41\uff20\uff54\uff50\uff55\uff0e\uff52\uff55",  # fullwidth
    ],
)
def test_another_form_of_a_registered_address_is_the_same_mailbox(browser, conference, typed):
    person = RegistrationFactory(
        conference=conference, email="anna@tpu.ru", attendance_mode="in_person"
    )

    response = browser.post(REGISTER, form_data(email=typed))

    assert response["Location"] == SENT
    assert list(Registration.objects.all()) == [person]
    [again] = mail.outbox
    assert again.to == ["anna@tpu.ru"]
    assert again.subject.endswith("Your registration link")


def test_an_idn_domain_and_its_punycode_are_one_mailbox(browser, conference):
    browser.post(REGISTER, form_data(email="a@bücher.example"))
    browser.post(REGISTER, form_data(email="A@XN--BCHER-KVA.example"))
    browser.post(REGISTER, form_data(email="a@bu\u0308cher.example"))

    [registration] = Registration.objects.all()
    assert registration.email == "a@xn--bcher-kva.example"
    assert [m.to for m in mail.outbox] == [["a@xn--bcher-kva.example"]] * 3
    assert [m.subject.split("] ")[1] for m in mail.outbox] == [
        "Please confirm your email address"
    ] * 3


def test_one_person_cannot_take_three_seats_with_variants(browser, conference):
    for typed in ["lab@tpu.ru", "LAB@tpu.ru", "lab@TPU.RU", "\uff4c\uff41\uff42@tpu.ru"]:
        browser.post(REGISTER, form_data(email=typed))
    for typed in ["lab@t\u00adpu.ru", "lab@tp\u200bu.ru"]:
        assert browser.post(REGISTER, form_data(email=typed)).status_code == 200

    assert list(Registration.objects.values_list("email", flat=True)) == ["lab@tpu.ru"]
    # The first mail and three sent again within the hour; the rest is held by the cap.
    assert [m.subject.split("] ")[1] for m in mail.outbox] == [
        "Please confirm your email address"
    ] * 4


def test_the_register_service_stores_the_one_form(conference):
    data = {
        "attendance_mode": "online",
        "given_name": "Anna",
        "family_name": "Ivanova",
        "email": "  \uff21nna@B\u00dcCHER.example ",
        "institution": "TPU",
        "country": "RU",
    }
    first = services.register(conference=conference, data=data)
    second = services.register(conference=conference, data={**data, "email": "anna@bücher.example"})

    assert first.created is True
    assert second.created is False
    assert second.registration == first.registration
    assert first.registration.email == "anna@xn--bcher-kva.example"
    with pytest.raises(ValidationError) as error:
        services.register(
            conference=conference, data={**data, "email": "anna@b\u00fc\u00adcher.example"}
        )
    assert error.value.message_dict == {"email": [INVISIBLE]}


def test_the_database_holds_one_active_registration_per_stored_address(conference):
    RegistrationFactory(conference=conference, email="same@tpu.ru")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(conference=conference, email="same@tpu.ru", status="pending_email")
    # An address not in its one form is refused by the database too.
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(conference=conference, email="Same@tpu.ru", status="pending_email")


def test_the_admin_form_names_the_clash_of_another_form_of_an_address(admin_client, conference):
    RegistrationFactory(conference=conference, email="taken@xn--bcher-kva.example")
    person = RegistrationFactory(conference=conference, email="old@example.org")
    for typed, error in [
        ("TAKEN@bücher.example", "This email address already has an active registration"),
        ("taken@b\u00fc\u200bcher.example", INVISIBLE),
    ]:
        person.email = typed
        with pytest.raises(ValidationError) as raised:
            person.full_clean()
        assert error in raised.value.message_dict["email"][0]
