"""The rules of a delegation: stored as typed, nobody registered or written to until the
contact confirms their address, then each person registered by registration's own rules."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from delegations import services
from delegations.models import MAX_MEMBERS, Delegation, Member
from jobs.models import Job
from registration import services as registration_services
from registration.models import Registration
from tests.delegations.conftest import THREE, confirm, confirm_path, contact, page_path, person
from tests.factories import DelegationFactory, MemberFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def submit(conference, members=THREE, language="ru", **kwargs):
    return services.submit(
        conference=conference, contact=contact(), members=members, language=language, **kwargs
    )


def outcomes(delegation):
    return [(m.email, m.outcome, m.reason) for m in delegation.members.order_by("id")]


def test_submit_stores_the_delegation_and_mails_only_the_contact(
    conference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delegation = submit(conference)

    assert Registration.objects.count() == 0
    assert delegation.email_confirmed_at is None
    assert delegation.language == "ru"
    assert [
        (m.full_name, m.institution, m.attendance_mode, m.language, m.outcome)
        for m in delegation.members.all()
    ] == [
        (
            "Иван Сидоров",
            "Томский политехнический университет",
            "in_person",
            "ru",
            "waiting_for_contact",
        ),
        ("Wei Li", "HIT", "online", "zh-hans", "waiting_for_contact"),
        (
            "Anna Smirnova",
            "Томский политехнический университет",
            "online",
            "en",
            "waiting_for_contact",
        ),
    ]
    [message] = mail.outbox
    assert message.to == ["international@tpu.ru"]
    # In the contact's language, with the Russian address of their page.
    assert message.subject.startswith("[Science and Technology Bridge Continents] ")
    assert message.extra_headers["Content-Language"] == "ru"
    assert page_path(message) == f"/ru/delegation/{delegation.page_token}/"


def test_confirming_the_contact_registers_each_person_in_their_language(
    conference, django_capture_on_commit_callbacks
):
    delegation = submit(conference)
    confirm(delegation)

    registrations = {r.email: r for r in Registration.objects.all()}
    assert {email: (r.status, r.language) for email, r in registrations.items()} == {
        "ivan.sidorov@tpu.ru": ("pending_email", "ru"),
        "li.wei@hit.edu.cn": ("pending_email", "zh-hans"),
        "anna.smirnova@tpu.ru": ("pending_email", "en"),
    }
    assert outcomes(delegation) == [
        ("ivan.sidorov@tpu.ru", "registered", ""),
        ("li.wei@hit.edu.cn", "registered", ""),
        ("anna.smirnova@tpu.ru", "registered", ""),
    ]
    assert [m.registration for m in delegation.members.order_by("id")] == [
        registrations["ivan.sidorov@tpu.ru"],
        registrations["li.wei@hit.edu.cn"],
        registrations["anna.smirnova@tpu.ru"],
    ]
    # Each person gets registration's own confirmation mail, in their language, with their
    # own link; the contact gets the summary.
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == [
        "anna.smirnova@tpu.ru",
        "international@tpu.ru",
        "ivan.sidorov@tpu.ru",
        "li.wei@hit.edu.cn",
    ]
    for email, registration in registrations.items():
        message = by_recipient[email]
        assert message.extra_headers["Content-Language"] == registration.language
        prefix = {"en": "", "ru": "/ru", "zh-hans": "/zh-hans"}[registration.language]
        assert confirm_path(message) == (
            f"{prefix}/registration/manage/{registration.manage_token}/confirm/"
        )
    summary = by_recipient["international@tpu.ru"]
    assert summary.extra_headers["Content-Language"] == "ru"
    assert page_path(summary) == f"/ru/delegation/{delegation.page_token}/"
    assert "Иван Сидоров" in summary.body
    # The summary names people, never their links.
    for registration in registrations.values():
        assert registration.manage_token not in summary.body
    assert Delegation.objects.get().email_confirmed_at is not None


def test_confirming_again_changes_nothing(conference):
    delegation = submit(conference)
    confirm(delegation)
    mail.outbox.clear()
    confirm(delegation)
    assert mail.outbox == []
    assert Job.objects.count() == 1
    assert Registration.objects.count() == 3


def test_each_person_confirms_and_gets_a_place_by_the_same_rules(conference):
    """Three seats; members of TPU (a member institution) are eligible in person, the
    stranger awaits the organisers' decision, the fourth eligible person waits for a seat."""
    members = [person(f"Member{n}", "TPU", f"member{n}@tpu.ru", "in_person") for n in range(4)] + [
        person("Guest", "Elsewhere", "guest@example.org", "in_person")
    ]
    delegation = submit(conference, members=members)
    confirm(delegation)
    for member in delegation.members.order_by("id"):
        registration_services.confirm_email(registration=member.registration)

    assert [m.status_label() for m in delegation.members.order_by("id")] == [
        "Confirmed",
        "Confirmed",
        "Confirmed",
        "On the waiting list",
        "Awaiting the organisers’ decision",
    ]


