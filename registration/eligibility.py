"""Who may attend in person: staff of member institutions (by the domain of their
confirmed email address) and guests with a valid invitation code."""

from django.db.models import F, Q
from django.utils import timezone

from registration.models import InvitationCode, MemberDomain, MemberInstitution


def candidate_domains(email):
    """The email's domain and each parent domain with at least one dot:
    ``a@cs.tpu.ru`` gives ``["cs.tpu.ru", "tpu.ru"]``."""
    domain = email.rpartition("@")[2].strip().lower().rstrip(".")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return []
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1) if labels[i]]


def member_institution_for(*, email, conference):
    """The active member institution whose domain the address belongs to and whose network
    takes part in the conference (or that lists no network), else None."""
    domains = candidate_domains(email)
    if not domains:
        return None
    organisers = conference.roles.values("organisation_id")
    match = (
        MemberDomain.objects.filter(domain__in=domains, institution__is_active=True)
        .filter(Q(institution__networks__isnull=True) | Q(institution__networks__in=organisers))
        .select_related("institution")
        .order_by("-domain")
        .first()
    )
    return match.institution if match else None


def find_invitation(*, conference, code, now=None):
    """The usable invitation code of this conference that matches `code`, else None."""
    code = (code or "").strip()
    if not code:
        return None
    return (
        InvitationCode.objects.usable(now).filter(conference=conference, code__iexact=code).first()
    )


def use_invitation(*, invitation, now=None):
    """Takes one use of the code; False when it ran out or expired meanwhile. A single
    conditional UPDATE, so two guests cannot both take the last use."""
    now = now or timezone.now()
    taken = (
        InvitationCode.objects.usable(now)
        .filter(pk=invitation.pk)
        .update(used_count=F("used_count") + 1)
    )
    return taken == 1


def ensure_member_institution(*, name, domains, country="", network_acronyms=()):
    """Creates the institution and domains if missing; never changes what organisers
    edited. Returns the institution."""
    from events.models import Organisation

    institution, created = MemberInstitution.objects.get_or_create(
        name=name, defaults={"country": country}
    )
    if created and network_acronyms:
        networks = Organisation.objects.filter(acronym__in=network_acronyms)
        institution.networks.add(*networks)
    for domain in domains:
        MemberDomain.objects.get_or_create(domain=domain, defaults={"institution": institution})
    return institution
