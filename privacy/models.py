"""A person's consents, one row per act: given or withdrawn, for one purpose, with the
version of the consent text they read, when, in which language and from which client
address. Rows are appended, never changed: the current state of a purpose is its latest
row (``ConsentQuerySet.current``). Written only by ``privacy/services.py``.

The texts themselves are the consent document (``privacy/consent_texts.py``, a page per
purpose and version), separate from the privacy notice as 152-FZ art. 9 asks since
2025-09-01.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registration.models import Registration


class Purpose(models.TextChoices):
    REGISTRATION = "registration", _("Registration and taking part")
    VISA = "visa", _("Passport data for the visa invitation")
    PHOTOS = "photos", _("Photos and video of me at the conference")
    NEWS = "news", _("News about future conferences")


class ConsentQuerySet(models.QuerySet):
    def current(self, registration):
        """{purpose: the latest row of that purpose} for one registration, one query.
        A purpose never answered is missing."""
        latest = {}
        for consent in self.filter(registration=registration).order_by("at", "id"):
            latest[consent.purpose] = consent
        return latest


class Consent(models.Model):
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("registration"),
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    given = models.BooleanField(_("given"), help_text=_("False: withdrawn."))
    version = models.CharField(_("version of the text"), max_length=20)
    at = models.DateTimeField(_("when"), db_index=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # Empty when the row was written by the site itself (an erasure withdraws everything).
    client = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        default_permissions = ["view"]
        indexes = [models.Index(fields=["registration", "purpose", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=["registration", "visa", "photos", "news"]),
                name="consent_purpose_known",
            ),
            models.CheckConstraint(condition=~Q(version=""), name="consent_has_a_version"),
        ]

    def __str__(self):
        state = _("given") if self.given else _("withdrawn")
        return f"{self.get_purpose_display()}: {state} {self.at:%Y-%m-%d %H:%M}"
