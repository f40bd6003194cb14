"""Visa requests of confirmed in-person attendees, the organisers' settings per conference,
and the log of who looked at passport data.

Passport data is encrypted at rest (django-fernet-encrypted-fields, keys from
settings.VISA_ENCRYPTION_KEYS): the database and its dumps hold only ciphertext; a value
the configured keys cannot read raises visas.fields.UnreadableVisaData. The rules
(who may ask, until when, how a request moves from one status to the next) live in
``visas/services.py``; the models hold the data and what the database can enforce.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from conference_site.storage import private_storage as conference_private_storage
from events.models import Conference
from registration.models import Registration
from visas.fields import EncryptedCharField, EncryptedDateField

DEFAULT_PURGE_DAYS = 30


def private_storage():
    """Invitations live in the site's private storage (conference_site.storage), under
    invitations/: outside MEDIA_ROOT, with no URL of their own."""
    return conference_private_storage


class VisaSettings(models.Model):
    """What organisers decide per conference: until when requests are taken, whom to write
    to afterwards, and how long after the conference the data is kept."""

    conference = models.OneToOneField(
        Conference,
        on_delete=models.CASCADE,
        related_name="visa_settings",
        verbose_name=_("conference"),
    )
    deadline = models.DateTimeField(
        _("deadline for visa requests"),
        null=True,
        blank=True,
        help_text=_("Official invitations take weeks. Empty: requests are taken until the start."),
    )
    contact_email = models.EmailField(
        _("visa contact email"),
        blank=True,
        help_text=_("Whom attendees write to after the deadline (else the conference's)."),
    )
    purge_after_days = models.PositiveSmallIntegerField(
        _("delete visa data this many days after the conference"),
        default=DEFAULT_PURGE_DAYS,
    )

    class Meta:
        ordering = ["conference__starts_at"]
        verbose_name = _("visa settings")
        verbose_name_plural = _("visa settings")

    def __str__(self):
        return str(self.conference)


class VisaRequestQuerySet(models.QuerySet):
    def for_conference(self, conference):
        return self.filter(registration__conference=conference)

    def counts_by_status(self, conference):
        """{status: number of requests} for one conference, every status present, one query."""
        rows = (
            self.for_conference(conference)
            .values("status")
            .annotate(n=Count("id"))
            .order_by("status")
        )
        counts = dict.fromkeys(VisaRequest.Status.values, 0)
        counts.update({row["status"]: row["n"] for row in rows})
        return counts


def invitation_path(instance, filename):
    # The name says nothing about the person; the request's id keeps files apart.
    return f"invitations/{instance.registration.conference_id}/{instance.pk}-invitation.pdf"


class VisaRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SUBMITTED = "submitted", _("Submitted to the authorities")
        ISSUED = "issued", _("Invitation issued")
        SENT = "sent", _("Invitation sent")
        REFUSED = "refused", _("Refused")

    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="visa_request",
        verbose_name=_("registration"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.REQUESTED,
        editable=False,
        db_index=True,
    )

    # As in the passport; encrypted at rest, emptied by the purge.
    given_names = EncryptedCharField(
        _("given names (as in the passport)"), max_length=100, null=True
    )
    surname = EncryptedCharField(_("surname (as in the passport)"), max_length=100, null=True)
    sex = EncryptedCharField(_("sex"), max_length=1, choices=Sex.choices, null=True)
    birth_date = EncryptedDateField(_("date of birth"), null=True)
    birth_place = EncryptedCharField(_("place of birth"), max_length=100, null=True)
    citizenship = CountryField(_("citizenship"), blank=True)
    passport_number = EncryptedCharField(_("passport number"), max_length=30, null=True)
    passport_issued_on = EncryptedDateField(_("passport issued on"), null=True)
    passport_expires_on = EncryptedDateField(_("passport valid until"), null=True)
    apply_city = EncryptedCharField(
        _("city where you apply for the visa"),
        max_length=100,
        null=True,
        help_text=_("The city of the embassy or consulate you will apply at."),
    )
    arrival = models.DateField(_("planned arrival"), null=True)
    departure = models.DateField(_("planned departure"), null=True)
    employer = EncryptedCharField(_("employer"), max_length=200, null=True)
    position = EncryptedCharField(_("position"), max_length=200, null=True)

    invitation = models.FileField(
        _("official invitation (PDF)"),
        storage=private_storage,
        upload_to=invitation_path,
        blank=True,
        editable=False,
    )

    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    issued_at = models.DateTimeField(_("invitation issued at"), null=True, editable=False)
    sent_at = models.DateTimeField(_("invitation sent at"), null=True, editable=False)
    refused_at = models.DateTimeField(_("refused at"), null=True, editable=False)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("status changed by"),
    )
    purged_at = models.DateTimeField(_("passport data deleted at"), null=True, editable=False)

    objects = VisaRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("visa request")
        verbose_name_plural = _("visa requests")
        permissions = [
            ("view_passport_data", _("Can see passport data of visa requests")),
            ("export_visarequest", _("Can export visa requests")),
            ("change_visa_status", _("Can change the status of visa requests")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["requested", "submitted", "issued", "sent", "refused"]),
                name="visa_request_status_known",
            ),
            models.CheckConstraint(
                condition=Q(arrival__isnull=True)
                | Q(departure__isnull=True)
                | Q(departure__gte=models.F("arrival")),
                name="visa_departure_not_before_arrival",
                violation_error_message=_("Departure cannot be before arrival."),
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="visa_refusal_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.registration.full_name} ({self.get_status_display()})"

    def clean(self):
        super().clean()
        if self.arrival and self.departure and self.departure < self.arrival:
            raise ValidationError({"departure": _("Departure cannot be before arrival.")})

    @property
    def is_editable_status(self):
        return self.status == self.Status.REQUESTED

    @property
    def has_invitation(self):
        return bool(self.invitation) and self.status in (self.Status.ISSUED, self.Status.SENT)


class VisaAuditEntry(models.Model):
    """One look at passport data or one export: who, when, what, which requests (detail: the
    HTTP method of a read). Written by visas/services.py record_access, never changed. A
    read through the attendee's manage link has no user: whoever holds the link."""

    class Action(models.TextChoices):
        LISTED = "listed", _("Listed requests")
        VIEWED = "viewed", _("Viewed a request")
        EXPORTED_CSV = "exported_csv", _("Exported as CSV")
        EXPORTED_XLSX = "exported_xlsx", _("Exported as XLSX")
        DOWNLOADED_INVITATION = "downloaded_invitation", _("Downloaded an invitation")
        CHANGED_STATUS = "changed_status", _("Changed the status")
        ATTENDEE_VIEWED = "attendee_viewed", _("Viewed by the attendee (manage link)")
        ATTENDEE_DOWNLOADED_INVITATION = (
            "attendee_downloaded_invitation",
            _("Invitation downloaded by the attendee (manage link)"),
        )

    at = models.DateTimeField(_("when"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept when the account is deleted.
    username = models.CharField(_("username"), max_length=150)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    request_ids = models.JSONField(_("requests"), default=list)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("visa audit entry")
        verbose_name_plural = _("visa audit log")
        default_permissions = ["view"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"
