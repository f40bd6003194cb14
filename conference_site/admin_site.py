"""The site's admin: Django's AdminSite with guards every admin page shares, so that a
ModelAdmin written tomorrow is held to them too (installed as the default site by
conference_site.apps.ConferenceAdminConfig).

- A list with a date hierarchy answers a date that cannot be one (?<field>__year=99999999999,
  __month=13, __day=abc) with 400 and a message. Django turns some into an error page but
  lets others through to datetime(), whose OverflowError was a 500.
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


class ConferenceAdminSite(admin.AdminSite):
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
