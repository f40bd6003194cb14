"""Certificates of attendance: after the conference, for in-person attendees checked in at
the desk and for online participants who joined the conference's number of sessions; the
organisers may issue or withhold one by hand, with a reason. Before that, the manage page
says why there is none."""

import datetime as dt

import pytest

from attending import services as attending
from attending.tickets import ticket_for
from documents import services
from documents.models import CertificateDecision, VerificationCode
from teams.roles import ROLES
from tests.documents.conftest import pdf_fonts, pdf_text
from tests.factories import GROUP_ROLES, RegistrationFactory, SessionFactory, SessionJoinFactory

pytestmark = pytest.mark.django_db


def check_in(registration):
    attending.check_in(
        ticket=ticket_for(registration),
        desk="Hall",
        now=registration.conference.starts_at + dt.timedelta(hours=1),
    )


def join_sessions(registration, count):
    for _ in range(count):
        SessionJoinFactory(
            registration=registration, session=SessionFactory(conference=registration.conference)
        )


@pytest.fixture
def online(conference):
    services.set_certificate_rule(conference=conference, min_sessions_joined=3)
    return RegistrationFactory(
        conference=conference, given_name="Li", family_name="Wei", email="li@example.cn"
    )


def manage_page(client, registration):
    return client.get(f"/registration/manage/{registration.manage_token}/").content.decode()


def test_checked_in_attendee_gets_a_certificate_in_their_language_and_script(client, xiaoming):
    check_in(xiaoming)
    assert services.certificate_standing(xiaoming) == services.Standing(True)
    assert "certificate.pdf" in manage_page(client, xiaoming)
    response = client.get(f"/registration/manage/{xiaoming.manage_token}/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="bridge-continents-certificate.pdf"'
    )
    text = pdf_text(response.content)
    code = VerificationCode.objects.get(registration=xiaoming, kind="certificate")
    assert "王小明" in text
    assert "哈尔滨工业大学" in text
    assert "在托木斯克线下参会" in text  # the mode, in Chinese
    assert f"/zh-hans/verify/{code.code}/" in text
    assert any(name.startswith("Noto-Sans-CJK") for name in pdf_fonts(response.content))
    assert client.get(f"/verify/{code.code}/").context["verification"].valid


def test_in_person_attendee_never_checked_in_gets_none_and_is_told_why(client, jane):
    standing = services.certificate_standing(jane)
    assert standing.eligible is False
    assert standing.reason == (
        "We have no record of your arrival at the registration desk. If you attended, "
        "write to bridge@tpu.ru."
    )
    html = manage_page(client, jane)
    assert "certificate.pdf" not in html
    assert "We have no record of your arrival at the registration desk." in html
    response = client.get(f"/registration/manage/{jane.manage_token}/certificate.pdf")
    assert response.status_code == 302
    assert VerificationCode.objects.filter(kind="certificate").count() == 0


def test_online_participant_needs_the_conferences_number_of_sessions(online):
    join_sessions(online, 2)
    # The same session joined twice counts once.
    SessionJoinFactory(registration=online, session=online.session_joins.first().session)
    standing = services.certificate_standing(online)
    assert standing == services.Standing(
        False,
        "A certificate needs at least 3 sessions joined online through your personal links; "
        "we recorded 2.",
    )
    join_sessions(online, 1)
    assert services.certificate_standing(online) == services.Standing(True)


def test_the_number_is_set_per_conference(online, conference):
    join_sessions(online, 1)
    assert services.certificate_standing(online).eligible is False
    services.set_certificate_rule(conference=conference, min_sessions_joined=1)
    assert services.certificate_standing(online).eligible is True


def test_without_a_rule_three_sessions_are_needed(conference):
    li = RegistrationFactory(conference=conference)
    join_sessions(li, 2)
    assert services.certificate_standing(li).eligible is False
    join_sessions(li, 1)
    assert services.certificate_standing(li).eligible is True


def test_a_rule_needs_at_least_one_session(conference):
    with pytest.raises(services.DocumentError) as refused:
        services.set_certificate_rule(conference=conference, min_sessions_joined=0)
    assert refused.value.message == "At least one session: a certificate needs some."


