"""One rule decides what an address is (outbox.addresses.normalise_address): NFKC,
surrounding whitespace dropped, format and control characters refused, the domain in IDNA
(punycode) form, the whole address in lower case. The mail caps count by the same rule."""

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError

from outbox import services
from outbox.addresses import AddressField, normalise_address

T0 = dt.datetime(2099, 5, 1, 9, 0, tzinfo=dt.UTC)
INVISIBLE = (
    "This address contains an invisible character (such as a zero-width space or a soft "
    "hyphen). Please type it again without copying it."
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("a@example.org", "a@example.org"),
        ("A@EXAMPLE.org", "a@example.org"),
        ("  Anna.Ivanova@TPU.ru\n", "anna.ivanova@tpu.ru"),
        ("a@bücher.example", "a@xn--bcher-kva.example"),
        ("a@BÜCHER.example", "a@xn--bcher-kva.example"),
        ("a@XN--BCHER-KVA.example", "a@xn--bcher-kva.example"),
        ("a@bu\u0308cher.example", "a@xn--bcher-kva.example"),  # decomposed ü
        (
            "\uff41\uff20\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45\uff0e\uff4f\uff52\uff47",
            "a@example.org",
        ),
        ("\uff21@example.org", "a@example.org"),
        ("a@почта.рф", "a@xn--80a1acny.xn--p1ai"),
        ("\u00a0a@example.org\u3000", "a@example.org"),
    ],
)
def test_one_form_of_an_address(typed, stored):
    assert normalise_address(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "a@exa\u00admple.org",  # soft hyphen
        "a@exa\u200bmple.org",  # zero-width space
        "a@exa\u200dmple.org",  # zero-width joiner
        "a@exa\u200cmple.org",  # zero-width non-joiner
        "\ufeffa@example.org",  # byte order mark
        "a\u200e@example.org",  # left-to-right mark
        "a@\u202eexample.org",  # right-to-left override
        "a@exa\u2060mple.org",  # word joiner
        "a@exa\u034fmple.org",  # combining grapheme joiner (IDNA maps it to nothing)
        "a@exa\ufe0fmple.org",  # variation selector
        "a@exa\x00mple.org",
        "a\x1b@example.org",
    ],
)
def test_invisible_characters_are_refused_with_a_clear_message(typed):
    with pytest.raises(ValidationError) as error:
        normalise_address(typed)
    assert error.value.code == "invisible"
    assert error.value.messages == [INVISIBLE]


def test_a_domain_that_cannot_be_encoded_is_refused():
    with pytest.raises(ValidationError) as error:
        normalise_address("a@\ufffd.org")
    assert error.value.code == "undeliverable"
    with pytest.raises(ValidationError):
        normalise_address(f"a@{'ü' * 70}.org")


def test_for_counting_invisible_characters_are_dropped_not_refused():
    assert normalise_address("A@exa\u00adm\u200bple.ORG", strict=False) == "a@example.org"
    assert normalise_address("a@\ufffd.org", strict=False) == "a@\ufffd.org"


class Form(forms.Form):
    email = AddressField()


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("a@exa\u00admple.org", INVISIBLE),
        ("a@exa\u200bmple.org", INVISIBLE),
        ("a@[127.0.0.1]", "Please use an address with a domain name, not a numeric address."),
        ("a@\ufffd.org", "This address cannot receive email. Please check it."),
        ("not an address", "Enter a valid email address."),
    ],
)
def test_the_form_field_says_what_is_wrong(typed, error):
    form = Form({"email": typed})
    assert form.errors == {"email": [error]}


def test_the_form_field_gives_the_stored_form():
    form = Form({"email": " \uff21@B\u00dcCHER.example "})
    assert form.is_valid()
    assert form.cleaned_data["email"] == "a@xn--bcher-kva.example"


@pytest.mark.django_db
def test_the_mail_cap_counts_every_form_of_one_address_as_one():
    variants = [
        "a@bücher.example",
        "A@XN--BCHER-KVA.example",
        "\uff41@b\u00fccher.example",
        "a@b\u00fc\u00adcher.example",
        "a@b\u00fc\u200bcher.example",
    ]
    taken = [
        services.take_allowance(kind="link_again", address=address, limit=3, now=T0)
        for address in variants
    ]
    assert taken == [True, True, True, False, False]
    assert services.take_allowance(kind="link_again", address="b@bücher.example", limit=3, now=T0)
