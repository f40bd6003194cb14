"""The rules below the pages: tokens, domains, constraints, codes, groups, defaults."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import IntegrityError, transaction

from registration import eligibility, services
from registration.models import InvitationCode, MemberDomain, MemberInstitution, Registration
from tests.factories import (
    ConferenceFactory,
    InvitationCodeFactory,
    MemberDomainFactory,
    OrganisationFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("a@tpu.ru", ["tpu.ru"]),
        ("a@cs.lab.TPU.ru", ["cs.lab.tpu.ru", "lab.tpu.ru", "tpu.ru"]),
        ("a@localhost", []),
        ("a@", []),
        ("a@тпу.рф", ["xn--o1afe.xn--p1ai"]),
    ],
)
def test_candidate_domains(email, expected):
    assert eligibility.candidate_domains(email) == expected


def test_member_domain_matches_parent_domains_but_not_lookalikes(conference):
    assert eligibility.member_institution_for(email="x@cs.tpu.ru", conference=conference).name == (
        "Tomsk Polytechnic University"
    )
    assert (
        eligibility.member_institution_for(email="x@tpu.ru.evil.com", conference=conference) is None
    )
    assert eligibility.member_institution_for(email="x@mytpu.ru", conference=conference) is None


def test_member_of_a_network_not_organising_this_conference_is_not_eligible(conference):
    other_network = OrganisationFactory(kind="network")
    domain = MemberDomainFactory(domain="elsewhere.edu")
    domain.institution.networks.add(other_network)
    assert (
        eligibility.member_institution_for(email="x@elsewhere.edu", conference=conference) is None
    )
    # An institution listing no network counts for every conference.
    MemberDomainFactory(domain="anywhere.edu")
    assert eligibility.member_institution_for(email="x@anywhere.edu", conference=conference)


def test_inactive_institution_is_not_eligible(conference):
    MemberInstitution.objects.update(is_active=False)
    assert eligibility.member_institution_for(email="x@tpu.ru", conference=conference) is None


def test_manage_token_is_long_stable_and_verified(conference):
    registration = RegistrationFactory(conference=conference)
    token = registration.manage_token
    assert len(token) == 96
    assert Registration.objects.get(pk=registration.pk).manage_token == token
    assert Registration.objects.get_by_token(token) == registration
    assert Registration.objects.get_by_token(token.upper()) is None
    forged = token[:-1] + ("1" if token[-1] == "0" else "0")
    assert Registration.objects.get_by_token(forged) is None
    # The database holds no usable link.
    stored = " ".join(str(v) for v in Registration.objects.values_list().get())
    assert token[32:] not in stored


def test_manage_token_survives_key_rotation(conference, settings):
    registration = RegistrationFactory(conference=conference)
    token = registration.manage_token
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-key-for-rotation-tests"
    assert Registration.objects.get_by_token(token) == registration
    settings.SECRET_KEY_FALLBACKS = []
    assert Registration.objects.get_by_token(token) is None


def test_database_refuses_two_active_registrations_of_one_address(conference):
    # Addresses are stored in their one form (outbox.addresses.normalise_address).
    RegistrationFactory(conference=conference, email="same@tpu.ru")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(conference=conference, email="same@tpu.ru", status="pending_email")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(conference=conference, email="same@TPU.RU", status="cancelled")
    # Cancelled and declined ones do not count; another conference does not either.
    RegistrationFactory(conference=conference, email="same@tpu.ru", status="cancelled")
    RegistrationFactory(conference=conference, email="same@tpu.ru", status="declined")
    RegistrationFactory(conference=ConferenceFactory(), email="same@tpu.ru")
    assert Registration.objects.filter(email="same@tpu.ru").count() == 4


def test_invitation_code_cannot_be_overused(conference):
    code = InvitationCodeFactory(conference=conference, max_uses=1)
    assert eligibility.use_invitation(invitation=code) is True
    assert eligibility.use_invitation(invitation=code) is False
    assert InvitationCode.objects.get().used_count == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationCode.objects.filter(pk=code.pk).update(used_count=2)


def test_invitation_codes_are_unique_per_conference_ignoring_case(conference):
    InvitationCodeFactory(conference=conference, code="Guest-One")
    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationCodeFactory(conference=conference, code="GUEST-ONE")
    InvitationCodeFactory(conference=ConferenceFactory(), code="GUEST-ONE")


def test_register_service_refuses_when_closed(conference):
    conference.status = "cancelled"
    conference.save()
    with pytest.raises(services.RegistrationClosed):
        services.register(conference=conference, data={"attendance_mode": "online"})
    assert Registration.objects.count() == 0


def test_register_service_refuses_a_mode_the_conference_does_not_offer(conference):
    conference.status = "moved_online"
    conference.save()
    with pytest.raises(services.NotAllowed):
        services.register(conference=conference, data={"attendance_mode": "in_person"})


def test_promote_waiting_list_after_capacity_rises(conference, django_capture_on_commit_callbacks):
    RegistrationFactory.create_batch(3, conference=conference, attendance_mode="in_person")
    waiting = RegistrationFactory.create_batch(
        3,
        conference=conference,
        attendance_mode="in_person",
        status="waiting_list",
        waiting_since="2030-01-01T00:00Z",
    )
    conference.in_person_capacity = 5
    conference.save()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.promote_waiting_list(conference=conference)
    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    assert services.places_left(conference)["in_person"] == 0
    assert Registration.objects.get(pk=waiting[2].pk).status == "waiting_list"


def test_permission_groups_exist_after_migrate():
    editors = Group.objects.get(name="Content editors")
    managers = Group.objects.get(name="Registration managers")
    editor_perms = set(editors.permissions.values_list("content_type__app_label", "codename"))
    manager_perms = set(managers.permissions.values_list("content_type__app_label", "codename"))
    assert ("events", "change_conference") in editor_perms
    assert ("events", "add_topic") in editor_perms
    assert not any(app == "registration" for app, _ in editor_perms)
    assert ("registration", "change_registration") in manager_perms
    assert ("registration", "add_invitationcode") in manager_perms
    assert ("registration", "view_memberinstitution") in manager_perms
    assert not any(app == "events" and code != "view_conference" for app, code in manager_perms)


def test_group_migration_creates_groups_on_a_fresh_schema():
    """Runs the data migration's function against the migration state alone."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    # As on a fresh database: no groups, and no permissions yet (post_migrate has not run).
    Group.objects.all().delete()
    Permission.objects.filter(content_type__app_label__in=["events", "registration"]).delete()
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(("registration", "0002_permission_groups"))
    from registration.permissions import sync_groups

    sync_groups(apps=state.apps, using=connection.alias)
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Content editors",
        "Registration managers",
    }
    managers = Group.objects.get(name="Registration managers")
    assert managers.permissions.filter(codename="change_registration").exists()
    editors = Group.objects.get(name="Content editors")
    assert editors.permissions.filter(codename="change_conference").exists()


