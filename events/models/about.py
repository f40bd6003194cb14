"""What the event page says about a conference: goals, anniversaries, topics and the history of its
dates.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events.models.conference import Conference
from events.models.organisations import Organisation


class Goal(models.Model):
    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="goals"
    )
    text = models.CharField(verbose_name=_("text"), max_length=500)
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["order", "id"]

    def __str__(self):
        return self.text


class Anniversary(models.Model):
    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="anniversaries",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    years = models.PositiveSmallIntegerField(verbose_name=_("years"))
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        verbose_name = _("anniversary")
        verbose_name_plural = _("anniversaries")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.years} years of {self.organisation.short_name}"


class Topic(models.Model):
    """A discussion topic of the conference."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="topics"
    )
    title = models.CharField(verbose_name=_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class DateChange(models.Model):
    """One entry in a conference's date history: what the dates were and why they moved."""

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="date_changes",
    )
    previous_starts_at = models.DateTimeField(
        verbose_name=_("previous starts at"), null=True, blank=True
    )
    previous_ends_at = models.DateTimeField(
        verbose_name=_("previous ends at"), null=True, blank=True
    )
    previous_label = models.CharField(
        verbose_name=_("previous label"),
        max_length=100,
        blank=True,
        help_text=_("When exact dates were never set, e.g. “September 2021”."),
    )
    announced_on = models.DateField(verbose_name=_("announced on"), null=True, blank=True)
    reason = models.TextField(verbose_name=_("reason"), blank=True)
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("date change")
        verbose_name_plural = _("date changes")
        ordering = ["-recorded_at", "-id"]
        get_latest_by = "recorded_at"

    def __str__(self):
        return _("Previously %(when)s") % {"when": self.previous_display}

    def clean(self):
        super().clean()
        if not self.previous_starts_at and not self.previous_label:
            raise ValidationError(_("Give the previous start or a label such as “September 2021”."))

    @property
    def previous_display(self):
        if self.previous_label:
            return self.previous_label
        local = self.previous_starts_at.astimezone(self.conference.zone)
        return date_format(local, "LONG_DATE_FORMAT")

    @property
    def previous_start_iso(self):
        """The previous start as ISO 8601: a full instant, or the month of a label."""
        if self.previous_starts_at:
            return self.previous_starts_at.astimezone(self.conference.zone).isoformat()
        try:
            return datetime.strptime(self.previous_label.strip(), "%B %Y").strftime("%Y-%m")
        except ValueError:
            return None
