from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Long work of every app (exports, badge print runs, bulk decisions, a delegation's
    registrations) as one kind of row, run by the task worker. Jobs builds on teams (who may
    see a job) and nothing else of the site: each app that has long work adds its kind in
    its own ready() (``jobs.registry.add_kind``), as it adds its manage-page part."""

    name = "jobs"
    verbose_name = _("Background jobs")
