"""The check-in desk: who may use it, finding people by code and by name in any script,
checking in once per day, refusals as messages, counts per day, the query budget."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from attending import services
from attending.models import CheckIn
from attending.tickets import ticket_for
from mfa.services import new_recovery_codes
from teams.roles import ROLES
from tests.attending.conftest import DESK
from tests.factories import ConferenceFactory, RegistrationFactory, team_member

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_group_grants_the_desk_and_nothing_else():
    # Beyond the desk, the documents app lets the role print badges (tests/documents).
    rights = ROLES["checkin_staff"].permissions
    assert [right for right in rights if not right.startswith("documents.")] == [
        "attending.check_in"
    ]


def test_anonymous_is_sent_to_the_sign_in_page(client, conference):
    response = client.get(DESK)
    assert response.status_code == 302
    assert response["Location"] == f"/checkin/login/?next={DESK}"


@pytest.mark.parametrize("group", [None, "Registration managers", "Content editors"])
def test_other_users_get_403(client, conference, guest, group):
    user = User.objects.create_user("someone", is_staff=True)
    if group:
        team_member(group, user=user)
    client.force_login(user)
    assert client.get(DESK).status_code == 403
    response = client.post(DESK, {"registration": guest.pk, "desk": "A"})
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_sign_in_page_leads_to_the_desk(client, conference, staff):
    page = client.get(f"/checkin/login/?next={DESK}")
    assert page.status_code == 200
    assert client.get("/checkin/").status_code == 302  # not signed in yet
    client.force_login(staff)
    response = client.get("/checkin/")
    assert response["Location"] == DESK  # the one conference running


def test_find_by_ticket_code_as_typed(desk_client, guest):
    ticket = ticket_for(guest)
    RegistrationFactory(conference=guest.conference, attendance_mode="in_person")
    for typed in (ticket.code, ticket.display_code.lower(), f" {ticket.display_code} "):
        response = desk_client.get(DESK, {"q": typed})
        rows = response.context["rows"]
        assert [row["registration"] for row in rows] == [guest]
    html = response.content.decode()
    assert "Иванова" in html
    assert "Томский политехнический университет" in html
    assert "Confirmed" in html
    assert "In person in Tomsk" in html


@pytest.mark.parametrize("typed", ["иванова", "Иванова", "ИВАНОВА", "анна иван", "王"])
def test_find_by_name_in_any_script(desk_client, guest, typed):
    chinese = RegistrationFactory(
        conference=guest.conference,
        attendance_mode="in_person",
        given_name="小明",
        family_name="王",
        email="wang@example.cn",
    )
    RegistrationFactory(conference=guest.conference, given_name="Boris", family_name="Petrov")
    RegistrationFactory(given_name="Анна", family_name="Иванова")  # another conference
    response = desk_client.get(DESK, {"q": typed})
    found = [row["registration"] for row in response.context["rows"]]
    assert found == ([chinese] if typed == "王" else [guest])


def test_unknown_code_and_nobody_found_say_so(desk_client, guest):
    response = desk_client.get(DESK, {"q": "ABCD-EFGH-JKMN"})
    assert messages_of(response) == ["No ticket of this conference has this code."]
    other = ticket_for(RegistrationFactory(attendance_mode="in_person"))  # other conference
    response = desk_client.get(DESK, {"q": other.code})
    assert messages_of(response) == ["No ticket of this conference has this code."]
    response = desk_client.get(DESK, {"q": "Nobody"})
    assert messages_of(response) == ["Nobody of this conference matches “Nobody”."]


def test_check_in_then_again(desk_client, guest, staff):
    response = desk_client.post(
        DESK, {"registration": guest.pk, "desk": "Desk 2", "q": "Иванова"}, follow=True
    )
    assert messages_of(response) == ["Анна Иванова is checked in."]
    check_in = CheckIn.objects.get()
    assert (check_in.ticket.registration, check_in.desk, check_in.by) == (guest, "Desk 2", staff)
    local = timezone.localtime(check_in.at, guest.conference.zone).strftime("%H:%M")
    row = response.context["rows"][0]
    assert row["checked_in"] == check_in
    assert f"Already checked in at {local} by desk Desk 2." in response.content.decode()
    response = desk_client.post(DESK, {"registration": guest.pk, "desk": "Desk 5"}, follow=True)
    assert messages_of(response) == [f"Already checked in at {local} by desk Desk 2."]
    assert CheckIn.objects.count() == 1
    assert desk_client.session["attending_desk"] == "Desk 5"


@pytest.mark.parametrize(
    ("mode", "status", "message"),
    [
        (
            "online",
            "confirmed",
            "Not checked in: this person takes part online, without a seat in the hall.",
        ),
        (
            "in_person",
            "cancelled",
            "Not checked in: this registration is “Cancelled”, not confirmed.",
        ),
        (
            "in_person",
            "waiting_list",
            "Not checked in: this registration is “On the waiting list”, not confirmed.",
        ),
    ],
)
def test_who_cannot_be_checked_in_gets_a_message(desk_client, conference, mode, status, message):
    person = RegistrationFactory(conference=conference, attendance_mode=mode, status=status)
    # The desk does not even find them (tests/audit/test_least_data.py); a posted id is
    # refused with the reason.
    response = desk_client.get(DESK, {"q": person.family_name})
    assert response.context["rows"] == []
    assert 'name="registration"' not in response.content.decode()
    response = desk_client.post(DESK, {"registration": person.pk, "desk": "A"}, follow=True)
    assert messages_of(response) == [message]
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    "data", [{"registration": "999999", "desk": "A"}, {"registration": "x"}, {}]
)
def test_bad_posts_get_a_message(desk_client, conference, data):
    response = desk_client.post(DESK, data, follow=True)
    assert response.status_code == 200
    assert len(messages_of(response)) == 1
    assert messages_of(response)[0].startswith("Nothing checked in:")


def test_registration_of_another_conference_is_not_checked_in(desk_client, conference):
    other = RegistrationFactory(attendance_mode="in_person")
    response = desk_client.post(DESK, {"registration": other.pk, "desk": "A"}, follow=True)
    assert messages_of(response) == [
        "Nothing checked in: no such registration for this conference."
    ]


def test_one_check_in_per_day_and_counts(conference, guest, staff):
    ticket = ticket_for(guest)
    # Nine in the morning at the venue on the first day, so that "an hour later" is the same
    # local day whatever the hour the test runs at.
    start = timezone.localtime(conference.starts_at, conference.zone).replace(hour=9, minute=0)
    first = services.check_in(ticket=ticket, desk="A", by=staff, now=start)
    again = services.check_in(ticket=ticket, desk="B", by=staff, now=start + dt.timedelta(hours=1))
    assert (first.created, again.created) == (True, False)
    assert again.check_in == first.check_in
    next_day = services.check_in(ticket=ticket, desk="B", now=start + dt.timedelta(days=1))
    assert next_day.created
    other = ticket_for(RegistrationFactory(conference=conference, attendance_mode="in_person"))
    services.check_in(ticket=other, desk="A", now=start + dt.timedelta(days=1))
    day = services.conference_day(conference, start)
    assert list(CheckIn.objects.counts_per_day(conference)) == [
        {"day": day, "arrivals": 1},
        {"day": day + dt.timedelta(days=1), "arrivals": 2},
    ]


def test_no_check_in_outside_the_conference_days(conference, guest):
    with pytest.raises(services.CheckInRefused):
        services.check_in(
            ticket=ticket_for(guest), desk="A", now=conference.ends_at + dt.timedelta(days=2)
        )
    assert not CheckIn.objects.exists()


def test_desk_shows_counts(desk_client, conference, guest):
    services.check_in(ticket=ticket_for(guest), desk="A")
    response = desk_client.get(DESK)
    today = services.conference_day(conference, timezone.now())
    assert response.context["counts"] == [{"day": today, "arrivals": 1}]
    assert response.context["expected"] == 1
    assert "1 confirmed in-person attendee." in response.content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_desk_query_budget(desk_client, conference, django_assert_num_queries, size):
    people = RegistrationFactory.create_batch(
        size, conference=conference, attendance_mode="in_person", family_name="Петрова"
    )
    for person in people:
        services.check_in(ticket=ticket_for(person), desk="A")
    # session, user, the second factor's device, the user's and the teams' permissions,
    # conference, the search, that day's check-ins, the counts per day, the expected total;
    # the record of the search (one insert: the role comes from the teams already read)
    with django_assert_num_queries(11):
        response = desk_client.get(DESK, {"q": "петрова"})
    assert len(response.context["rows"]) == min(size, 20)


def test_home_lists_the_conferences_when_several_run(desk_client, conference):
    ConferenceFactory(title="Second", slug="second")
    response = desk_client.get("/checkin/")
    assert response.status_code == 200
    assert [c.slug for c in response.context["conferences"]] == ["bridge-continents", "second"]


def test_desk_speaks_russian(desk_client, guest):
    response = desk_client.get(f"/ru{DESK}", {"q": guest.family_name})
    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == "ru"
    html = response.content.decode()
    assert "Стойка регистрации" in html
    assert ">Зарегистрировать</button>" in html
    response = desk_client.post(
        f"/ru{DESK}", {"registration": guest.pk, "desk": "Стойка 1"}, follow=True
    )
    assert messages_of(response) == ["Анна Иванова: регистрация на месте выполнена."]


def test_admin_pages(admin_client, guest):
    check_in = services.check_in(ticket=ticket_for(guest), desk="A").check_in
    for path in (
        "/admin/attending/ticket/",
        "/admin/attending/ticket/?q=Иванова",
        f"/admin/attending/ticket/{check_in.ticket.pk}/change/",
        "/admin/attending/checkin/",
        "/admin/attending/checkin/?q=A",
        f"/admin/attending/checkin/{check_in.pk}/change/",
    ):
        assert admin_client.get(path).status_code == 200, path
    assert admin_client.get("/admin/attending/ticket/add/").status_code == 403


def test_only_the_desk_may_use_the_camera(desk_client, client, conference):
    def policy(response):
        return dict(
            part.strip().split("=", 1) for part in response.headers["Permissions-Policy"].split(",")
        )

    desk = policy(desk_client.get(DESK))
    assert desk["camera"] == "(self)"
    assert desk["microphone"] == desk["geolocation"] == "()"
    assert policy(client.get("/"))["camera"] == "()"
    assert policy(desk_client.get("/checkin/login/"))["camera"] == "()"


def test_desk_loads_the_vendored_scanner(desk_client, conference):
    html = desk_client.get(DESK).content.decode()
    assert '<script src="/static/vendor/jsqr/jsQR.js" defer></script>' in html
    assert '<script src="/static/js/checkin-camera.js" defer></script>' in html
    assert 'id="scan-button"' in html


def test_staff_sign_in_with_a_password_and_a_code_and_land_on_the_desk(client, conference, staff):
    recovery_code = new_recovery_codes(staff)[0]
    response = client.post(
        "/checkin/login/",
        {"username": "desk1", "password": "a long desk password 1", "next": DESK},
    )
    assert response.status_code == 302
    assert response["Location"] == DESK
    # The password alone opens no desk: the second factor first (mfa/), then back here.
    to_verify = client.get(DESK)
    next_desk = DESK.replace("/", "%2F")
    assert to_verify["Location"] == f"/account/second-factor/verify/?next={next_desk}"
    response = client.post(to_verify["Location"], {"second_factor_code": recovery_code})
    assert response["Location"] == DESK
    assert client.get(DESK).status_code == 200


def test_the_desk_shows_names_by_the_rule_and_finds_a_patronymic(desk_client, guest):
    """registration/names.py: a Chinese name family name first without a space; a Russian
    name with its patronymic, found by it too."""
    RegistrationFactory(
        conference=guest.conference,
        attendance_mode="in_person",
        given_name="小明",
        family_name="王",
        email="wang@example.cn",
    )
    html = desk_client.get(DESK, {"q": "王"}).content.decode()
    assert '<h2 class="h5 card-title">王小明</h2>' in html
    guest.patronymic = "Сергеевна"
    guest.save(update_fields=["patronymic"])
    response = desk_client.get(DESK, {"q": "анна сергеевна"})
    assert [row["registration"] for row in response.context["rows"]] == [guest]
    assert '<h2 class="h5 card-title">Анна Сергеевна Иванова</h2>' in response.content.decode()
