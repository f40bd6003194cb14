"""What visas tells privacy (privacy/registry.py, from VisasConfig.ready): the visa section
of a person's data download, and what withdrawing the consent to passport data does."""

from django.utils.translation import gettext as _

from privacy.registry import Section, record
from visas import services
from visas.fields import UnreadableVisaData
from visas.models import VisaRequest


def _status_fields(visa_request):
    v = visa_request
    return [
        ("status", _("Status"), v.get_status_display()),
        ("created_at", _("Requested at"), v.created_at),
        ("submitted_at", _("Submitted to the authorities at"), v.submitted_at),
        ("issued_at", _("Invitation issued at"), v.issued_at),
        ("sent_at", _("Invitation sent at"), v.sent_at),
        ("refused_at", _("Refused at"), v.refused_at),
        ("refusal_reason", _("Reason for refusal"), v.refusal_reason),
        ("invitation", _("Official invitation on file"), bool(v.invitation)),
        ("purged_at", _("Passport data deleted at"), v.purged_at),
    ]


def visa_section(registration):
    """The visa request with its passport data, decrypted only when the visa key opens
    them (visas.fields): otherwise the section says so and shows what is not encrypted,
    and the rest of the download still works."""
    requests = VisaRequest.objects.filter(registration=registration)
    try:
        visa_request = requests.first()
    except UnreadableVisaData:  # logged once by visas.fields
        visa_request = requests.defer(*services.ENCRYPTED_FIELDS).first()
        return Section(
            key="visa",
            title=_("Your visa request"),
            note=_(
                "Your passport data cannot be read at the moment (the site's key is being "
                "changed). They are kept encrypted; download again later, or write to the "
                "organisers."
            ),
            records=[record(*_status_fields(visa_request))],
        )
    if visa_request is None:
        return None
    v = visa_request
    passport = [
        ("surname", _("Surname (as in the passport)"), v.surname),
        ("given_names", _("Given names (as in the passport)"), v.given_names),
        ("sex", _("Sex"), v.sex),
        ("birth_date", _("Date of birth"), v.birth_date),
        ("birth_place", _("Place of birth"), v.birth_place),
        ("citizenship", _("Citizenship"), v.citizenship.code if v.citizenship else ""),
        ("passport_number", _("Passport number"), v.passport_number),
        ("passport_issued_on", _("Passport issued on"), v.passport_issued_on),
        ("passport_expires_on", _("Passport valid until"), v.passport_expires_on),
        ("apply_city", _("City where you apply for the visa"), v.apply_city),
        ("arrival", _("Planned arrival"), v.arrival),
        ("departure", _("Planned departure"), v.departure),
        ("employer", _("Employer"), v.employer),
        ("position", _("Position"), v.position),
    ]
    return Section(
        key="visa",
        title=_("Your visa request"),
        records=[record(*passport, *_status_fields(v))],
    )


def withdrawal_warning(registration):
    """Said before the consent to passport data is withdrawn, when the request has left us."""
    visa_request = services.request_of(registration)
    if visa_request is None or visa_request.status == VisaRequest.Status.REQUESTED:
        return ""
    return _(
        "Your request was already submitted to the authorities. We delete our copy of your "
        "passport data and any invitation, and stop the request; we cannot recall what the "
        "authorities received, which they keep under their own rules."
    )


def withdraw(*, registration, now):
    """The consent to passport data is withdrawn: the request and its invitation go.
    Returns what was destroyed, for the destruction record."""
    return services.drop_for_registration(registration=registration)
