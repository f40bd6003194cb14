"""What attending tells privacy (privacy/registry.py, from AttendingConfig.ready): the
ticket, its check-ins and the online sessions joined, in a person's data download."""

from django.utils.translation import gettext as _

from attending.models import CheckIn, SessionJoin, Ticket
from privacy.registry import Section, record


def attendance_section(registration):
    ticket = Ticket.objects.filter(registration=registration).first()
    check_ins = list(CheckIn.objects.filter(ticket=ticket).order_by("at", "id")) if ticket else []
    joins = list(
        SessionJoin.objects.filter(registration=registration)
        .select_related("session", "option")
        .order_by("at", "id")
    )
    if ticket is None and not joins:
        return None
    records = []
    if ticket is not None:
        records.append(
            record(
                ("ticket_code", _("Ticket code"), ticket.display_code),
                ("ticket_made_at", _("Ticket made at"), ticket.created_at),
                title=_("Ticket"),
            )
        )
    records += [
        record(
            ("check_in_day", _("Day"), check_in.day),
            ("check_in_at", _("Checked in at"), check_in.at),
            ("desk", _("Desk"), check_in.desk),
            title=_("Check-in"),
        )
        for check_in in check_ins
    ]
    records += [
        record(
            ("session", _("Session"), join.session.title),
            ("joined_at", _("Joined at"), join.at),
            ("platform", _("Platform"), join.option.title if join.option else ""),
            title=_("Online session joined"),
        )
        for join in joins
    ]
    return Section(key="attendance", title=_("Your ticket and attendance"), records=records)
