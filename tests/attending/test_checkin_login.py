"""The desk's sign-in page: opened without ?next= (a bookmark, a typed address), it signs
desk staff in and goes to the desk, not to a page that does not exist."""

import pytest

from tests.attending.conftest import DESK
from tests.factories import prove_second_factor

pytestmark = pytest.mark.django_db

CREDENTIALS = {"username": "desk1", "password": "a long desk password 1"}


def test_the_page_shows_the_sign_in_form(client):
    page = client.get("/checkin/login/")

    assert page.status_code == 200
    assert 'name="username"' in page.content.decode()
    assert 'name="password"' in page.content.decode()


def test_signing_in_without_next_goes_to_the_desk(client, conference, staff):
    response = client.post("/checkin/login/", CREDENTIALS)

    assert response.status_code == 302
    assert response["Location"] == "/checkin/"
    # The desk asks for the second factor next (mfa/); proved, it opens the conference.
    assert client.get("/checkin/")["Location"] == "/account/second-factor/enrol/?next=%2Fcheckin%2F"
    prove_second_factor(client, staff)
    assert client.get("/checkin/")["Location"] == DESK
    assert client.get(DESK).status_code == 200


def test_signing_in_with_next_goes_there(client, conference, staff):
    response = client.post(f"/checkin/login/?next={DESK}", CREDENTIALS)

    assert response["Location"] == DESK


def test_a_next_on_another_site_is_not_followed(client, conference, staff):
    response = client.post("/checkin/login/?next=https://evil.example/", CREDENTIALS)

    assert response["Location"] == "/checkin/"


def test_a_wrong_password_shows_the_form_again(client, staff):
    response = client.post("/checkin/login/", {**CREDENTIALS, "password": "wrong"})

    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous
