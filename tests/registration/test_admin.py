"""The organisers' registration desk: every page, the counts, the workflow actions."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from events.services import save_conference
from registration.models import InvitationCode, MemberInstitution, Registration
from tests.factories import (
    InvitationCodeFactory,
    MemberDomainFactory,
    RegistrationFactory,
)
from tests.jobs.helpers import act_and_run, run_and_download
from tests.registration.conftest import confirm_path

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/registration/registration/"


@pytest.fixture
def desk(admin_client, django_capture_on_commit_callbacks):
    """The admin client, with on-commit emails sent."""

    class Desk:
        def get(self, path, **kwargs):
            return admin_client.get(path, **kwargs)

        def action(self, name, registrations, **extra):
            """The action starts a job; the worker runs it; returns the finished job."""
            return act_and_run(
                admin_client,
                django_capture_on_commit_callbacks,
                CHANGELIST,
                name,
                registrations,
                **extra,
            )

        def post(self, path, data):
            with django_capture_on_commit_callbacks(execute=True):
                return admin_client.post(path, data)

    return Desk()


@pytest.mark.parametrize(
    "url",
    [
        CHANGELIST,
        CHANGELIST + "?q=Ivanova",
        CHANGELIST + "?status__exact=confirmed&attendance_mode__exact=in_person",
        CHANGELIST + "add/",
        "/admin/registration/memberinstitution/",
        "/admin/registration/memberinstitution/?q=tpu",
        "/admin/registration/memberinstitution/add/",
        "/admin/registration/invitationcode/",
        "/admin/registration/invitationcode/?q=GUEST",
        "/admin/registration/invitationcode/add/",
    ],
)
def test_admin_pages_render(desk, conference, url):
    RegistrationFactory(conference=conference, family_name="Ivanova")
    response = desk.get(url)
    assert response.status_code == 200


def test_admin_change_pages_render(desk, conference):
    registration = RegistrationFactory(conference=conference)
    institution = MemberInstitution.objects.get()
    code = InvitationCodeFactory(conference=conference)
    for obj, name in [
        (registration, "registration"),
        (institution, "memberinstitution"),
        (code, "invitationcode"),
    ]:
        response = desk.get(reverse(f"admin:registration_{name}_change", args=[obj.pk]))
        assert response.status_code == 200
        assert escape(str(obj)) in response.content.decode()


def test_changelist_counts_per_mode_and_status(desk, conference):
    RegistrationFactory.create_batch(2, conference=conference, attendance_mode="in_person")
    RegistrationFactory(conference=conference, attendance_mode="online")
    RegistrationFactory(
        conference=conference, attendance_mode="in_person", status="awaiting_approval"
    )
    response = desk.get(CHANGELIST)
    summary = response.context["registration_summary"]
    # Across conferences: the mode alone (each conference's city is on its own pages).
    assert summary["modes"] == ["In person", "Online"]
    rows = {row["label"]: row["cells"] for row in summary["rows"]}
    assert rows["Confirmed"] == [2, 1]
    assert rows["Awaiting the organisers’ decision"] == [1, 0]
    assert summary["totals"] == [3, 1]
    assert summary["total"] == 4
    html = response.content.decode()
    assert "Registrations in this list, by status and mode" in html
    # Filtered: the counts follow the filter.
    filtered = desk.get(CHANGELIST + "?attendance_mode__exact=online")
    assert filtered.context["registration_summary"]["total"] == 1


def test_search_by_name_email_and_institution(desk, conference):
    RegistrationFactory(conference=conference, family_name="Петрова", email="p@tpu.ru")
    RegistrationFactory(conference=conference, family_name="王", institution="Tsinghua University")
    for query, expected in [("Петрова", 1), ("p@tpu.ru", 1), ("Tsinghua", 1), ("nobody", 0)]:
        response = desk.get(CHANGELIST, data={"q": query})
        assert response.context["cl"].result_count == expected, query


def test_approve_records_who_and_when_and_mails(desk, conference, admin_user):
    waiting_approval = RegistrationFactory(
        conference=conference, attendance_mode="in_person", status="awaiting_approval"
    )
    job = desk.action("approve_selected", [waiting_approval])
    assert (job.state, job.message) == ("done", "1 registration approved.")
    waiting_approval.refresh_from_db()
    assert waiting_approval.status == "confirmed"
    assert waiting_approval.eligibility_route == "manual"
    assert waiting_approval.decided_by == admin_user
    assert waiting_approval.decided_at is not None
    [approved] = mail.outbox
    assert approved.subject.endswith("the organisers approved your in-person attendance")
    assert len(approved.attachments) == 1
    # Decision fields are read-only on the change page.
    page = desk.get(reverse("admin:registration_registration_change", args=[waiting_approval.pk]))
    assert 'name="decided_by"' not in page.content.decode()
    assert 'name="status"' not in page.content.decode()


def test_approve_when_full_goes_to_waiting_list(desk, conference):
    RegistrationFactory.create_batch(3, conference=conference, attendance_mode="in_person")
    person = RegistrationFactory(
        conference=conference, attendance_mode="in_person", status="awaiting_approval"
    )
    desk.action("approve_selected", [person])
    person.refresh_from_db()
    assert person.status == "waiting_list"
    assert mail.outbox[0].subject.endswith("You are on the waiting list")


def test_approve_refuses_wrong_status_with_a_message(desk, conference):
    person = RegistrationFactory(conference=conference)
    job = desk.action("approve_selected", [person])
    assert job.message.splitlines() == [
        "0 registrations approved.",
        f"{person.full_name}: Only registrations awaiting a decision or declined can be approved.",
    ]
    assert mail.outbox == []


def test_decline_frees_seat_and_promotes(desk, conference, admin_user):
    holders = RegistrationFactory.create_batch(
        3, conference=conference, attendance_mode="in_person"
    )
    waiting = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="waiting_list",
        waiting_since="2030-01-01T00:00Z",
    )
    desk.action("decline_selected", [holders[0]])
    holders[0].refresh_from_db()
    waiting.refresh_from_db()
    assert (holders[0].status, holders[0].decided_by) == ("declined", admin_user)
    assert waiting.status == "confirmed"
    assert {m.subject.split("] ")[1] for m in mail.outbox} == {
        "About your in-person registration",
        "A place is yours: you are registered",
    }


def test_promote_only_while_seats_are_left(desk, conference):
    RegistrationFactory.create_batch(2, conference=conference, attendance_mode="in_person")
    first, second = RegistrationFactory.create_batch(
        2,
        conference=conference,
        attendance_mode="in_person",
        status="waiting_list",
        waiting_since="2030-01-01T00:00Z",
    )
    job = desk.action("promote_selected", [first, second])
    assert job.message.splitlines()[0] == "1 person promoted."
    assert job.message.splitlines()[1].endswith(": No place is left; raise the capacity first.")
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses.count("confirmed") == 3
    assert statuses.count("waiting_list") == 1


def test_resend_confirmation(desk, conference):
    pending = RegistrationFactory(conference=conference, status="pending_email")
    job = desk.action("resend_confirmation", [pending])
    assert (job.kind, job.message) == ("registration.resend", "1 email queued.")
    [resent] = mail.outbox
    assert resent.subject.endswith("Please confirm your email address")
    assert confirm_path(resent) == f"/registration/manage/{pending.manage_token}/confirm/"


def test_export_csv_opens_in_excel_with_any_script(
    admin_client, conference, django_capture_on_commit_callbacks
):
    RegistrationFactory(conference=conference, given_name="Анна", family_name="Иванова")
    RegistrationFactory(conference=conference, given_name="伟", family_name="李", country="CN")
    RegistrationFactory(conference=conference, given_name="=HYPERLINK(1)", family_name="Zed")
    response = run_and_download(
        admin_client,
        django_capture_on_commit_callbacks,
        lambda: admin_client.post(
            CHANGELIST,
            {
                "action": "export_csv",
                "_selected_action": list(Registration.objects.values_list("pk", flat=True)),
            },
        ),
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="registrations-')
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:6] == ["ID", "Conference", "Given name", "Family name", "Patronymic", "Email"]
    names = [(row[2], row[3], row[8]) for row in rows[1:]]
    assert ("Анна", "Иванова", "Russia") in names
    assert ("伟", "李", "China") in names
    assert ("'=HYPERLINK(1)", "Zed", "Russia") in names


def test_admin_add_sends_the_confirmation_and_constraint_is_friendly(desk, conference):
    data = {
        "conference": conference.pk,
        "attendance_mode": "in_person",
        "given_name": "Ivan",
        "family_name": "Petrov",
        "email": "ivan@tpu.ru",
        "institution": "TPU",
        "position": "",
        "country": "RU",
        "accessibility_needs": "",
        "dietary_needs": "",
    }
    response = desk.post(reverse("admin:registration_registration_add"), data)
    assert response.status_code == 302
    added = Registration.objects.get()
    assert added.status == "pending_email"
    [confirm] = mail.outbox
    assert confirm.to == ["ivan@tpu.ru"]
    # A second active registration of the same address (any case) is refused kindly.
    response = desk.post(
        reverse("admin:registration_registration_add"), {**data, "email": "IVAN@tpu.ru"}
    )
    assert response.status_code == 200
    assert (
        "This email address already has an active registration for this conference."
        in response.content.decode()
    )
    assert Registration.objects.count() == 1


def test_member_institution_with_domains_inline(desk, conference):
    response = desk.post(
        "/admin/registration/memberinstitution/add/",
        {
            "name": "Harbin Institute of Technology",
            "country": "CN",
            "is_active": "on",
            "domains-TOTAL_FORMS": "2",
            "domains-INITIAL_FORMS": "0",
            "domains-MIN_NUM_FORMS": "0",
            "domains-MAX_NUM_FORMS": "1000",
            "domains-0-domain": "hit.edu.cn",
            "domains-1-domain": "not a domain",
        },
    )
    assert response.status_code == 200
    assert "Enter a domain such as tpu.ru" in response.content.decode()
    assert not MemberInstitution.objects.filter(name__startswith="Harbin").exists()


def test_invitation_code_uses_are_shown(desk, conference):
    code = InvitationCodeFactory(conference=conference, code="VIP-GUEST", max_uses=2)
    RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        invitation=code,
        invitation_used=True,
        given_name="Guest",
        family_name="One",
    )
    InvitationCode.objects.filter(pk=code.pk).update(used_count=1)
    html = desk.get(reverse("admin:registration_invitationcode_change", args=[code.pk]))
    text = html.content.decode()
    assert "Guest One (Confirmed)" in text
    listing = desk.get("/admin/registration/invitationcode/").content.decode()
    assert "VIP-GUEST" in listing


def test_domain_inline_list(desk, conference):
    MemberDomainFactory(domain="cs.hit.edu.cn", institution__name="HIT")
    html = desk.get("/admin/registration/memberinstitution/").content.decode()
    assert "cs.hit.edu.cn" in html
    assert "tpu.ru" in html


def test_raising_capacity_moves_the_waiting_list_up(conference, django_capture_on_commit_callbacks):
    RegistrationFactory.create_batch(3, conference=conference, attendance_mode="in_person")
    first = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="waiting_list",
        waiting_since="2020-01-01T00:00Z",
    )
    second = RegistrationFactory(
        conference=conference,
        attendance_mode="in_person",
        status="waiting_list",
        waiting_since="2020-01-02T00:00Z",
    )
    with django_capture_on_commit_callbacks(execute=True):
        conference.in_person_capacity = 4
        save_conference(conference=conference)  # as the conference admin does
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("confirmed", "waiting_list")
    assert [m.to for m in mail.outbox] == [[first.email]]
    assert mail.outbox[0].subject.endswith("A place is yours: you are registered")


def test_invitation_limit_cannot_drop_below_its_uses(desk, conference):
    code = InvitationCodeFactory(conference=conference, code="VIP-GUEST", max_uses=3)
    InvitationCode.objects.filter(pk=code.pk).update(used_count=2)
    url = reverse("admin:registration_invitationcode_change", args=[code.pk])
    response = desk.post(
        url,
        {"conference": conference.pk, "code": "VIP-GUEST", "note": "", "max_uses": 1},
    )
    assert response.status_code == 200
    assert "Already used 2 times: the limit cannot be lower than that." in (
        response.content.decode()
    )
    assert InvitationCode.objects.get().max_uses == 3


def test_organisers_filter_by_language_and_cannot_change_it(admin_client, conference):
    russian = RegistrationFactory(conference=conference, language="ru", email="ru@tpu.ru")
    RegistrationFactory(conference=conference, language="en", email="en@tpu.ru")

    listed = admin_client.get("/admin/registration/registration/", {"language__exact": "ru"})
    change = admin_client.get(f"/admin/registration/registration/{russian.pk}/change/")

    assert [r.pk for r in listed.context["cl"].result_list] == [russian.pk]
    assert 'name="language"' not in change.content.decode()
