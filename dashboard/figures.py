"""The dashboard's own charts of one conference, each from one or two aggregate queries.

Every figure is counted by the database (``values().annotate(Count)``, ``aggregate``):
the number of queries does not grow with the number of registrations, and no registration
is loaded as a Python object (tests/dashboard/test_budget.py holds that at 10 and 5,000).

Which registrations count: "active" ones (awaiting email confirmation, confirmed, waiting,
awaiting a decision) for everything that describes who is coming; the status chart shows
every status, cancelled and declined too.
"""

import datetime as dt
from collections import Counter

from django.db.models import Count, Min
from django.db.models.functions import Lower, Trim, TruncDate
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_countries import countries

from attending.models import CheckIn
from dashboard.charts import LINES, Chart, Row, Series, counts_chart
from events.regions import Region, region_of_country
from registration.models import Registration
from registration.services import available_modes, capacity_of

Mode = Registration.AttendanceMode


def mode_label(conference, mode):
    """'In person in <the conference's city>' or 'Online'."""
    return conference.in_person_label if mode == Mode.IN_PERSON else str(mode.label)


Status = Registration.Status
TOP_INSTITUTIONS = 20
# Countries drawn as bars; the table lists them all.
DRAWN_COUNTRIES = 20


def _active(conference):
    return Registration.objects.filter(conference=conference).active()


def _day_label(day):
    return date_format(day, "SHORT_DAY_FORMAT")


def _days(first, last):
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def registrations_over_time(conference):
    """Active registrations so far, per mode, by the day they arrived in the conference's
    time zone: one point per day from the first arrival to the last."""
    per_day = (
        _active(conference)
        .annotate(day=TruncDate("created_at", tzinfo=conference.zone))
        .values("day", "attendance_mode")
        .annotate(count=Count("id"))
        .order_by("day")
    )
    arrivals = {(row["day"], row["attendance_mode"]): row["count"] for row in per_day}
    # The modes offered, and any other that has registrations (a conference moved online
    # keeps the in-person registrations it had).
    present = {mode for _day, mode in arrivals}
    offered = available_modes(conference)
    series = [
        Series(key=mode.value, label=mode_label(conference, mode))
        for mode in Mode
        if mode in offered or mode.value in present
    ]
    rows = []
    if arrivals:
        days = {day for day, _mode in arrivals}
        totals = Counter()
        for day in _days(min(days), max(days)):
            for each in series:
                totals[each.key] += arrivals.get((day, each.key), 0)
            rows.append(Row(label=_day_label(day), values=tuple(totals[s.key] for s in series)))
    return Chart(
        key="over-time",
        label_heading=_("Day"),
        title=_("Registrations over time"),
        kind=LINES,
        series=series,
        rows=rows,
        description=_(
            "Active registrations (not cancelled or declined), added up day by day in the "
            "conference’s time zone."
        ),
        empty=_("No registrations yet."),
    )


def by_status(conference):
    counted = dict(
        Registration.objects.filter(conference=conference)
        .values_list("status")
        .annotate(count=Count("id"))
        .order_by()
    )
    return counts_chart(
        key="status",
        label_heading=_("Status"),
        title=_("Registrations by status"),
        series_label=_("Registrations"),
        counts=[(status.label, counted.get(status.value, 0)) for status in Status],
        description=_("Every registration, whatever its status."),
    )


def _country_counts(conference):
    return list(
        _active(conference)
        .values_list("country")
        .annotate(count=Count("id"))
        .order_by("-count", "country")
    )


def _country_name(code):
    return str(countries.name(code)) if code else _("not given")


def by_country(conference, country_counts):
    chart = counts_chart(
        key="country",
        label_heading=_("Country"),
        title=_("Registrations by country"),
        series_label=_("Registrations"),
        counts=[(_country_name(code), count) for code, count in country_counts],
        description=_("Active registrations by the country the person gave."),
        empty=_("No registrations yet."),
    )
    if len(chart.rows) > DRAWN_COUNTRIES:
        chart.drawn_rows = DRAWN_COUNTRIES
        chart.notes.append(
            _("The drawing shows the %(drawn)s largest; the table lists all %(count)s.")
            % {"drawn": DRAWN_COUNTRIES, "count": len(chart.rows)}
        )
    return chart