def test_an_address_already_registered_stays_its_owners_own(
    conference, django_capture_on_commit_callbacks
):
    own = RegistrationFactory(conference=conference, email="anna.smirnova@tpu.ru")
    delegation = submit(conference)
    confirm(delegation)

    member = delegation.members.get(email="anna.smirnova@tpu.ru")
    assert (member.outcome, member.registration) == ("already_registered", None)
    # The contact is not told: the row looks like a person who has not yet confirmed.
    assert member.status_label() == "Awaiting email confirmation"
    assert member.outcome_for_contact() == "Registered"
    assert Registration.objects.filter(email="anna.smirnova@tpu.ru").get() == own
    # The owner is sent their own link again, as the single form does.
    [again] = [m for m in mail.outbox if m.to == ["anna.smirnova@tpu.ru"]]
    assert own.manage_token in again.body


def test_the_same_address_twice_stores_nothing(conference):
    twice = [THREE[0], person("Ivan", "Again", "IVAN.SIDOROV@TPU.RU")]
    with pytest.raises(services.DelegationError) as error:
        submit(conference, members=twice)
    assert error.value.message == "The same address is entered twice."
    assert Delegation.objects.count() == 0
    assert Member.objects.count() == 0


def test_no_people_or_too_many_are_refused(conference):
    with pytest.raises(services.DelegationError):
        submit(conference, members=[])
    many = [person("P", str(n), f"p{n}@example.org") for n in range(MAX_MEMBERS + 1)]
    with pytest.raises(services.DelegationError) as error:
        submit(conference, members=many)
    assert error.value.message == "A delegation has at most 30 people."
    assert Delegation.objects.count() == 0


def test_a_mode_the_conference_does_not_offer_is_refused(conference):
    conference.attendance_mode = "online"
    conference.save()
    with pytest.raises(registration_services.NotAllowed):
        submit(conference)
    assert Delegation.objects.count() == 0


def test_submitting_after_registration_closed_is_refused(conference):
    conference.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    conference.save()
    with pytest.raises(registration_services.RegistrationClosed):
        submit(conference)
    assert Delegation.objects.count() == 0


def test_registration_closing_before_the_contact_confirms_says_so_per_person(conference):
    delegation = submit(conference)
    conference.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    conference.save()
    confirm(delegation)
    assert outcomes(delegation) == [
        (email, "not_registered", "Registration is not open.")
        for email in ["ivan.sidorov@tpu.ru", "li.wei@hit.edu.cn", "anna.smirnova@tpu.ru"]
    ]
    assert Registration.objects.count() == 0


def test_a_full_conference_puts_each_person_on_the_waiting_list(conference):
    RegistrationFactory.create_batch(3, conference=conference, attendance_mode="in_person")
    members = [person(f"M{n}", "TPU", f"m{n}@tpu.ru", "in_person") for n in range(2)]
    delegation = submit(conference, members=members)
    confirm(delegation)
    for member in delegation.members.all():
        registration_services.confirm_email(registration=member.registration)
    assert [m.status_label() for m in delegation.members.all()] == ["On the waiting list"] * 2


