"""Two conferences, two teams of each role: as a member of one, nothing of the other shows
on any admin list or page, export, dashboard, check-in desk or message audience."""

import csv
import io
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attending.models import CheckIn, JoinPass, SessionMaterial
from attending.tickets import ticket_for
from audit import services as audit
from branding.models import Branding
from documents.models import (
    Badge,
    CertificateDecision,
    CertificateRule,
    VerificationCode,
)
from jobs.models import Job
from jobs.registry import kinds as job_kinds
from jobs.sealing import store_result
from messaging.models import AttendeeMailing, GroupMessage, Recipient
from privacy.models import Consent
from teams.roles import ROLES
from teams.scope import conference_id_of, conference_path
from tests.contributions.factories import AuthorFactory, CallFactory, ContributionFactory
from tests.factories import (
    AnniversaryFactory,
    ConferenceFactory,
    ConferenceOrganisationFactory,
    DateChangeFactory,
    DelegationFactory,
    EnquiryFactory,
    GoalFactory,
    InvitationCodeFactory,
    JoinOptionFactory,
    MemberFactory,
    QuestionOptionFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SessionJoinFactory,
    TopicFactory,
    VisaRequestFactory,
    team_member,
)
from tests.jobs.helpers import run_and_download
from visas.models import VisaSettings

pytestmark = pytest.mark.django_db


def build(conference, name):
    """One conference's worth of everything an organiser's page can show."""
    person = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        given_name=name,
        family_name=f"{name}ova",
        email=f"{name.lower()}@example.org",
    )
    ticket = ticket_for(person)
    now = timezone.now()
    CheckIn.objects.create(ticket=ticket, conference=conference, day=now.date(), at=now, desk="A")
    VisaRequestFactory(registration=person, passport_number=f"P{name.upper()}01")
    VisaSettings.objects.create(conference=conference)
    Branding.objects.create(conference=conference, primary_colour="#00549f")
    MemberFactory(delegation=DelegationFactory(conference=conference))
    InvitationCodeFactory(conference=conference)
    QuestionOptionFactory(question__conference=conference)
    EnquiryFactory(conference=conference, name=f"{name} Asker")
    RoomFactory(conference=conference)
    GoalFactory(conference=conference)
    TopicFactory(conference=conference)
    AnniversaryFactory(conference=conference)
    DateChangeFactory(conference=conference)
    ConferenceOrganisationFactory(conference=conference)
    session = SessionFactory(conference=conference, format="hybrid")
    JoinOptionFactory(session=session)
    SessionMaterial.objects.create(session=session, slides_url="https://example.org/s.pdf")
    SessionJoinFactory(registration=person, session=session)
    JoinPass.objects.create(registration=person)
    message = GroupMessage.objects.create(
        conference=conference, subject=f"News for {name}", body="Hello"
    )
    Recipient.objects.create(message=message, registration=person)
    AttendeeMailing.objects.create(
        conference=conference,
        about="conference",
        message=GroupMessage.objects.create(conference=conference, kind="programme"),
    )
    CertificateRule.objects.create(conference=conference)
    CertificateDecision.objects.create(
        registration=person, decision="issued", reason="Attended", decided_at=now
    )
    VerificationCode.objects.create(registration=person, kind="certificate")
    Badge.objects.create(registration=person)
    Consent.objects.create(
        registration=person, purpose="registration", given=True, version="1", at=now, language="en"
    )
    contribution = ContributionFactory(
        call=CallFactory(conference=conference), title_en=f"Contribution of {name}"
    )
    AuthorFactory(contribution=contribution, name=f"{name} Author")
    batch = Job.objects.create(
        kind="documents.badges", conference=conference, state=Job.State.DONE, dedupe_key=name
    )
    store_result(batch, content=b"%PDF-1.4 badges", filename=f"badges-{name}.pdf")
    batch.save()
    audit.record(action=audit.Action.CHECK_IN, registration=person, detail="A")
    audit.record_destruction(
        rule="visa data after the conference",
        categories={"passport data": 1},
        conference=conference,
    )
    return person


@pytest.fixture
def world():
    alpha = ConferenceFactory(title="Alpha Summit", slug="alpha")
    beta = ConferenceFactory(title="Beta Symposium", slug="beta")
    return SimpleNamespace(
        alpha=alpha,
        beta=beta,
        people={alpha.pk: build(alpha, "Alla"), beta.pk: build(beta, "Boris")},
    )


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def sides(world):
    return [(world.alpha, world.beta), (world.beta, world.alpha)]


