"""A person's registration for a conference: who, how they attend, and the status the rules move it
through (registration/services/).
"""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.models import Conference
from outbox.addresses import normalise_address
from registration import names
from registration.models.invitations import InvitationCode, MemberInstitution
from registration.models.links import SecretLink, _new_token_salt


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def holding_place(self, mode):
        """Registrations that take a place in `mode` (counted against its capacity)."""
        return self.filter(attendance_mode=mode, status=Registration.Status.CONFIRMED)

    def listed_publicly(self):
        """Confirmed people who opted in to the public participant list."""
        return self.filter(
            status=Registration.Status.CONFIRMED, list_publicly=True, erased_at__isnull=True
        )

    def waiting(self, mode):
        """Who gets the next free place in `mode`, in order. For in person this includes
        confirmed online attendees who asked for a seat (they keep their online place
        meanwhile)."""
        waiting = Q(attendance_mode=mode, status=Registration.Status.WAITING_LIST)
        if mode == Registration.AttendanceMode.IN_PERSON:
            waiting |= Q(
                attendance_mode=Registration.AttendanceMode.ONLINE,
                status=Registration.Status.CONFIRMED,
                seat_request=Registration.SeatRequest.WAITING_LIST,
            )
        return self.filter(waiting).order_by("waiting_since", "id")

    def place_counts(self, conference):
        """Confirmed registrations per mode for one conference, in one query."""
        return self.filter(conference=conference).aggregate(
            in_person=Count(
                "id",
                filter=Q(
                    attendance_mode=Registration.AttendanceMode.IN_PERSON,
                    status=Registration.Status.CONFIRMED,
                ),
            ),
            online=Count(
                "id",
                filter=Q(
                    attendance_mode=Registration.AttendanceMode.ONLINE,
                    status=Registration.Status.CONFIRMED,
                ),
            ),
        )

    def get_by_token(self, token):
        """The registration a secret manage link belongs to, or None. Never raises."""
        if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
            return None
        registration = (
            self.select_related("conference").filter(public_id=uuid.UUID(token[:32])).first()
        )
        if registration is None or not registration.token_matches(token):
            return None
        return registration

    def get_by_feed_token(self, token):
        """The registration a calendar feed link belongs to, or None. Never raises. A
        manage link is not a feed link (another purpose, another salt)."""
        if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
            return None
        registration = (
            self.select_related("conference").filter(public_id=uuid.UUID(token[:32])).first()
        )
        if registration is None or not registration.feed_token_matches(token):
            return None
        return registration


NAME_PARTS = ("given_name", "family_name", "patronymic")
TOKEN_RE = re.compile(r"[0-9a-f]{32}[0-9a-f]{64}")


