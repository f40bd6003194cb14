"""What documents tells privacy (privacy/registry.py, from DocumentsConfig.ready): the
verification codes of the person's documents, the badge role and the organisers' decision
on the certificate, in a person's data download."""

from django.utils.translation import gettext as _

from documents.models import Badge, CertificateDecision, VerificationCode
from privacy.registry import Section, record


def documents_section(registration):
    codes = list(VerificationCode.objects.filter(registration=registration).order_by("kind"))
    badge = Badge.objects.filter(registration=registration).first()
    decision = CertificateDecision.objects.filter(registration=registration).first()
    records = [
        record(
            ("document", _("Document"), code.get_kind_display()),
            ("verification_code", _("Verification code"), code.display_code),
            ("made_at", _("Made at"), code.created_at),
        )
        for code in codes
    ]
    if badge is not None:
        records.append(record(("badge_role", _("Role on your badge"), badge.get_role_display())))
    if decision is not None:
        records.append(
            record(
                (
                    "certificate_decision",
                    _("Organisers' decision on your certificate"),
                    decision.get_decision_display(),
                ),
                ("reason", _("Reason"), decision.reason),
                ("decided_at", _("Decided at"), decision.decided_at),
            )
        )
    if not records:
        return None
    return Section(key="documents", title=_("Your documents"), records=records)
