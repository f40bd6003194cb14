"""What the event page says about a conference: goals, anniversaries, topics and the history of its
dates.
"""

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
    previous_month = models.DateField(
        verbose_name=_("previous month"),
        null=True,
        blank=True,
        help_text=_(
            "When exact dates were never set: any day of the month they were planned for "
            "(shown as the month and year in each language, e.g. “September 2021”)."
        ),
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
        if not self.previous_starts_at and not self.previous_month:
            raise ValidationError(_("Give the previous start or the month it was planned for."))

    def _previous(self, month_format):
        if self.previous_starts_at:
            local = self.previous_starts_at.astimezone(self.conference.zone)
            return date_format(local, "LONG_DATE_FORMAT")
        if self.previous_month:
            return date_format(self.previous_month, month_format)
        return ""

    @property
    def previous_display(self):
        """The previous dates in the active language: '20 September 2021', or the month
        alone ('September 2021', 'сентябрь 2021 г.', '2021年9月')."""
        return self._previous("MONTH_YEAR_FORMAT")

    @property
    def previous_from_display(self):
        """The same after 'from' ('с сентября 2021 г.' in Russian)."""
        return self._previous("MONTH_YEAR_FROM_FORMAT")

    @property
    def previous_start_iso(self):
        """The previous start as ISO 8601: a full instant, or the month ('2021-09')."""
        if self.previous_starts_at:
            return self.previous_starts_at.astimezone(self.conference.zone).isoformat()
        if self.previous_month:
            return self.previous_month.strftime("%Y-%m")
        return None