# Every role, as a member of each conference's team in turn.
CASES = [(role, side) for role in ROLES for side in (0, 1)]


def admin_request(user):
    return SimpleNamespace(user=user, GET={}, POST={}, method="GET", META={})


@pytest.mark.parametrize(("role", "side"), CASES)
def test_admin_lists_and_pages_show_nothing_of_the_other_conference(world, role, side):
    mine, other = sides(world)[side]
    member = team_member(role, mine, username=f"{role}-{mine.slug}")
    # the other conference's team
    theirs = team_member(role, other, username=f"{role}-{other.slug}")
    # Each side's background jobs of every kind the role may start (exports are their
    # maker's own: each is made by that side's member).
    for kind in job_kinds():
        if kind.permission in ROLES[role].permissions:
            for conference, user in ((mine, member), (other, theirs)):
                Job.objects.create(
                    kind=kind.name,
                    conference=conference,
                    created_by=user,
                    dedupe_key=f"{kind.name}-{conference.pk}",
                )
    client = signed_in(member)
    request = admin_request(member)
    lists_seen, pages_refused = [], []
    for model, model_admin in admin.site._registry.items():
        path = conference_path(model)
        if path is None or not model_admin.has_view_or_change_permission(request):
            continue
        opts = model._meta
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert response.status_code == 200, opts.label
        listed = list(response.context["cl"].result_list)
        assert {conference_id_of(obj, path) for obj in listed} == {mine.pk}, opts.label
        assert other.title not in response.content.decode(), opts.label
        lists_seen.append(opts.label)
        for obj in model._default_manager.all():
            if conference_id_of(obj, path) != other.pk:
                continue
            page = client.get(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            )
            assert (page.status_code, page.get("Location")) == (302, reverse("admin:index")), (
                opts.label
            )
            pages_refused.append(opts.label)
    # The walk saw every page the role may open, each with an object of the other conference.
    assert sorted(set(pages_refused)) == sorted(lists_seen)
    assert lists_seen, role


def test_a_superuser_sees_both_conferences(world):
    client = signed_in(User.objects.create_superuser("root", password="x"))
    response = client.get(reverse("admin:registration_registration_changelist"))
    assert {r.conference_id for r in response.context["cl"].result_list} == {
        world.alpha.pk,
        world.beta.pk,
    }


