"""What an email to every confirmed attendee of a conference can be about. The mailing
itself (messaging.AttendeeMailing) belongs to the mail engine; registration writes its
mails (registration/notifications.py) and so owns this vocabulary, which the messaging
model takes as its choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailingAbout(models.TextChoices):
    CONFERENCE = "conference", _("The conference's dates or status")
    SESSIONS = "sessions", _("Chosen sessions (moved or cancelled)")
