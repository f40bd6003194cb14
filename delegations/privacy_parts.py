"""What delegations tells privacy (privacy/registry.py, from DelegationsConfig.ready): who
registered the person as part of a delegation, and what they entered about them."""

from django.utils.translation import gettext as _

from delegations.models import Member
from privacy.registry import Section, record


def delegation_section(registration):
    member = (
        Member.objects.filter(registration_id=registration.pk).select_related("delegation").first()
    )
    if member is None:
        return None
    delegation = member.delegation
    return Section(
        key="delegation",
        title=_("Your delegation"),
        note=_("You were registered by a delegation's contact person, who entered these details."),
        records=[
            record(
                ("contact_name", _("Contact person"), delegation.contact_name),
                ("contact_institution", _("Institution"), delegation.contact_institution),
                ("given_name", _("Given name as entered"), member.given_name),
                ("family_name", _("Family name as entered"), member.family_name),
                ("patronymic", _("Patronymic as entered"), member.patronymic),
                ("email", _("Email address as entered"), member.email),
                ("institution", _("Institution as entered"), member.institution),
                ("outcome", _("Outcome"), member.get_outcome_display()),
                ("entered_at", _("Entered at"), member.created_at),
            )
        ],
    )