def test_load_registration_defaults_is_idempotent_and_keeps_edits(db):
    asrtu = OrganisationFactory(acronym="ASRTU", kind="network")
    call_command("load_registration_defaults", verbosity=0)
    tpu = MemberInstitution.objects.get(name="Tomsk Polytechnic University")
    assert list(tpu.domains.values_list("domain", flat=True)) == ["tpu.ru"]
    assert list(tpu.networks.all()) == [asrtu]
    # An organiser adds a domain and deactivates nothing; a second run keeps it all.
    MemberDomain.objects.create(institution=tpu, domain="stud.tpu.ru")
    tpu.country = "KZ"
    tpu.save()
    call_command("load_registration_defaults", verbosity=0)
    tpu.refresh_from_db()
    assert tpu.country.code == "KZ"
    assert MemberInstitution.objects.count() == 1
    assert sorted(tpu.domains.values_list("domain", flat=True)) == ["stud.tpu.ru", "tpu.ru"]


def test_tokens_never_reach_the_logs(client, conference, caplog):
    registration = RegistrationFactory(conference=conference)
    token = registration.manage_token
    cancelled = RegistrationFactory(conference=conference, status="cancelled")
    with caplog.at_level("DEBUG"):
        assert client.get(f"/registration/manage/{cancelled.manage_token}/").status_code == 404
        assert client.get(f"/registration/manage/{token[:-2]}xx/").status_code == 404
        bad = client.post(f"/registration/manage/{token}/details/", {"given_name": ""})
        assert bad.status_code == 400
        assert client.put(f"/registration/manage/{token}/").status_code == 405
    messages = [record.getMessage() for record in caplog.records]
    assert "Not Found: /registration/manage/[redacted]/" in messages
    assert "Bad Request: /registration/manage/[redacted]/details/" in messages
    assert token not in caplog.text
    assert token[:32] not in caplog.text
    assert cancelled.manage_token[:32] not in caplog.text


def test_redaction_of_access_log_lines():
    import logging

    from registration.log_filters import RedactManageLinks

    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        '%(h)s "%(r)s"',
        ({"h": "127.0.0.1", "r": "GET /registration/manage/abc123/cancel/?x=1 HTTP/1.1"},),
        None,
    )
    RedactManageLinks().filter(record)
    assert record.getMessage() == (
        '127.0.0.1 "GET /registration/manage/[redacted]/cancel/?x=1 HTTP/1.1"'
    )
