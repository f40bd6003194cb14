"""The PDFs themselves: a registration letter, a certificate of attendance, name badges.

Each document speaks its person's language (registration.mail_language, the language of
their emails). The rules about who gets one are in documents/services.py.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from attending.models import Ticket
from attending.tickets import ticket_for
from documents import pdf
from documents.models import Badge, Kind, Layout
from documents.services import code_for, printed_name


def verify_url(code):
    """The absolute address of a code's verification page (in the document's language)."""
    return f"{settings.SITE_URL}{reverse('documents:verify', kwargs={'code': code.code})}"


def _conference_context(conference):
    return {
        "conference": conference,
        "starts_on": timezone.localtime(conference.starts_at, conference.zone).date(),
        "ends_on": timezone.localtime(conference.ends_at, conference.zone).date(),
    }


def _person_document(registration, kind, template):
    code = code_for(registration=registration, kind=kind)
    with translation.override(registration.mail_language):
        url = verify_url(code)
        context = {
            **_conference_context(registration.conference),
            "registration": registration,
            "name": printed_name(registration),
            "code": code,
            "verify_url": url,
            "verify_page": f"{settings.SITE_URL}{reverse('documents:verify_form')}",
            "qr": pdf.qr_data_uri(url),
            "today": timezone.localdate(),
            "language": registration.mail_language,
        }
        return pdf.render_pdf(template, context, stylesheet="letter")


def letter_pdf(registration):
    """The letter confirming a registration and the conference, with its verification code."""
    return _person_document(registration, Kind.LETTER, "documents/pdf/letter.html")


def certificate_pdf(registration):
    """The certificate of attendance, with its verification code."""
    return _person_document(registration, Kind.CERTIFICATE, "documents/pdf/certificate.html")


# --- badges ---------------------------------------------------------------------------------
def badge_data(registration, *, ticket_code, role):
    """What one badge prints, in its person's language."""
    with translation.override(registration.mail_language):
        return {
            "name": printed_name(registration),
            "given_name": registration.given_name,
            "family_name": registration.family_name,
            "patronymic": registration.patronymic,
            "institution": registration.institution,
            "country": str(registration.country.name) if registration.country else "",
            "role": role,
            "role_label": str(Badge.Role(role).label),
            "conference": registration.conference.title,
            "language": registration.mail_language,
            "qr": pdf.qr_data_uri(ticket_code),
        }


def badges_for(registrations):
    """The badge data of registrations (a list, each with its conference), tickets made
    where missing (two queries for the whole list, plus one per missing ticket)."""
    ids = [registration.pk for registration in registrations]
    tickets = dict(
        Ticket.objects.filter(registration_id__in=ids).values_list("registration_id", "code")
    )
    roles = dict(
        Badge.objects.filter(registration_id__in=ids).values_list("registration_id", "role")
    )
    badges = []
    for registration in registrations:
        code = tickets.get(registration.pk) or ticket_for(registration).code
        role = roles.get(registration.pk, Badge.Role.PARTICIPANT)
        badges.append(badge_data(registration, ticket_code=code, role=role))
    return badges


def render_badges(badges, layout):
    """A WeasyPrint document of the badges in a layout (A6 pages or A4 sheets of four)."""
    sheets = (
        [badges] if layout == Layout.A6 else [badges[i : i + 4] for i in range(0, len(badges), 4)]
    )
    return pdf.render_document(
        "documents/pdf/badges.html",
        {"badges": badges, "sheets": sheets, "layout": layout},
        stylesheet=f"badges-{layout}",
    )


def badges_pdf(registrations, layout):
    return render_badges(badges_for(registrations), layout).write_pdf()