class Registration(SecretLink, models.Model):
    class AttendanceMode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        PENDING_EMAIL = "pending_email", _("Awaiting email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING_LIST = "waiting_list", _("On the waiting list")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the organisers’ decision")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    class SeatRequest(models.TextChoices):
        """A confirmed online attendee's request for an in-person seat, which never costs
        them the online place."""

        NONE = "", _("None")
        WAITING_LIST = "waiting_list", _("On the in-person waiting list")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the organisers’ decision")

    class EligibilityRoute(models.TextChoices):
        NONE = "none", _("Not established")
        MEMBER_DOMAIN = "member_domain", _("Member institution email")
        INVITATION = "invitation", _("Invitation code")
        MANUAL = "manual", _("Approved by organisers")

    ACTIVE_STATUSES = [
        Status.PENDING_EMAIL,
        Status.CONFIRMED,
        Status.WAITING_LIST,
        Status.AWAITING_APPROVAL,
    ]

    conference = models.ForeignKey(
        Conference,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("conference"),
    )
    attendance_mode = models.CharField(
        max_length=20,
        choices=AttendanceMode.choices,
        default=AttendanceMode.ONLINE,
        verbose_name=_("attendance mode"),
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING_EMAIL,
        db_index=True,
        verbose_name=_("status"),
    )
    seat_request = models.CharField(
        _("in-person seat requested"),
        max_length=20,
        choices=SeatRequest.choices,
        default=SeatRequest.NONE,
        blank=True,
        editable=False,
        help_text=_("A confirmed online attendee who asked for a seat keeps the online place."),
    )

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    # Optional, as people write their own (Иванович); the way names are written and
    # addressed is registration/names.py.
    patronymic = models.CharField(_("patronymic (if any)"), max_length=100, blank=True)
    email = models.EmailField(max_length=254, verbose_name=_("email"))
    pending_email = models.EmailField(
        _("new email address, awaiting confirmation"),
        max_length=254,
        blank=True,
        editable=False,
        help_text=_("Mails keep going to the address above until the new one is confirmed."),
    )
    institution = models.CharField(max_length=200, verbose_name=_("institution"))
    position = models.CharField(max_length=200, blank=True, verbose_name=_("position"))
    country = CountryField(verbose_name=_("country"))
    accessibility_needs = models.TextField(
        max_length=1000, blank=True, verbose_name=_("accessibility needs")
    )
    dietary_needs = models.TextField(max_length=1000, blank=True, verbose_name=_("dietary needs"))
    visa_letter_wanted = models.BooleanField(_("visa support letter wanted"), default=False)
    privacy_consent_at = models.DateTimeField(verbose_name=_("privacy consent given at"))
    list_publicly = models.BooleanField(_("appear on the public participant list"), default=False)
    # Every email, the manage page's links and the personal calendar feed speak it. Set
    # from the page the person registered on; they change it on their manage page
    # (services.change_language), the only door.
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        editable=False,
        help_text=_("The language of this person's emails and calendar."),
    )

    eligibility_route = models.CharField(
        max_length=20,
        choices=EligibilityRoute.choices,
        default=EligibilityRoute.NONE,
        verbose_name=_("eligibility route"),
    )
    member_institution = models.ForeignKey(
        MemberInstitution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        help_text=_("The member institution the confirmed email address belongs to."),
        verbose_name=_("member institution"),
    )
    invitation = models.ForeignKey(
        InvitationCode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("invitation code"),
    )
    invitation_used = models.BooleanField(
        default=False, editable=False, verbose_name=_("invitation code used")
    )

    # The secret manage link is derived from these with the SECRET_KEY (see manage_token):
    # the database never holds a usable link, and changing the salt revokes it.
    public_id = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public id")
    )
    token_salt = models.CharField(
        max_length=32, default=_new_token_salt, editable=False, verbose_name=_("link salt")
    )
    # The calendar feed has a link of its own (read-only, see feed_token): the person
    # resets it on the manage page without losing the manage link, and the other way round.
    feed_token_salt = models.CharField(
        max_length=32,
        default=_new_token_salt,
        editable=False,
        verbose_name=_("calendar feed link salt"),
    )

    email_confirmed_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("email confirmed at")
    )
    waiting_since = models.DateTimeField(null=True, blank=True, verbose_name=_("waiting since"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    erased_at = models.DateTimeField(null=True, blank=True, verbose_name=_("erased at"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at", "-id"]
        # Beyond the built-in ones: a desk helper who may correct a typo ("change") does not
        # thereby decide who gets a seat, or take everyone's data home.
        permissions = [
            ("decide_registration", "Can approve, decline and promote registrations"),
            ("export_registration", "Can export registrations with personal data"),
            ("anonymise_registration", "Can anonymise registrations"),
            # Staff see what the attendee's manage page shows without its secret link, on
            # the record (admin: "Open the attendee's page").
            ("open_attendee_page", "Can open an attendee's page, on the record"),
        ]
        constraints = [
            # Django validates this in ModelForm.full_clean (admin) with the message below;
            # the public form relies on the service catching the IntegrityError instead, so
            # that the answer never tells a visitor whether an address is registered.
            # On the stored address, which is always in its one form (normalise_address:
            # NFKC, no invisible characters, IDNA domain, lower case).
            models.UniqueConstraint(
                fields=["email", "conference"],
                condition=Q(
                    status__in=[
                        "pending_email",
                        "confirmed",
                        "waiting_list",
                        "awaiting_approval",
                    ]
                ),
                name="one_active_registration_per_email",
                violation_error_message=_(
                    "This email address already has an active registration for this conference."
                ),
            ),
            # A path that forgets normalise_address fails here instead of letting "Anna@" and
            # "anna@" hold two places.
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="registration_email_in_lower_case",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "pending_email",
                        "confirmed",
                        "waiting_list",
                        "awaiting_approval",
                        "declined",
                        "cancelled",
                    ]
                ),
                name="registration_status_known",
            ),
            models.CheckConstraint(
                condition=Q(attendance_mode__in=["in_person", "online"]),
                name="registration_mode_known",
            ),
            # Only a confirmed online place can wait for a seat while it is kept.
            models.CheckConstraint(
                condition=Q(seat_request="")
                | Q(
                    seat_request__in=["waiting_list", "awaiting_approval"],
                    status="confirmed",
                    attendance_mode="online",
                ),
                name="seat_request_only_with_an_online_place",
            ),
        ]
        indexes = [models.Index(fields=["conference", "attendance_mode", "status"])]

    def __str__(self):
        # The name only: a registration's text shows in places (the admin's checkboxes,
        # its log, the pages of roles that may not see the address) that need no more.
        return self.full_name

    def get_attendance_mode_display(self):
        """'In person in <the conference's city>' or 'Online', in the active language."""
        if self.attendance_mode == self.AttendanceMode.IN_PERSON:
            return self.conference.in_person_label
        return str(self.AttendanceMode(self.attendance_mode).label)

    # No get_absolute_url: the person's page is reached by a secret link (registration/links.py).

    @property
    def mail_language(self):
        """The language its emails, links and calendar speak: the one it was made in, or
        the site's default if the site no longer offers that one."""
        known = {code for code, _name in settings.LANGUAGES}
        return self.language if self.language in known else settings.LANGUAGE_CODE

    def clean(self):
        """Mirrors the database rules for forms that edit a registration directly (the
        admin); the public form never shows this, see services.register."""
        super().clean()
        # Name parts in their one form; a required one that was only invisible characters
        # is as blank as an empty one.
        emptied = {}
        for part in NAME_PARTS:
            typed = getattr(self, part)
            setattr(self, part, names.clean_name(typed))
            if typed and not getattr(self, part) and part != "patronymic":
                emptied[part] = ValidationError(
                    self._meta.get_field(part).error_messages["blank"], "blank"
                )
        if emptied:
            raise ValidationError(emptied)
        if self.email:
            try:
                self.email = normalise_address(self.email)
            except ValidationError as error:
                raise ValidationError({"email": error.messages}) from None
        if self.email and self.conference_id and self.status in self.ACTIVE_STATUSES:
            clash = (
                Registration.objects.active()
                .filter(conference_id=self.conference_id, email=self.email)
                .exclude(pk=self.pk)
            )
            if clash.exists():
                raise ValidationError(
                    {
                        "email": _(
                            "This email address already has an active registration for "
                            "this conference."
                        )
                    }
                )
        if self.seat_request and not (
            self.status == self.Status.CONFIRMED
            and self.attendance_mode == self.AttendanceMode.ONLINE
        ):
            raise ValidationError(
                _("Only a confirmed online attendee can wait for an in-person seat.")
            )
        if self.attendance_mode == self.AttendanceMode.ONLINE and self.visa_letter_wanted:
            raise ValidationError(
                {"visa_letter_wanted": _("A visa letter is only for in-person attendance.")}
            )

    @property
    def full_name(self):
        """The name as the active language writes it (registration/names.py)."""
        return names.display_name(self)

    def display_name(self, language=None):
        return names.display_name(self, language)

    def salutation_name(self, language=None):
        return names.salutation_name(self, language)

    @property
    def sort_key(self):
        return names.sort_key(self)

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_in_person(self):
        return self.attendance_mode == self.AttendanceMode.IN_PERSON

    @property
    def email_domain(self):
        return self.email.rpartition("@")[2].lower()

    # --- the secret manage link (SecretLink) ----------------------------------------
    link_purpose = "registration.manage-link"

    @property
    def manage_token(self):
        return self.secret_token

    def revoke_token(self):
        """A new manage link; the old one stops working. The feed link stays."""
        self.token_salt = _new_token_salt()

    # --- the calendar feed's own link: read-only, revocable on its own -------------------
    feed_purpose = "registration.calendar-feed"

    @property
    def feed_token(self):
        return self._link_token(purpose=self.feed_purpose, salt=self.feed_token_salt)

    def feed_token_matches(self, token):
        return self._link_matches(token, purpose=self.feed_purpose, salt=self.feed_token_salt)

    def reset_feed_token(self):
        """A new feed link; the old one stops working. The manage link stays."""
        self.feed_token_salt = _new_token_salt()
