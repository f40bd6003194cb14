"""Attendees of a conference, the institutions whose staff may attend in person, and the
invitation codes organisers hand to selected guests.

The rules that move a registration from one status to another live in
``registration/services.py``; the models hold the data and what the database can enforce.
"""

import re
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.models import Conference, Organisation
from outbox.addresses import normalise_address

domain_validator = RegexValidator(
    r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$",
    _("Enter a domain such as tpu.ru: lower case, no “@”, at least one dot."),
)


def _new_token_salt():
    return secrets.token_hex(16)


class SecretLink:
    """A secret link of a row: its public id (32 hex digits) and an HMAC of that id and a
    salt of the row (64 hex digits). Changing the salt revokes the link; a link signed with
    a key in SECRET_KEY_FALLBACKS still opens during a key rotation. For models with
    `public_id`, `token_salt` and a `link_purpose` of their own (a registration's
    manage link, a delegation's page link), so one link never opens another kind of page.
    A row with a second link (a registration's calendar feed) signs it with another
    purpose and another salt field: `_link_token(purpose, salt)`.

    A secret link is a password: it is never a model's get_absolute_url (the admin's "view
    on site" would hand it to any staff account), never on an admin page, never logged.
    Each app builds its links in its `links` module (registration/links.py)."""

    link_purpose = ""

    def _signature(self, secret=None, *, purpose=None, salt=None):
        return salted_hmac(
            purpose or self.link_purpose,
            f"{self.public_id.hex}:{self.token_salt if salt is None else salt}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def _link_token(self, *, purpose=None, salt=None):
        return f"{self.public_id.hex}{self._signature(purpose=purpose, salt=salt)}"

    def _link_matches(self, token, *, purpose=None, salt=None):
        given = token[32:]
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
            if constant_time_compare(given, self._signature(secret, purpose=purpose, salt=salt)):
                return True
        return False

    @property
    def secret_token(self):
        return self._link_token()

    def token_matches(self, token):
        """Constant-time check, also against SECRET_KEY_FALLBACKS during a key rotation."""
        return self._link_matches(token)


class MemberInstitution(models.Model):
    """A university whose staff and students may attend in person, recognised by the
    domains of their email addresses."""

    name = models.CharField(max_length=200, unique=True)
    country = CountryField(blank=True)
    networks = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="member_institutions",
        limit_choices_to={"kind": Organisation.Kind.NETWORK},
        help_text=_(
            "The networks it belongs to (e.g. ASRTU, CESAER). Its staff are eligible for "
            "conferences that one of these networks organises; with no network listed, "
            "for every conference."
        ),
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MemberDomain(models.Model):
    """An email domain of a member institution; sub-domains match too (cs.tpu.ru for tpu.ru)."""

    institution = models.ForeignKey(
        MemberInstitution, on_delete=models.CASCADE, related_name="domains"
    )
    domain = models.CharField(max_length=253, unique=True, validators=[domain_validator])

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower()
        super().save(*args, **kwargs)


class InvitationCodeQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(used_count__lt=F("max_uses")).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class InvitationCode(models.Model):
    """A code organisers give selected guests so they may attend in person."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="invitation_codes"
    )
    code = models.CharField(
        max_length=40,
        validators=[RegexValidator(r"^[A-Za-z0-9-]{6,40}$", _("6 to 40 letters, digits or -."))],
        help_text=_("What the guest types into the form; letters, digits and dashes."),
    )
    max_uses = models.PositiveIntegerField(default=1)
    used_count = models.PositiveIntegerField(default=0, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(
        max_length=200, blank=True, help_text=_("For organisers: who received it.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InvitationCodeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("code"),
                "conference",
                name="unique_invitation_code_per_conference",
                violation_error_message=_("This conference already has this code."),
            ),
            models.CheckConstraint(
                condition=Q(used_count__lte=F("max_uses")),
                name="invitation_code_within_max_uses",
            ),
        ]

    def __str__(self):
        return self.code

    def clean(self):
        super().clean()
        if self.max_uses is not None and self.max_uses < self.used_count:
            raise ValidationError(
                {
                    "max_uses": _(
                        "Already used %(count)d times: the limit cannot be lower than that."
                    )
                    % {"count": self.used_count}
                }
            )


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


TOKEN_RE = re.compile(r"[0-9a-f]{32}[0-9a-f]{64}")


class Registration(SecretLink, models.Model):
    class AttendanceMode(models.TextChoices):
        IN_PERSON = "in_person", _("In person in Tomsk")
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
        Conference, on_delete=models.PROTECT, related_name="registrations"
    )
    attendance_mode = models.CharField(
        max_length=20, choices=AttendanceMode.choices, default=AttendanceMode.ONLINE
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING_EMAIL, db_index=True
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
    email = models.EmailField(max_length=254)
    pending_email = models.EmailField(
        _("new email address, awaiting confirmation"),
        max_length=254,
        blank=True,
        editable=False,
        help_text=_("Mails keep going to the address above until the new one is confirmed."),
    )
    institution = models.CharField(max_length=200)
    position = models.CharField(max_length=200, blank=True)
    country = CountryField()
    accessibility_needs = models.TextField(max_length=1000, blank=True)
    dietary_needs = models.TextField(max_length=1000, blank=True)
    visa_letter_wanted = models.BooleanField(_("visa support letter wanted"), default=False)
    privacy_consent_at = models.DateTimeField()
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
        max_length=20, choices=EligibilityRoute.choices, default=EligibilityRoute.NONE
    )
    member_institution = models.ForeignKey(
        MemberInstitution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        help_text=_("The member institution the confirmed email address belongs to."),
    )
    invitation = models.ForeignKey(
        InvitationCode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
    )
    invitation_used = models.BooleanField(default=False, editable=False)

    # The secret manage link is derived from these with the SECRET_KEY (see manage_token):
    # the database never holds a usable link, and changing the salt revokes it.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token_salt = models.CharField(max_length=32, default=_new_token_salt, editable=False)
    # The calendar feed has a link of its own (read-only, see feed_token): the person
    # resets it on the manage page without losing the manage link, and the other way round.
    feed_token_salt = models.CharField(max_length=32, default=_new_token_salt, editable=False)

    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
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
        return f"{self.given_name} {self.family_name}".strip()

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


class AttendeeMailing(models.Model):
    """One email to every confirmed attendee of a conference, about the conference's dates or
    status or about chosen sessions. Organisers confirm it in the admin; a background task
    (registration/tasks.py) builds the mails and queues them in batches, recording how far it
    got, so the admin shows the progress and a resumed task never mails anyone twice."""

    class About(models.TextChoices):
        CONFERENCE = "conference", _("The conference's dates or status")
        SESSIONS = "sessions", _("Chosen sessions (moved or cancelled)")

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for the worker")
        QUEUEING = "queueing", _("Queueing the mails")
        DONE = "done", _("All mails queued")
        FAILED = "failed", _("Stopped by an error")

    conference = models.ForeignKey(
        Conference, on_delete=models.PROTECT, related_name="attendee_mailings"
    )
    about = models.CharField(max_length=20, choices=About.choices)
    sessions = models.ManyToManyField("events.Session", blank=True, related_name="+")
    note = models.TextField(
        _("note from the organisers"),
        max_length=2000,
        blank=True,
        help_text=_("Optional; added to every mail as it is typed here."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Posted by the confirmation page: the same confirmation posted twice is one mailing.
    key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.WAITING)
    recipient_total = models.PositiveIntegerField(_("recipients"), default=0)
    queued_count = models.PositiveIntegerField(_("mails queued"), default=0)
    # Recipients are mailed in the order of their id; everyone up to this one has a mail.
    last_registration_id = models.PositiveBigIntegerField(default=0, editable=False)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        default_permissions = ["view"]
        permissions = [("send_attendeemailing", _("Can email confirmed attendees"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(about__in=["conference", "sessions"]),
                name="attendee_mailing_about_known",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["waiting", "queueing", "done", "failed"]),
                name="attendee_mailing_state_known",
            ),
            models.CheckConstraint(
                condition=Q(queued_count__lte=F("recipient_total")),
                name="attendee_mailing_queued_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.conference}: {self.get_about_display()}"

    @property
    def is_finished(self):
        return self.state in {self.State.DONE, self.State.FAILED}


class Question(models.Model):
    """A question organisers add to a conference's registration form (hotel wanted, arrival
    date, excursion...). Its text, help text and choices are written in each language
    (registration/translation.py). A question with answers is archived, never deleted:
    answers keep what was asked (Answer.question_text, AnswerChoice.label)."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        ONE_CHOICE = "one_choice", _("One choice")
        SEVERAL_CHOICES = "several_choices", _("Several choices")
        YES_NO = "yes_no", _("Yes or no")
        DATE = "date", _("Date")

    class AskedOf(models.TextChoices):
        EVERYONE = "everyone", _("Everyone (in person and online)")
        IN_PERSON = "in_person", _("In-person attendees only")
        ONLINE = "online", _("Online attendees only")

    CHOICE_KINDS = [Kind.ONE_CHOICE, Kind.SEVERAL_CHOICES]

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=20, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=False)
    asked_of = models.CharField(
        _("asked of"), max_length=20, choices=AskedOf.choices, default=AskedOf.EVERYONE
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    archived = models.BooleanField(
        _("archived"),
        default=False,
        help_text=_(
            "No longer asked; the answers already given stay in the admin and the exports."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["conference", "order", "id"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "short_text",
                        "long_text",
                        "one_choice",
                        "several_choices",
                        "yes_no",
                        "date",
                    ]
                ),
                name="question_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(asked_of__in=["everyone", "in_person", "online"]),
                name="question_asked_of_known",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def has_choices(self):
        return self.kind in self.CHOICE_KINDS

    def is_asked_of(self, mode):
        return self.asked_of in (self.AskedOf.EVERYONE, mode)


class QuestionOption(models.Model):
    """One of the choices of a one-choice or several-choices question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("choice"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    archived = models.BooleanField(
        _("archived"), default=False, help_text=_("No longer offered; given answers stay.")
    )

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.label


class Answer(models.Model):
    """A registrant's answer to one question, with the question as it was asked."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    question_text = models.CharField(
        _("question as asked"),
        max_length=300,
        help_text=_("The question's text when it was answered, in the person's language."),
    )
    text = models.TextField(_("text"), max_length=2000, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    yes = models.BooleanField(_("yes"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["registration", "question__order", "question_id"]
        constraints = [
            models.UniqueConstraint(
                "registration",
                "question",
                name="one_answer_per_question",
                violation_error_message=_("This question is already answered."),
            ),
        ]

    def __str__(self):
        return f"{self.question_text}: {self.display()}"

    def display(self):
        """The answer as one line of text, in the active language: the chosen labels as
        they were chosen, a date as YYYY-MM-DD."""
        choices = [choice.label for choice in self.choices.all()]
        if choices:
            return "; ".join(choices)
        if self.date is not None:
            return self.date.isoformat()
        if self.yes is not None:
            return str(_("Yes") if self.yes else _("No"))
        return self.text


class AnswerChoice(models.Model):
    """An option chosen in an answer, with its label as it read when chosen."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(QuestionOption, on_delete=models.PROTECT, related_name="chosen")
    label = models.CharField(_("choice as chosen"), max_length=200)

    class Meta:
        ordering = ["answer", "option__order", "option_id"]
        constraints = [
            models.UniqueConstraint("answer", "option", name="one_choice_per_option"),
        ]

    def __str__(self):
        return self.label


class RegistrationExport(models.Model):
    """An Excel workbook of chosen registrations, made by the task worker
    (registration/tasks.py) so that a large export never holds up a request. Organisers
    who may export download it from its admin page; the daily purge deletes it after
    EXPORT_KEEP_DAYS (purge_registration_data), as the privacy notice says."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for the worker")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Stopped by an error")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    registration_ids = models.JSONField(default=list, editable=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.WAITING)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    content = models.BinaryField(null=True, editable=False)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("registrations export")
        verbose_name_plural = _("registrations exports")
        default_permissions = ["view", "delete"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["waiting", "done", "failed"]),
                name="registration_export_state_known",
            ),
        ]

    def __str__(self):
        return f"registrations-{self.created_at:%Y%m%d-%H%M}-{self.pk}.xlsx"

    @property
    def filename(self):
        return str(self)
