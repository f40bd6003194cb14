"""Factories for every model the tests build. One place, so tests read like the behaviour."""

import datetime as dt

import factory
from django.utils import timezone

from events.models import (
    Anniversary,
    Conference,
    ConferenceOrganisation,
    DateChange,
    Goal,
    Organisation,
    Room,
    Session,
    Speaker,
    Topic,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"University of Science {n}")
    acronym = factory.Sequence(lambda n: f"US{n}")
    kind = Organisation.Kind.UNIVERSITY
    country = "RU"
    website = factory.Sequence(lambda n: f"https://us{n}.example.org/")


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    title = factory.Sequence(lambda n: f"Conference {n}")
    slug = factory.Sequence(lambda n: f"conference-{n}")
    summary = "A conference about science and technology."
    description = "First paragraph.\n\nSecond paragraph."
    status = Conference.Status.SCHEDULED
    attendance_mode = Conference.AttendanceMode.HYBRID
    time_zone = "Asia/Tomsk"
    # Where the seed conference's audience lives (Beijing, Moscow, Brussels), as before each
    # conference had its own: the zone picker's short list and the waking-hours table.
    audience_time_zones = factory.LazyFunction(
        lambda: ["Asia/Shanghai", "Europe/Moscow", "Europe/Brussels"]
    )
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=60))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(days=4))
    venue_name = "Tomsk Polytechnic University"
    venue_city = "Tomsk"
    venue_country = "RU"
    contact_email = "conference@example.org"
    in_person_eligibility = "Members of the networks and selected guests."
    online_eligibility = "Anyone interested worldwide."


class ConferenceOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConferenceOrganisation

    conference = factory.SubFactory(ConferenceFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = ConferenceOrganisation.Role.CO_ORGANISER


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    conference = factory.SubFactory(ConferenceFactory)
    text = factory.Sequence(lambda n: f"Goal number {n}")
    order = factory.Sequence(int)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    conference = factory.SubFactory(ConferenceFactory)
    title = factory.Sequence(lambda n: f"Topic number {n}")
    order = factory.Sequence(int)


class AnniversaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Anniversary

    conference = factory.SubFactory(ConferenceFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    years = 10


class DateChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DateChange

    conference = factory.SubFactory(ConferenceFactory)
    previous_month = dt.date(2021, 9, 1)
    reason = "Travel conditions were unclear."


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Room {n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.Sequence(lambda n: f"speaker-{n}")
    affiliation = "Tomsk Polytechnic University"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    conference = factory.SubFactory(ConferenceFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    slug = factory.Sequence(lambda n: f"session-{n}")
    starts_at = factory.LazyAttribute(lambda o: o.conference.starts_at + dt.timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))


# --- registration ---------------------------------------------------------------------
class MemberInstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registration.MemberInstitution"

    name = factory.Sequence(lambda n: f"Member University {n}")
    country = "RU"


class MemberDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registration.MemberDomain"

    institution = factory.SubFactory(MemberInstitutionFactory)
    domain = factory.Sequence(lambda n: f"member{n}.example.ru")


class InvitationCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registration.InvitationCode"

    conference = factory.SubFactory(ConferenceFactory)
    code = factory.Sequence(lambda n: f"GUEST-{n:04d}")
    max_uses = 1


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration whose address is confirmed; pass status/attendance_mode to vary."""

    class Meta:
        model = "registration.Registration"

    conference = factory.SubFactory(ConferenceFactory)
    attendance_mode = "online"
    status = "confirmed"
    given_name = "Anna"
    family_name = factory.Sequence(lambda n: f"Ivanova{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    institution = "Tomsk Polytechnic University"
    country = "RU"
    privacy_consent_at = factory.LazyFunction(timezone.now)
    email_confirmed_at = factory.LazyFunction(timezone.now)


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Enquiry"

    conference = factory.SubFactory(ConferenceFactory)
    name = "Li Wei"
    email = factory.Sequence(lambda n: f"asker{n}@example.cn")
    message = "Can I present a poster online?"
    consent = True


def utc(*args):
    """A UTC instant: utc(2022, 5, 16, 12, 0) is 19:00 in Tomsk."""
    return dt.datetime(*args, tzinfo=dt.UTC)


class DelegationFactory(factory.django.DjangoModelFactory):
    """A delegation whose contact confirmed their address; email_confirmed_at=None to vary."""

    class Meta:
        model = "delegations.Delegation"

    conference = factory.SubFactory(ConferenceFactory)
    contact_name = "Olga Petrova"
    contact_email = factory.Sequence(lambda n: f"international{n}@tpu.ru")
    contact_institution = "Tomsk Polytechnic University"
    contact_role = "International office"
    country = "RU"
    email_confirmed_at = factory.LazyFunction(timezone.now)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "delegations.Member"

    delegation = factory.SubFactory(DelegationFactory)
    given_name = "Ivan"
    family_name = factory.Sequence(lambda n: f"Sidorov{n}")
    email = factory.Sequence(lambda n: f"member{n}@tpu.ru")
    institution = "Tomsk Polytechnic University"
    attendance_mode = "online"
    language = "en"


class VisaRequestFactory(factory.django.DjangoModelFactory):
    """A confirmed in-person attendee's visa request, dates fitting the conference."""

    class Meta:
        model = "visas.VisaRequest"

    registration = factory.SubFactory(
        RegistrationFactory, attendance_mode="in_person", status="confirmed"
    )
    surname = "IVANOVA"
    given_names = "ANNA"
    sex = "F"
    birth_date = dt.date(1990, 3, 14)
    birth_place = "Beijing"
    citizenship = "CN"
    passport_number = factory.Sequence(lambda n: f"E{n:08d}")
    passport_issued_on = dt.date(2020, 1, 10)
    passport_expires_on = dt.date(2035, 1, 9)
    apply_city = "Beijing"
    arrival = factory.LazyAttribute(
        lambda o: o.registration.conference.starts_at.date() - dt.timedelta(days=1)
    )
    departure = factory.LazyAttribute(
        lambda o: o.registration.conference.ends_at.date() + dt.timedelta(days=1)
    )
    employer = "Tsinghua University"
    position = "Professor"


# --- attending / documents ------------------------------------------------------------
class SessionJoinFactory(factory.django.DjangoModelFactory):
    """One use of a personal join link (the join redirect writes these)."""

    class Meta:
        model = "attending.SessionJoin"

    registration = factory.SubFactory(RegistrationFactory)
    session = factory.SubFactory(
        SessionFactory, conference=factory.SelfAttribute("..registration.conference")
    )
    at = factory.LazyAttribute(lambda o: o.session.starts_at)


# --- attending: joining online ----------------------------------------------------------
class JoinOptionFactory(factory.django.DjangoModelFactory):
    """A Zoom meeting for everyone outside China; pass platform/for_* to vary."""

    class Meta:
        model = "attending.JoinOption"

    session = factory.SubFactory(SessionFactory, format="hybrid")
    platform = "zoom"
    url = factory.Sequence(lambda n: f"https://zoom.example.org/j/{n}")
    for_europe = True
    for_russia = True
    for_other = True


class QuestionFactory(factory.django.DjangoModelFactory):
    """An organiser's question on the registration form (registration.Question)."""

    class Meta:
        model = "registration.Question"

    conference = factory.SubFactory(ConferenceFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    kind = "short_text"
    order = factory.Sequence(lambda n: n)


class QuestionOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registration.QuestionOption"

    question = factory.SubFactory(QuestionFactory, kind="one_choice")
    label = factory.Sequence(lambda n: f"Choice {n}")
    order = factory.Sequence(lambda n: n)


# --- the second factor (mfa/) ------------------------------------------------------------
def prove_second_factor(client, user, *, seconds_ago=0):
    """Gives the signed-in test client's session a second factor proved `seconds_ago`, as
    the verify page would: a recovery-codes device of the user's in the session (django-otp)
    and the moment for the step-up. tests/conftest.py calls it after every force_login, so
    tests of admin pages read as before; tests of the second factor sign in for real."""
    import time

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from mfa import services

    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="tests", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[services.VERIFIED_AT_SESSION_KEY] = time.time() - seconds_ago
    session.save()
    return device


# --- teams ------------------------------------------------------------------------------
# The old group names, as many tests still say them, and the role each became.
GROUP_ROLES = {
    "Content editors": "content_editor",
    "Registration managers": "registration_manager",
    "Check-in staff": "checkin_staff",
    "Online team": "online_team",
    "Visa officers": "visa_officer",
    "Data officers": "data_officer",
}


def team_member(role, conference=None, *, username=None, user=None, **fields):
    """A staff account in the team of ``role`` (a slug, or an old group name such as
    "Registration managers") for ``conference``, a list of conferences, or all of them
    (None). Pass ``user`` to add an existing account."""
    from django.contrib.auth import get_user_model

    from teams.services import add_member

    role = GROUP_ROLES.get(role, role)
    if user is None:
        fields.setdefault("is_staff", True)
        fields.setdefault("password", "x")
        username = username or f"{role}-{get_user_model().objects.count() + 1}"
        user = get_user_model().objects.create_user(username, **fields)
    conferences = conference if isinstance(conference, list | tuple) else [conference]
    for each in conferences:
        add_member(user=user, role=role, conference=each)
    return user
