"""Joining sessions online: who may join which session when, through a personal link.

A confirmed participant's join links are ``/join/<session>/<token>/[<option>/]``, where the
token is their :class:`~attending.models.JoinPass` (random, stored, revocable; not the
manage token, not the ticket code). Following one records a
:class:`~attending.models.SessionJoin` and leads to the platform's URL, which appears
nowhere else: not on public pages, the programme, feeds or the sitemap.

Who sees and may use join links:

- confirmed online participants: every online and hybrid session;
- confirmed in-person attendees: online-only sessions (nothing happens in the hall); a
  hybrid session they attend in the hall.

When: from :data:`OPENS_BEFORE` before the start until :data:`CLOSES_AFTER` after the
end. Earlier, the link says when it opens; later, that the session is over (its recording
and slides are on the manage page).

``join`` and ``revoke`` lock the pass's row, so a join and a revocation at the same
moment take turns: the join either happened before the revocation or is refused. Two
clicks at once are both recorded (joins are a log).

The manage page's "Join online" panel is built in attending/join_panel.py.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from attending.models import JoinPass, SessionJoin, SessionMaterial
from events.models import Session
from events.regions import region_of_country
from registration.models import Registration

OPENS_BEFORE = dt.timedelta(minutes=30)
CLOSES_AFTER = dt.timedelta(hours=1)

ONLINE_FORMATS = (Session.Format.ONLINE, Session.Format.HYBRID)


# --- Who may join what ------------------------------------------------------------------


def joinable_formats(registration):
    """The session formats a registration gets join links for (none if not confirmed)."""
    if registration.status != Registration.Status.CONFIRMED or registration.erased_at:
        return ()
    if registration.is_in_person:
        return (Session.Format.ONLINE,)
    return ONLINE_FORMATS


def sees_materials(registration):
    """Recordings and slides are for every confirmed participant, online or in person."""
    return registration.status == Registration.Status.CONFIRMED and not registration.erased_at


def opens_at(session):
    return session.starts_at - OPENS_BEFORE


def closes_at(session):
    return session.ends_at + CLOSES_AFTER


# --- Personal passes --------------------------------------------------------------------


def pass_for(registration):
    """The registration's active join pass, issued now if it has none. Two requests at
    once agree on one (the conditional unique constraint)."""
    active = JoinPass.objects.active().filter(registration=registration).first()
    if active is not None:
        return active
    try:
        with transaction.atomic():
            return JoinPass.objects.create(registration=registration)
    except IntegrityError:  # issued at the same moment by another request
        return JoinPass.objects.active().get(registration=registration)


def split_token(token):
    """(public id, secret) of a token as it appears in a link, or None if malformed."""
    if not isinstance(token, str) or not 40 <= len(token) <= 32 + 64:
        return None
    try:
        public_id = uuid.UUID(hex=token[:32])
    except ValueError:
        return None
    return public_id, token[32:]


def _locked_pass(token):
    """The pass a token names, locked for this transaction, or None. The secret is
    compared in constant time."""
    parts = split_token(token)
    if parts is None:
        return None
    public_id, secret = parts
    join_pass = (
        JoinPass.objects.select_for_update(of=("self",))
        .select_related("registration__conference")
        .filter(public_id=public_id)
        .first()
    )
    if join_pass is None or not constant_time_compare(join_pass.secret, secret):
        return None
    return join_pass


@dataclass(frozen=True)
class Revoked:
    revoked: JoinPass | None
    issued: JoinPass | None


def revoke(*, registration, by=None, reissue=True, now=None):
    """Revokes the registration's join link (its old links then say so) and, unless told
    otherwise, issues a new one at once. Without an active link, only issues one."""
    with transaction.atomic():
        # The registration's row orders revocations of one registration among themselves.
        # NO KEY: a join holding the pass's row inserts a SessionJoin, whose foreign key
        # takes a KEY SHARE lock on this row; FOR UPDATE would wait for it while the join
        # waits for the pass: a deadlock.
        Registration.objects.select_for_update(no_key=True).filter(pk=registration.pk).first()
        active = (
            JoinPass.objects.select_for_update().active().filter(registration=registration).first()
        )
        now = now or timezone.now()  # after the locks: a join that went first is earlier
        if active is not None:
            active.revoked_at = now
            active.revoked_by = by
            active.save(update_fields=["revoked_at", "revoked_by"])
        issued = JoinPass.objects.create(registration=registration) if reissue else None
    return Revoked(revoked=active, issued=issued)


def joinable_session_ids(registration, session_ids=None):
    """The ids of the sessions this registration may join (of `session_ids`, if given):
    scheduled ones of a format it joins, with at least one join option, of a conference
    not cancelled. One query."""
    formats = joinable_formats(registration)
    if not formats or registration.conference.is_cancelled:
        return []
    sessions = Session.objects.filter(
        conference_id=registration.conference_id,
        status=Session.Status.SCHEDULED,
        format__in=formats,
        join_options__isnull=False,
    )
    if session_ids is not None:
        sessions = sessions.filter(pk__in=list(session_ids))
    return list(sessions.distinct().order_by("pk").values_list("pk", flat=True))


def join_links(registration, session_ids=None):
    """registration.extensions: {session_id: path of the personal join link} of the
    sessions the registration may join (the sessions the join panel offers; of
    `session_ids`, if given), in the active language. Two queries (three when its pass is
    issued now); one if it may join none of them."""
    joinable = joinable_session_ids(registration, session_ids)
    if not joinable:
        return {}
    token = pass_for(registration).token
    return {
        session_id: reverse("attending:join", kwargs={"session_id": session_id, "token": token})
        for session_id in joinable
    }


def passes_for(registrations):
    """{registration id: active join pass} for many registrations, issuing the missing
    ones: one query when all have one, three otherwise, however many they are (the mail
    engine asks for a batch of 200). A pass issued at the same moment by another request
    wins (the conditional unique constraint), and is the one returned."""
    ids = [registration.pk for registration in registrations]
    active = JoinPass.objects.active()
    found = {p.registration_id: p for p in active.filter(registration_id__in=ids)}
    missing = [registration_id for registration_id in ids if registration_id not in found]
    if missing:
        JoinPass.objects.bulk_create(
            [JoinPass(registration_id=registration_id) for registration_id in missing],
            ignore_conflicts=True,
        )
        found.update((p.registration_id, p) for p in active.filter(registration_id__in=missing))
    return found


def join_links_many(registrations, session_ids=None):
    """`join_links` for many registrations of one conference at once: {registration id:
    {session_id: path}} in the active language, in at most four queries whatever their
    number (the sessions once, then `passes_for`). The same rules: see
    `joinable_session_ids`. A registration whose pass could not be issued is left out (the
    caller asks `join_links` for it alone, which says why)."""
    registrations = list(registrations)
    if not registrations:
        return {}
    conference = registrations[0].conference
    if any(r.conference_id != conference.pk for r in registrations):
        raise ValueError("join_links_many takes registrations of one conference")
    links = {registration.pk: {} for registration in registrations}
    if conference.is_cancelled:
        return links
    sessions = Session.objects.filter(
        conference_id=conference.pk,
        status=Session.Status.SCHEDULED,
        format__in=ONLINE_FORMATS,
        join_options__isnull=False,
    )
    if session_ids is not None:
        sessions = sessions.filter(pk__in=list(session_ids))
    formats = dict(sessions.distinct().order_by("pk").values_list("pk", "format"))
    joinable = {
        registration.pk: [pk for pk, format in formats.items() if format in allowed]
        for registration in registrations
        if (allowed := joinable_formats(registration))
    }
    joinable = {pk: sessions for pk, sessions in joinable.items() if sessions}
    if not joinable:
        return links
    passes = passes_for([r for r in registrations if r.pk in joinable])
    # One reverse per session; each registration's token put in its place.
    placeholder = "0" * 32 + "placeholder"
    paths = {
        session_id: reverse(
            "attending:join", kwargs={"session_id": session_id, "token": placeholder}
        )
        for session_id in formats
    }
    for registration_id, session_list in joinable.items():
        if registration_id not in passes:  # none could be issued here: not answered for
            del links[registration_id]
            continue
        token = passes[registration_id].token
        links[registration_id] = {
            session_id: paths[session_id].replace(placeholder, token) for session_id in session_list
        }
    return links


# --- Following a link -------------------------------------------------------------------


class JoinRefused(Exception):
    """Why a join link leads nowhere: an HTTP status, a heading and a message saying why
    (and what to do instead)."""

    def __init__(self, status, title, message, *, registration=None, unknown=False):
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message
        self.registration = registration
        # No such link: a guess, as far as the rate limit is concerned (join_views).
        self.unknown = unknown


def _unknown():
    return JoinRefused(
        404,
        _("Unknown join link"),
        _(
            "This join link is not known. Please use the links on your registration page; "
            "they are personal to you."
        ),
        unknown=True,
    )


def check_session(registration, session, now):
    """Raises JoinRefused unless the registration may join the session now."""
    conference = registration.conference
    if registration.status != Registration.Status.CONFIRMED or registration.erased_at:
        raise JoinRefused(
            403,
            _("Not a confirmed registration"),
            _(
                "Join links work for confirmed participants only, and this registration is "
                "“%(status)s”."
            )
            % {"status": registration.get_status_display()},
            registration=registration,
        )
    if session.status == Session.Status.CANCELLED or conference.is_cancelled:
        raise JoinRefused(
            410,
            _("Session cancelled"),
            _("“%(title)s” is cancelled.") % {"title": session.title},
            registration=registration,
        )
    if session.format not in ONLINE_FORMATS:
        raise JoinRefused(
            404,
            _("Not an online session"),
            _("“%(title)s” takes place in the hall only: it cannot be joined online.")
            % {"title": session.title},
            registration=registration,
        )
    if session.format not in joinable_formats(registration):
        raise JoinRefused(
            403,
            _("You take part in person"),
            _(
                "“%(title)s” is in the hall, where you take part in person. Online "
                "participants join it with their own links."
            )
            % {"title": session.title},
            registration=registration,
        )
    zone = conference.zone
    if now < opens_at(session):
        raise JoinRefused(
            403,
            _("Not open yet"),
            _(
                "“%(title)s” starts at %(start)s (%(zone)s). Its join link opens %(minutes)s "
                "minutes before, at %(opens)s."
            )
            % {
                "title": session.title,
                "start": timezone.localtime(session.starts_at, zone).strftime("%Y-%m-%d %H:%M"),
                "zone": conference.time_zone,
                "minutes": int(OPENS_BEFORE.total_seconds() // 60),
                "opens": timezone.localtime(opens_at(session), zone).strftime("%H:%M"),
            },
            registration=registration,
        )
    if now > closes_at(session):
        raise JoinRefused(
            410,
            _("Session over"),
            _(
                "“%(title)s” ended at %(end)s (%(zone)s). Its recording and slides, once "
                "the organisers add them, are on your registration page."
            )
            % {
                "title": session.title,
                "end": timezone.localtime(session.ends_at, zone).strftime("%Y-%m-%d %H:%M"),
                "zone": conference.time_zone,
            },
            registration=registration,
        )


def join(*, token, session_id, option_id=None, now=None):
    """Records that the token's registration joined the session (through the given option,
    else the first one for their region, else the first one) and returns the SessionJoin;
    its option's URL is where to send them. Raises JoinRefused saying why not."""
    with transaction.atomic():
        join_pass = _locked_pass(token)
        now = now or timezone.now()  # after the lock: a revocation that went first is earlier
        if join_pass is None:
            raise _unknown()
        registration = join_pass.registration
        if join_pass.is_revoked:
            raise JoinRefused(
                410,
                _("Join link revoked"),
                _(
                    "The organisers revoked this join link. Your current links are on your "
                    "registration page; if you have questions, write to %(email)s."
                )
                % {"email": registration.conference.contact_email},
                registration=registration,
            )
        session = (
            Session.objects.select_related("conference")
            .filter(pk=session_id, conference=registration.conference)
            .first()
        )
        if session is None:
            raise _unknown()
        check_session(registration, session, now)
        options = list(session.join_options.all())
        if option_id is not None:
            chosen = next((option for option in options if option.pk == option_id), None)
            if chosen is None:
                raise _unknown()
        else:
            region = region_of_country(registration.country)
            chosen = next((o for o in options if o.is_for(region)), options[0] if options else None)
        if chosen is None:
            raise JoinRefused(
                404,
                _("No join option yet"),
                _(
                    "The organisers have not added a way to join “%(title)s” yet. Please try "
                    "again closer to the start."
                )
                % {"title": session.title},
                registration=registration,
            )
        return SessionJoin.objects.create(
            registration=registration, session=session, option=chosen, at=now
        )


def slides_for(*, token, session_id):
    """The SessionMaterial whose uploaded slides the token's registration may download,
    or raises JoinRefused. Recordings and slides stay available after the session."""
    with transaction.atomic():
        join_pass = _locked_pass(token)
        if join_pass is None or join_pass.is_revoked:
            raise _unknown()
        registration = join_pass.registration
        if not sees_materials(registration):
            raise JoinRefused(
                403,
                _("Not a confirmed registration"),
                _("Slides are for confirmed participants only."),
                registration=registration,
            )
        material = (
            SessionMaterial.objects.select_related("session")
            .filter(session_id=session_id, session__conference=registration.conference)
            .exclude(slides_file="")
            .first()
        )
        if material is None:
            raise JoinRefused(404, *missing_slides_message())
        return material


def missing_slides_message():
    return _("No slides"), _("This session has no slides to download.")
