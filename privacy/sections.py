"""Privacy's own sections of the data download: the registration, the answers to the
organisers' questions, the consents. The apps above registration add theirs
(privacy/registry.py)."""

from django.utils.translation import gettext as _

from privacy.models import Consent
from privacy.registry import Section, record
from registration import questions


def registration_section(registration):
    r = registration
    return Section(
        key="registration",
        title=_("Your registration"),
        records=[
            record(
                ("conference", _("Conference"), r.conference.title),
                ("given_name", _("Given name"), r.given_name),
                ("family_name", _("Family name"), r.family_name),
                ("patronymic", _("Patronymic"), r.patronymic),
                ("email", _("Email address"), r.email),
                ("pending_email", _("New email address, awaiting confirmation"), r.pending_email),
                ("institution", _("Institution"), r.institution),
                ("position", _("Position"), r.position),
                ("country", _("Country"), r.country.code if r.country else ""),
                ("attendance_mode", _("How you take part"), r.get_attendance_mode_display()),
                ("status", _("Status"), r.get_status_display()),
                ("seat_request", _("In-person seat requested"), r.get_seat_request_display()),
                ("accessibility_needs", _("Accessibility needs"), r.accessibility_needs),
                ("dietary_needs", _("Dietary needs"), r.dietary_needs),
                ("visa_letter_wanted", _("Visa support letter wanted"), r.visa_letter_wanted),
                ("list_publicly", _("On the public participant list"), r.list_publicly),
                ("language", _("Language of your emails"), r.language),
                (
                    "eligibility_route",
                    _("How in-person eligibility was established"),
                    r.get_eligibility_route_display(),
                ),
                (
                    "invitation_code",
                    _("Invitation code"),
                    r.invitation.code if r.invitation else "",
                ),
                ("privacy_consent_at", _("Agreed to the privacy notice at"), r.privacy_consent_at),
                ("email_confirmed_at", _("Email address confirmed at"), r.email_confirmed_at),
                ("waiting_since", _("On the waiting list since"), r.waiting_since),
                ("decided_at", _("Organisers decided at"), r.decided_at),
                ("created_at", _("Registered at"), r.created_at),
                ("updated_at", _("Last changed at"), r.updated_at),
            )
        ],
    )


def answers_section(registration):
    answers = questions.answers_of(registration)
    if not answers:
        return None
    return Section(
        key="answers",
        title=_("Your answers to the organisers’ questions"),
        records=[
            record(
                ("question", _("Question"), answer.question_text),
                ("answer", _("Answer"), answer.display()),
                ("updated_at", _("Answered at"), answer.updated_at),
            )
            for answer in answers
        ],
    )


def consents_section(registration):
    rows = list(Consent.objects.filter(registration=registration).order_by("at", "id"))
    return Section(
        key="consents",
        title=_("Your consents"),
        note=_("Every consent you gave or withdrew, oldest first."),
        records=[
            record(
                ("purpose", _("Purpose"), row.purpose),
                ("purpose_label", _("What for"), row.get_purpose_display()),
                ("given", _("Given (no: withdrawn)"), row.given),
                ("version", _("Version of the text"), row.version),
                ("at", _("When"), row.at),
                ("language", _("Language"), row.language),
                ("client", _("Client address"), row.client or ""),
            )
            for row in rows
        ],
    )
