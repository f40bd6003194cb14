from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    """The call for contributions: a conference's call (dates, limits, tracks, formats), the
    contributions authors send without an account, their co-authors and PDF. Builds on
    events (the conference), registration (the secret-link pattern, names) and outbox (the
    mail composer); nothing below imports it."""

    name = "contributions"
    verbose_name = _("Contributions")