def test_the_contact_adds_a_person_later(conference, django_capture_on_commit_callbacks):
    delegation = DelegationFactory(conference=conference)
    with django_capture_on_commit_callbacks(execute=True):
        member = services.add_member(
            delegation=delegation, data=person("Late", "Comer", "late@tpu.ru", language="zh-hans")
        )
    assert (member.outcome, member.registration.status, member.registration.language) == (
        "registered",
        "pending_email",
        "zh-hans",
    )
    [message] = mail.outbox
    assert message.to == ["late@tpu.ru"]


def test_adding_is_refused_before_confirming_twice_after_closing_and_beyond_the_maximum(
    conference,
):
    unconfirmed = DelegationFactory(conference=conference, email_confirmed_at=None)
    with pytest.raises(services.DelegationError) as error:
        services.add_member(delegation=unconfirmed, data=person("A", "B", "a@tpu.ru"))
    assert error.value.message == "Please confirm your own address first."

    delegation = DelegationFactory(conference=conference)
    services.add_member(delegation=delegation, data=person("A", "B", "a@tpu.ru"))
    with pytest.raises(services.DelegationError) as error:
        services.add_member(delegation=delegation, data=person("A", "B", "A@TPU.RU"))
    assert error.value.message == "This address is already in the delegation."

    MemberFactory.create_batch(MAX_MEMBERS - 1, delegation=delegation)
    with pytest.raises(services.DelegationError) as error:
        services.add_member(delegation=delegation, data=person("C", "D", "c@tpu.ru"))
    assert error.value.message == "A delegation has at most 30 people."

    conference.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    conference.save()
    other = DelegationFactory(conference=conference)
    with pytest.raises(registration_services.RegistrationClosed):
        services.add_member(delegation=other, data=person("E", "F", "e@tpu.ru"))
    assert Member.objects.filter(email__in=["c@tpu.ru", "e@tpu.ru"]).count() == 0


def test_an_erased_registration_shows_as_withdrawn(conference):
    delegation = submit(conference)
    confirm(delegation)
    member = delegation.members.first()
    registration_services.erase_personal_data(registration=member.registration)
    member.refresh_from_db()
    assert member.status_label() == "Withdrawn"


def test_each_persons_confirmation_mail_says_a_delegation_registered_them_in_our_words(
    conference, django_capture_on_commit_callbacks
):
    delegation = submit(conference)
    confirm(delegation)
    # Each in the person's own language: Иван the delegation's (Russian), Wei Chinese, Anna
    # English; nothing the contact typed (their name, role, institution) is in it.
    said = {
        "ivan.sidorov@tpu.ru": "Вас зарегистрировали в составе делегации.",
        "li.wei@hit.edu.cn": "您已作为代表团成员被登记。",
        "anna.smirnova@tpu.ru": "You were registered as part of a delegation.",
    }
    to_people = [m for m in mail.outbox if m.to != ["international@tpu.ru"]]
    assert sorted(m.to[0] for m in to_people) == sorted(said)
    for message in to_people:
        assert said[message.to[0]] in " ".join(message.body.split())
        assert said[message.to[0]] in " ".join(message.alternatives[0][0].split())
        for typed in contact().values():
            if typed != "RU":
                assert typed not in message.body
                assert typed not in message.alternatives[0][0]
    # A registration of one's own says nothing of the kind.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_services.register(
            conference=conference,
            data={
                "attendance_mode": "online",
                "given_name": "Solo",
                "family_name": "Person",
                "email": "solo@tpu.ru",
                "institution": "TPU",
                "country": "RU",
            },
        )
    [own] = mail.outbox
    assert "делегаци" not in own.body and "delegation" not in own.body
