"""A team: people who hold one role (teams/roles.py) for some conferences or for all.

As in pretix and pretalx, rights are granted per team and the team lists the events it
covers (``limit_events``) or covers all of them. A team with all conferences lists none,
and a team that lists none covers nothing until it is given some (teams/admin.py holds
that rule for the form; add_member in teams/services.py always makes consistent teams)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from teams.roles import ROLE_CHOICES


class TeamQuerySet(models.QuerySet):
    def covering(self, conference):
        """Teams whose rights reach ``conference``: those for all conferences, and those
        that list it."""
        return self.filter(
            models.Q(all_conferences=True) | models.Q(conferences=conference)
        ).distinct()


class Team(models.Model):
    name = models.CharField(verbose_name=_("name"), max_length=200)
    role = models.CharField(verbose_name=_("role"), max_length=40, choices=ROLE_CHOICES)
    all_conferences = models.BooleanField(
        verbose_name=_("all conferences"),
        default=False,
        help_text=_("The team's role reaches every conference, today's and future ones."),
    )
    conferences = models.ManyToManyField(
        "events.Conference",
        verbose_name=_("conferences"),
        blank=True,
        related_name="teams",
        help_text=_("The conferences the team serves, unless it serves all of them."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="teams"
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="team_name_unique"),
        ]

    def __str__(self):
        return self.name

    def clean_conferences(self, conferences):
        """The rule the database cannot hold for a many-to-many field: a team serves all
        conferences or the ones it lists, never both."""
        if self.all_conferences and conferences:
            raise ValidationError(
                _("A team for all conferences lists none; clear the list or untick the box.")
            )
