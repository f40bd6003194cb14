"""Who serves which conference in which role: the one door to join a team, and the
questions every organiser's page asks before it shows anything.

    conferences_for(user, "registration.view_registration")  -> the conferences to show
    roles_of(user, conference)                                -> {"checkin_staff", ...}
    reads_personal_data(user)                                 -> needs a second factor

Superusers hold every role for every conference. Answers are worked out from one query per
user object and kept on it for the request (as Django's ModelBackend does)."""

from django.db import transaction
from django.utils.translation import gettext as _

from events.models import Conference
from teams.models import Team
from teams.roles import ROLES, roles_with

ALL = "all"
_CACHE = "_teams_grants_cache"


def _grants(user):
    """{role slug: ALL or a set of conference ids} for the teams ``user`` belongs to."""
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    grants = {}
    rows = Team.objects.filter(members=user).values_list("role", "all_conferences", "conferences")
    for role, all_conferences, conference_id in rows:
        if role not in ROLES:  # a role since removed from the table grants nothing
            continue
        if all_conferences:
            grants[role] = ALL
        elif conference_id is not None and grants.get(role) != ALL:
            grants.setdefault(role, set()).add(conference_id)
    setattr(user, _CACHE, grants)
    return grants


def forget(user):
    """Drops the answers kept on ``user`` (after its teams changed)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)
    for attribute in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        if hasattr(user, attribute):
            delattr(user, attribute)


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def _covers(scope, conference_id):
    return scope == ALL or conference_id in scope


def permissions_of(user, *, conference_id=None):
    """The rights ``user`` holds anywhere, or for one conference when ``conference_id`` is
    given (superusers are answered by Django before this is asked)."""
    if not _active(user):
        return set()
    rights = set()
    for role, scope in _grants(user).items():
        if conference_id is None or _covers(scope, conference_id):
            rights |= ROLES[role].permissions
    return rights


def conferences_for(user, permission):
    """The conferences ``user`` may act on with ``permission`` ("app_label.codename")."""
    if not _active(user):
        return Conference.objects.none()
    if user.is_superuser:
        return Conference.objects.all()
    ids = set()
    for role in roles_with(permission):
        scope = _grants(user).get(role)
        if scope == ALL:
            return Conference.objects.all()
        ids |= scope or set()
    return Conference.objects.filter(pk__in=sorted(ids))


def serves_all_conferences(user, permission):
    """Whether ``user`` holds ``permission`` for every conference, future ones included."""
    if not _active(user):
        return False
    return user.is_superuser or any(
        _grants(user).get(role) == ALL for role in roles_with(permission)
    )


def may(user, permission, conference):
    """Whether ``user`` may act on ``conference`` with ``permission``."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    conference_id = getattr(conference, "pk", conference)
    return any(
        _covers(_grants(user).get(role, set()), conference_id) for role in roles_with(permission)
    )


def roles_of(user, conference=None):
    """The slugs of the roles ``user`` holds: anywhere, or for ``conference``."""
    if not _active(user):
        return set()
    if user.is_superuser:
        return set(ROLES)
    if conference is None:
        return set(_grants(user))
    conference_id = getattr(conference, "pk", conference)
    return {role for role, scope in _grants(user).items() if _covers(scope, conference_id)}


def reads_personal_data(user):
    """Whether any role ``user`` holds sees people's data (then a second factor is due)."""
    return any(ROLES[role].reads_personal_data for role in roles_of(user))


def _team_name(role, conference):
    label = str(role.label)
    if conference is None:
        return _("%(role)s: all conferences") % {"role": label}
    return f"{label}: {conference.slug}"


@transaction.atomic
def add_member(*, user, role, conference=None):
    """Puts ``user`` in the team of ``role`` for ``conference`` (None: all conferences),
    making the team if there is none yet. Returns the team."""
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}; the roles are {sorted(ROLES)}.")
    teams = Team.objects.filter(role=role).order_by("pk")
    if conference is None:
        team = teams.filter(all_conferences=True).first()
    else:
        team = teams.filter(all_conferences=False, conferences=conference).first()
    if team is None:
        team, _created = Team.objects.get_or_create(
            name=_team_name(ROLES[role], conference),
            defaults={"role": role, "all_conferences": conference is None},
        )
        if team.role != role or team.all_conferences != (conference is None):
            raise ValueError(f"A team named {team.name!r} exists for something else.")
        if conference is not None:
            team.conferences.add(conference)
    team.members.add(user)
    forget(user)
    return team


@transaction.atomic
def remove_member(*, user, team):
    team.members.remove(user)
    forget(user)