def test_nothing_before_the_conference_ends(client, upcoming):
    early = RegistrationFactory(conference=upcoming, attendance_mode="in_person")
    check_in(early)
    join_sessions(early, 5)
    standing = services.certificate_standing(early)
    ends = upcoming.ends_at.astimezone(upcoming.zone)
    assert standing.reason == (
        "Your certificate of attendance is ready here after the conference ends "
        f"({ends.day} {ends:%B %Y})."
    )
    assert standing.reason in manage_page(client, early)
    response = client.get(f"/registration/manage/{early.manage_token}/certificate.pdf")
    assert response.status_code == 302


def test_withheld_overrides_a_check_in(client, jane):
    check_in(jane)
    services.decide_certificate(registration=jane, decision="withheld", reason="Badge misuse.")
    standing = services.certificate_standing(jane)
    assert standing.eligible is False
    assert standing.reason == (
        "The organisers have not issued you a certificate. If you think this is a mistake, "
        "write to bridge@tpu.ru."
    )
    assert "Badge misuse." not in manage_page(client, jane)
    response = client.get(f"/registration/manage/{jane.manage_token}/certificate.pdf")
    assert response.status_code == 302


def test_issued_by_hand_without_check_in_or_joins(jane, online):
    services.decide_certificate(
        registration=jane, decision="issued", reason="Desk was offline on day one."
    )
    assert services.certificate_standing(jane) == services.Standing(True, by_hand=True)
    join_sessions(online, 1)
    services.decide_certificate(
        registration=online, decision="issued", reason="Watched in a group."
    )
    assert services.certificate_standing(online).eligible is True


def test_a_later_decision_replaces_the_earlier(jane, django_user_model):
    organiser = django_user_model.objects.create_user("org")
    services.decide_certificate(registration=jane, decision="issued", reason="Phone call.")
    services.decide_certificate(
        registration=jane, decision="withheld", reason="Mistake.", by=organiser
    )
    decision = CertificateDecision.objects.get()
    assert (decision.decision, decision.reason, decision.decided_by) == (
        "withheld",
        "Mistake.",
        organiser,
    )


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_decision_needs_a_reason(jane, reason):
    with pytest.raises(services.DocumentError) as refused:
        services.decide_certificate(registration=jane, decision="issued", reason=reason)
    assert refused.value.message == "Say why the certificate is issued or withheld."
    assert CertificateDecision.objects.count() == 0


def test_cancelled_registrations_get_no_certificate_even_if_checked_in(jane):
    from registration import services as registration_services

    check_in(jane)
    registration_services.cancel(registration=jane)
    jane.refresh_from_db()
    assert services.certificate_standing(jane).eligible is False


# --- the admin -----------------------------------------------------------------------------
ADD = "/admin/documents/certificatedecision/add/"


def test_registration_manager_withholds_a_certificate_in_the_admin(organiser, jane):
    client = organiser("Registration managers")
    response = client.post(
        ADD, {"registration": jane.pk, "decision": "withheld", "reason": "Left after an hour."}
    )
    assert response.status_code == 302
    decision = CertificateDecision.objects.get()
    assert (decision.registration, decision.decision, decision.decided_by) == (
        jane,
        "withheld",
        client.user,
    )


def test_the_admin_form_requires_a_reason(organiser, jane):
    client = organiser("Registration managers")
    response = client.post(ADD, {"registration": jane.pk, "decision": "issued", "reason": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["reason"] == ["This field is required."]
    assert CertificateDecision.objects.count() == 0


@pytest.mark.parametrize("group", ["Content editors", "Check-in staff"])
def test_other_groups_cannot_decide_certificates(organiser, jane, group):
    client = organiser(group)
    response = client.post(ADD, {"registration": jane.pk, "decision": "issued", "reason": "x"})
    assert response.status_code == 403
    assert CertificateDecision.objects.count() == 0
    rights = ROLES[GROUP_ROLES[group]].permissions
    assert [right for right in rights if "certificate" in right] == []


def test_registration_manager_sets_the_number_of_sessions(organiser, conference):
    client = organiser("Registration managers")
    response = client.post(
        "/admin/documents/certificaterule/add/",
        {"conference": conference.pk, "min_sessions_joined": "4"},
    )
    assert response.status_code == 302
    assert services.min_sessions_joined(conference) == 4