def by_region(conference, country_counts):
    regions = Counter()
    for code, count in country_counts:
        regions[region_of_country(code)] += count
    return counts_chart(
        key="region",
        label_heading=_("Region"),
        title=_("Registrations by region"),
        series_label=_("Registrations"),
        counts=[(region.label, regions[region]) for region in Region],
        description=_("Active registrations by the region of their country."),
    )


def by_institution(conference):
    """People type their institution: spellings that differ only in case or surrounding
    spaces count as one, shown as the first of them in alphabetical order (PostgreSQL
    lower-cases every script; SQLite only ASCII)."""
    top = (
        _active(conference)
        .annotate(same=Lower(Trim("institution")))
        .values("same")
        .annotate(count=Count("id"), name=Min(Trim("institution")))
        .order_by("-count", "same")
        .values_list("name", "count")[:TOP_INSTITUTIONS]
    )
    return counts_chart(
        key="institution",
        label_heading=_("Institution"),
        title=_("Registrations by institution (top %(count)s)") % {"count": TOP_INSTITUTIONS},
        series_label=_("Registrations"),
        counts=list(top),
        description=_("The institutions with the most active registrations."),
        empty=_("No registrations yet."),
    )


def seats(conference):
    """Places taken and left per mode (registration's capacity helpers), and who waits for
    one: two series stacked in one bar per mode, the waiting list in a chart of its own."""
    taken = Registration.objects.place_counts(conference)
    rows = []
    notes = []
    for mode in available_modes(conference):
        capacity = capacity_of(conference, mode)
        left = None if capacity is None else max(capacity - taken[mode.value], 0)
        rows.append(Row(label=mode_label(conference, mode), values=(taken[mode.value], left)))
        if capacity is None:
            notes.append(_("%(mode)s: no limit set.") % {"mode": mode_label(conference, mode)})
    return Chart(
        key="seats",
        label_heading=_("Attendance mode"),
        title=_("Places taken and left"),
        series=[Series(key="taken", label=_("Taken")), Series(key="left", label=_("Left"))],
        rows=rows,
        description=_("Confirmed registrations against each mode’s capacity."),
        notes=notes,
        # Places left in a mode without a limit: not 0, none counted.
        no_figure=_("no limit"),
    )


def waiting_list(conference):
    registrations = Registration.objects.filter(conference=conference)
    return counts_chart(
        key="waiting",
        label_heading=_("Attendance mode"),
        title=_("Waiting list"),
        series_label=_("Waiting"),
        counts=[
            (mode_label(conference, mode), registrations.waiting(mode).count())
            for mode in available_modes(conference)
        ],
        description=_(
            "People waiting for a place, per mode; for in person this includes online "
            "attendees who asked for a seat."
        ),
    )


def check_ins(conference):
    counted = {row["day"]: row["arrivals"] for row in CheckIn.objects.counts_per_day(conference)}
    days = _days(min(counted), max(counted)) if counted else []
    return counts_chart(
        key="check-ins",
        label_heading=_("Day"),
        title=_("Check-ins per day"),
        series_label=_("Arrivals"),
        counts=[(_day_label(day), counted.get(day, 0)) for day in days],
        description=_("People checked in at the desk, per conference day."),
        empty=_("Nobody has checked in yet."),
    )


def builtin_charts(conference):
    country_counts = _country_counts(conference)
    return [
        registrations_over_time(conference),
        by_status(conference),
        seats(conference),
        waiting_list(conference),
        by_region(conference, country_counts),
        by_country(conference, country_counts),
        by_institution(conference),
        check_ins(conference),
    ]
