"""Tickets of confirmed in-person attendees and their check-ins at the door.

The rules (who may be checked in, once per day) live in ``attending/services.py``; the
models hold the data and what the database can enforce.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Conference, Session
from registration.models import Registration

# Upper-case letters and digits without the look-alikes (0/O, 1/I/L, U/V): easy to read out
# over a desk, and QR alphanumeric mode encodes them compactly.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 12  # 29**12, about 58 bits: not guessable at a desk or online


def new_ticket_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value):
    """What a person typed or a scanner read, as stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in str(value).upper() if ch.isalnum())


class Ticket(models.Model):
    """The check-in token of a registration: random and stored, unrelated to the manage link,
    so a photographed badge lets someone in at the door and nothing more."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="ticket"
    )
    code = models.CharField(
        _("ticket code"), max_length=20, unique=True, default=new_ticket_code, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")

    def __str__(self):
        return self.display_code

    @property
    def display_code(self):
        """The code in groups of four, as printed and mailed: ABCD-EFGH-JKMN."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))


class CheckInQuerySet(models.QuerySet):
    def counts_per_day(self, conference):
        """Arrivals per conference day, one query, one row per day."""
        return (
            self.filter(conference=conference)
            .values("day")
            .annotate(arrivals=models.Count("id"))
            .order_by("day")
        )


class CheckIn(models.Model):
    """One arrival of a ticket's holder on one conference day (in the conference's time zone)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="check_ins")
    # The ticket's conference, kept here so the counts per day read one table.
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    at = models.DateTimeField(_("checked in at"))
    desk = models.CharField(_("desk"), max_length=40)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        default_permissions = ["view"]
        permissions = [("check_in", _("Can check attendees in at the door"))]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "day"], name="one_check_in_per_ticket_per_day"
            )
        ]
        indexes = [models.Index(fields=["conference", "day"])]

    def __str__(self):
        return f"{self.ticket} {self.day}"


class SessionJoinQuerySet(models.QuerySet):
    def sessions_joined(self, registration):
        """How many different sessions a registration joined (for certificates)."""
        return self.filter(registration=registration).values("session").distinct().count()


class SessionJoin(models.Model):
    """One use of an online participant's personal join link: who joined which session, when.
    Written by the join redirect (``/join/<session>/<token>/``), read for certificates."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="session_joins"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("joined at"))

    objects = SessionJoinQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("session join")
        verbose_name_plural = _("session joins")
        default_permissions = ["view"]
        indexes = [models.Index(fields=["registration", "session"])]

    def __str__(self):
        return f"{self.registration_id} {self.session_id} {self.at:%Y-%m-%d %H:%M}"
