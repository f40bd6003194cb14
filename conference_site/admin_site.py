"""The site's admin: Django's AdminSite with guards every admin page shares, so that a
ModelAdmin written tomorrow is held to them too (installed as the default site by
conference_site.apps.ConferenceAdminConfig).

- A list with a date hierarchy answers a date that cannot be one (?<field>__year=99999999999,
  __month=13, __day=abc) with 400 and a message. Django turns some into an error page but
  lets others through to datetime(), whose OverflowError was a 500.
- The menu and the index show the apps that run the site (the mail queue and its workers,
  the task queue, jobs, the record, sign-in locks and second factors: INTERNAL_APPS) to
  superusers only. An organiser sees a model of those apps only when one of their roles
  (teams/roles.py) grants a right on it: registration managers keep the mail queue
  (mailer.view_message: its status and the retry of what was set aside), data officers
  the record (audit). An app's own page (/admin/<app>/), which a page's breadcrumbs link
  to, and every model page stay as their ModelAdmin allows: a job's page, for example,
  is reached from the export that started it.
"""

import datetime as dt
import functools

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

# The range a date hierarchy may ask for: up to 9998, since Django's bounds for the last
# month of 9999 lie past the largest date Python has.
DATE_PARTS = {"year": (1, 9998), "month": (1, 12), "day": (1, 31)}


def impossible_date(query, field):
    """Whether the query's date hierarchy parameters for `field` name no real date."""
    numbers = {}
    for part, (low, high) in DATE_PARTS.items():
        for value in query.getlist(f"{field}__{part}"):
            if not (value.isascii() and value.isdigit() and low <= int(value) <= high):
                return True
            numbers[part] = int(value)
    if "year" in numbers:
        try:
            dt.date(numbers["year"], numbers.get("month", 1), numbers.get("day", 1))
        except ValueError:
            return True
    return False


# Apps that run the site rather than a conference (app labels).
INTERNAL_APPS = frozenset(
    {
        "outbox",
        "mailer",
        "django_tasks",
        "django_tasks_db",
        "jobs",
        "audit",
        "axes",
        "otp_static",
        "otp_totp",
        "django_otp_webauthn",
        "mfa",
        "sessions",
        "contenttypes",
    }
)


def granted_by_role(user, app_label, model_name):
    """Whether a role of ``user``'s teams grants any right on the model."""
    from teams.services import permissions_of

    for permission in permissions_of(user):
        app, _dot, codename = permission.partition(".")
        _action, _sep, model = codename.partition("_")
        if app == app_label and model == model_name:
            return True
    return False


def organisers_apps(request, app_list):
    """`app_list` without the internal apps' models no role of the user grants."""
    if request.user.is_superuser:
        return app_list
    shown = []
    for app in app_list:
        if app["app_label"] not in INTERNAL_APPS:
            shown.append(app)
            continue
        models = [
            model
            for model in app["models"]
            if granted_by_role(request.user, app["app_label"], model["object_name"].lower())
        ]
        if models:
            shown.append({**app, "models": models})
    return shown


class ConferenceAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:  # the app's own page, which breadcrumbs link to
            return app_list
        return organisers_apps(request, app_list)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)
        model_admin = getattr(view, "__self__", None)
        field = getattr(model_admin, "date_hierarchy", None)
        if getattr(view, "__name__", "") != "changelist_view" or not field:
            return inner

        @functools.wraps(inner)
        def guarded(request, *args, **kwargs):
            if (
                self.has_permission(request)
                and model_admin.has_view_or_change_permission(request)
                and impossible_date(request.GET, field)
            ):
                return TemplateResponse(
                    request,
                    "admin/impossible_date.html",
                    {**self.each_context(request), "title": _("This date does not exist")},
                    status=400,
                )
            return inner(request, *args, **kwargs)

        return guarded