@pytest.mark.parametrize("side", [0, 1])
def test_registration_export_of_everything_holds_only_ones_own(
    world, side, django_capture_on_commit_callbacks
):
    mine, other = sides(world)[side]
    client = signed_in(team_member("registration_manager", mine))
    response = run_and_download(
        client,
        django_capture_on_commit_callbacks,
        lambda: client.post(
            reverse("admin:registration_registration_changelist"),
            {
                "action": "export_csv",
                "select_across": "1",
                "_selected_action": [world.people[other.pk].pk],
            },
        ),
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    text = response.content.decode("utf-8-sig")
    assert len(rows) == 2  # the header and the one person of this conference
    assert world.people[mine.pk].email in text
    assert world.people[other.pk].email not in text


@pytest.mark.parametrize("side", [0, 1])
def test_a_chosen_person_of_the_other_conference_is_not_exported(world, side):
    mine, other = sides(world)[side]
    client = signed_in(team_member("registration_manager", mine))
    client.post(
        reverse("admin:registration_registration_changelist"),
        {"action": "export_xlsx", "_selected_action": [world.people[other.pk].pk]},
    )
    assert not Job.objects.filter(kind="registration.export_xlsx").exists()


@pytest.mark.parametrize("side", [0, 1])
def test_visa_export_holds_only_ones_own_passports(world, side, django_capture_on_commit_callbacks):
    mine, other = sides(world)[side]
    client = signed_in(team_member("visa_officer", mine))
    response = run_and_download(
        client,
        django_capture_on_commit_callbacks,
        lambda: client.post(
            reverse("admin:visas_visarequest_changelist"),
            {"action": "export_csv", "select_across": "1", "_selected_action": [0]},
        ),
    )
    text = response.content.decode("utf-8-sig")
    assert f"P{world.people[mine.pk].given_name.upper()}01" in text
    assert f"P{world.people[other.pk].given_name.upper()}01" not in text


@pytest.mark.parametrize("side", [0, 1])
def test_visa_pages_of_the_other_conference_are_not_found(world, side):
    mine, other = sides(world)[side]
    client = signed_in(team_member("visa_officer", mine))
    theirs = world.people[other.pk].visa_request
    assert (
        client.get(reverse("admin:visas_visarequest_status", args=[theirs.pk])).status_code == 404
    )
    assert (
        client.get(reverse("admin:visas_visarequest_invitation", args=[theirs.pk])).status_code
        == 404
    )
    assert client.get(reverse("admin:visas_visaauditentry_changelist")).status_code == 403


@pytest.mark.parametrize("side", [0, 1])
def test_badge_print_runs_of_the_other_conference_are_not_found(world, side):
    mine, other = sides(world)[side]
    batches = {batch.conference_id: batch for batch in Job.objects.filter(kind="documents.badges")}
    for role in ("checkin_staff", "registration_manager"):
        client = signed_in(team_member(role, mine))
        own = client.get(reverse("admin:jobs_job_download", args=[batches[mine.pk].pk]))
        theirs = client.get(reverse("admin:jobs_job_download", args=[batches[other.pk].pk]))
        assert (own.status_code, theirs.status_code) == (200, 404), role


@pytest.mark.parametrize("side", [0, 1])
def test_the_desk_opens_only_ones_own_conferences(world, side):
    mine, other = sides(world)[side]
    staff = team_member("checkin_staff", mine, is_staff=False)
    client = signed_in(staff)
    assert client.get(reverse("attending:desk", args=[mine.slug])).status_code == 200
    assert client.get(reverse("attending:desk", args=[other.slug])).status_code == 404
    theirs = world.people[other.pk]
    before = CheckIn.objects.count()
    refused = client.post(
        reverse("attending:desk", args=[other.slug]), {"registration": theirs.pk, "desk": "A"}
    )
    assert refused.status_code == 404
    # Nor through one's own desk with the other conference's person.
    client.post(
        reverse("attending:desk", args=[mine.slug]), {"registration": theirs.pk, "desk": "A"}
    )
    assert CheckIn.objects.count() == before
    home = client.get(reverse("attending:home"))
    assert home.status_code in (200, 302)
    if home.status_code == 302:
        assert home["Location"] == reverse("attending:desk", args=[mine.slug])
    else:
        assert [c.pk for c in home.context["conferences"]] == [mine.pk]


@pytest.mark.parametrize("side", [0, 1])
def test_the_dashboard_shows_only_ones_own_conferences(world, side):
    mine, other = sides(world)[side]
    client = signed_in(team_member("registration_manager", mine))
    for query in ("", f"?conference={other.pk}"):
        response = client.get(reverse("admin:index") + query)
        assert response.status_code == 200
        page = response.content.decode()
        assert mine.title in page
        assert other.title not in page


@pytest.mark.parametrize("side", [0, 1])
def test_messages_reach_only_ones_own_conferences(world, side):
    mine, other = sides(world)[side]
    client = signed_in(team_member("registration_manager", mine))
    add = reverse("admin:messaging_groupmessage_add")
    form = client.get(add).context["form"]
    assert list(form.fields["conference"].queryset) == [mine]
    before = GroupMessage.objects.count()
    response = client.post(
        add,
        {"conference": other.pk, "subject_en": "Hello", "body_en": "Hi", "status": ["confirmed"]},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["conference"]
    assert GroupMessage.objects.count() == before

    mailing = reverse("admin:messaging_attendeemailing_add")
    form = client.get(mailing).context["form"]
    assert list(form.fields["conference"].queryset) == [mine]
    response = client.post(mailing, {"conference": other.pk, "about": "conference"})
    assert list(response.context["form"].errors) == ["conference"]
    assert AttendeeMailing.objects.filter(conference=other).count() == 1  # only the world's


def test_the_mail_queue_is_only_for_those_who_serve_every_conference(world):
    one = signed_in(team_member("registration_manager", world.alpha))
    every = signed_in(team_member("registration_manager", None))
    queue = reverse("admin:mailer_message_changelist")
    assert (one.get(queue).status_code, every.get(queue).status_code) == (403, 200)
