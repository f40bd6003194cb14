"""A visitor's request for more information."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models.conference import Conference


class Enquiry(models.Model):
    """A "Request more information" message from a visitor."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="enquiries"
    )
    name = models.CharField(verbose_name=_("name"), max_length=200)
    email = models.EmailField(verbose_name=_("email"), max_length=254)
    organisation = models.CharField(verbose_name=_("organisation"), max_length=200, blank=True)
    message = models.TextField(verbose_name=_("message"), max_length=5000)
    consent = models.BooleanField(verbose_name=_("consent"), default=False)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    handled = models.BooleanField(verbose_name=_("handled"), default=False)

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="enquiry_requires_consent")
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"
