"""A delegation: a contact person (a rector's office, say) registers several people at once.

Each person still gets an ordinary registration (registration.services.register) that they
confirm from their own mailbox and manage with their own link; the delegation only records
who asked for whom and what came of it. The contact's page is reached with a secret link
made the way a registration's manage link is (a public id signed with the SECRET_KEY), so
the database never holds a usable link.
"""

import re
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.models import Conference
from outbox.addresses import normalise_address
from registration import names
from registration.models import Registration, SecretLink

# Enough for a rector's office; a bigger group is several delegations.
MAX_MEMBERS = 30

TOKEN_RE = re.compile(r"[0-9a-f]{32}[0-9a-f]{64}")


def _new_token_salt():
    return secrets.token_hex(16)


class DelegationQuerySet(models.QuerySet):
    def get_by_token(self, token):
        """The delegation a secret page link belongs to, or None. Never raises."""
        if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
            return None
        delegation = (
            self.select_related("conference").filter(public_id=uuid.UUID(token[:32])).first()
        )
        if delegation is None or not delegation.token_matches(token):
            return None
        return delegation


class Delegation(SecretLink, models.Model):
    conference = models.ForeignKey(
        Conference,
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("conference"),
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact's email address"), max_length=254)
    contact_institution = models.CharField(_("institution"), max_length=200)
    contact_role = models.CharField(_("role"), max_length=200)
    country = CountryField(_("country"))
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the contact's emails and page links."),
    )
    public_id = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("public id")
    )
    token_salt = models.CharField(
        max_length=32, default=_new_token_salt, editable=False, verbose_name=_("link salt")
    )
    email_confirmed_at = models.DateTimeField(
        _("contact's address confirmed"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")

    def __str__(self):
        return f"{self.contact_institution}: {self.contact_name}"

    # No get_absolute_url: the page is reached by a secret link (delegations/links.py).

    @property
    def is_confirmed(self):
        return self.email_confirmed_at is not None

    @property
    def mail_language(self):
        known = dict(settings.LANGUAGES)
        return self.language if self.language in known else settings.LANGUAGE_CODE

    # --- the secret page link (registration's SecretLink) ----------------------------
    link_purpose = "delegations.page-link"

    @property
    def page_token(self):
        return self.secret_token


class Member(models.Model):
    """One person the contact entered, as typed, and what became of them."""

    class Outcome(models.TextChoices):
        WAITING_FOR_CONTACT = (
            "waiting_for_contact",
            _("Waiting for the contact to confirm their address"),
        )
        REGISTERED = "registered", _("Registered")
        ALREADY_REGISTERED = "already_registered", _("Already registered on their own")
        NOT_REGISTERED = "not_registered", _("Not registered")

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="members", verbose_name=_("delegation")
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    patronymic = models.CharField(_("patronymic (if any)"), max_length=100, blank=True)
    email = models.EmailField(_("email address"), max_length=254)
    institution = models.CharField(_("institution"), max_length=200)
    attendance_mode = models.CharField(
        _("mode"), max_length=20, choices=Registration.AttendanceMode.choices
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # The person's own registration, once made; one registration belongs to one delegation.
    registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegation_member",
        verbose_name=_("registration"),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=Outcome.choices,
        default=Outcome.WAITING_FOR_CONTACT,
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["delegation", "id"]
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        constraints = [
            # On the stored address, always in its one form (normalise_address).
            models.UniqueConstraint(
                fields=["email", "delegation"],
                name="one_row_per_email_per_delegation",
                violation_error_message=_("This address is already in the delegation."),
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="member_email_in_lower_case"
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        """The name as the active language writes it (registration/names.py)."""
        return names.display_name(self)

    def clean(self):
        for part in ("given_name", "family_name", "patronymic"):
            setattr(self, part, names.clean_name(getattr(self, part)))
        if self.email:
            try:
                self.email = normalise_address(self.email)
            except ValidationError as error:
                raise ValidationError({"email": error.messages}) from None
        if self.email and self.delegation_id:
            others = Member.objects.filter(
                delegation_id=self.delegation_id, email=self.email
            ).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError({"email": _("This address is already in the delegation.")})

    def outcome_for_contact(self):
        """The outcome as the contact sees it: someone already registered on their own is
        shown as registered, so the delegation's page and mails are no way to learn
        whether an address is registered (that person is told by their own mail)."""
        if self.outcome == self.Outcome.ALREADY_REGISTERED:
            return self.Outcome.REGISTERED.label
        return self._waiting_or_outcome()

    def _waiting_or_outcome(self):
        """After the contact confirmed, the people still waiting are being registered by
        the task worker (delegations/runners.py), a moment later."""
        if self.outcome == self.Outcome.WAITING_FOR_CONTACT and self.delegation.is_confirmed:
            return _("Being registered")
        return self.get_outcome_display()

    def status_label(self):
        """What the contact's page says about this person: the registration's status once
        there is one, else the outcome (waiting for the contact, not registered). Someone
        already registered on their own looks like a person who has not yet confirmed."""
        registration = self.registration
        if registration is not None and self.outcome == self.Outcome.REGISTERED:
            if registration.erased_at is not None:
                return _("Withdrawn")
            return registration.get_status_display()
        if self.outcome == self.Outcome.ALREADY_REGISTERED:
            return Registration.Status.PENDING_EMAIL.label
        return self._waiting_or_outcome()
