"""Who a message reaches: the registrations of one conference that pass every filter the
organiser set. Each filter is one entry of FILTERS: a form field and what it does to the
queryset. The compose form shows them in this order, the stored message keeps their
cleaned values (GroupMessage.audience) and the task selects the same people again.

An empty filter selects everyone; erased registrations are never selected.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from attending.models import CheckIn
from events import regions
from registration.models import Registration
from visas.models import VisaRequest


@dataclass(frozen=True)
class AudienceFilter:
    name: str
    field: Callable[[], forms.Field]  # a new form field each time a form is made
    apply: Callable  # (queryset, cleaned value) -> queryset; called only for a set value


def _by_status(queryset, statuses):
    return queryset.filter(status__in=statuses)


def _by_mode(queryset, modes):
    return queryset.filter(attendance_mode__in=modes)


def _by_country(queryset, codes):
    return queryset.filter(country__in=codes)


def _by_region(queryset, names):
    wanted = Q()
    for name in names:
        codes = regions.countries_in(name)
        if codes is None:  # "other": every country outside the named regions
            wanted |= ~Q(country__in=regions.named_region_countries())
        else:
            wanted |= Q(country__in=codes)
    return queryset.filter(wanted)


def _by_institution(queryset, text):
    return queryset.filter(institution__icontains=text)


def _by_check_in(queryset, answer):
    checked_in = Exists(CheckIn.objects.filter(ticket__registration=OuterRef("pk")))
    return queryset.filter(checked_in) if answer == "yes" else queryset.exclude(checked_in)


NO_VISA_REQUEST = "none"


def _by_visa_status(queryset, states):
    wanted = Q(visa_request__status__in=[state for state in states if state != NO_VISA_REQUEST])
    if NO_VISA_REQUEST in states:
        wanted |= Q(visa_request__isnull=True)
    return queryset.filter(wanted)


def _choices(choices):
    return lambda **kwargs: forms.MultipleChoiceField(
        choices=choices, required=False, widget=forms.CheckboxSelectMultiple, **kwargs
    )


FILTERS = [
    AudienceFilter(
        "status",
        lambda: forms.MultipleChoiceField(
            label=_("Status"),
            choices=Registration.Status.choices,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Choose at least one."),
        ),
        _by_status,
    ),
    AudienceFilter(
        "attendance_mode",
        lambda: _choices(Registration.AttendanceMode.choices)(
            label=_("Taking part"), help_text=_("None ticked: both.")
        ),
        _by_mode,
    ),
    AudienceFilter(
        "regions",
        lambda: _choices(regions.Region.choices)(
            label=_("Region"), help_text=_("By the country given at registration.")
        ),
        _by_region,
    ),
    AudienceFilter(
        "countries",
        lambda: forms.MultipleChoiceField(
            label=_("Countries"),
            choices=lambda: list(countries),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 8}),
            help_text=_("None chosen: every country."),
        ),
        _by_country,
    ),
    AudienceFilter(
        "institution",
        lambda: forms.CharField(
            label=_("Institution contains"), max_length=200, required=False, strip=True
        ),
        _by_institution,
    ),
    AudienceFilter(
        "checked_in",
        lambda: forms.ChoiceField(
            label=_("Checked in at the door"),
            choices=[("", _("Either")), ("yes", _("Checked in")), ("no", _("Not checked in"))],
            required=False,
        ),
        _by_check_in,
    ),
    AudienceFilter(
        "visa_status",
        lambda: _choices([*VisaRequest.Status.choices, (NO_VISA_REQUEST, _("No visa request"))])(
            label=_("Visa request")
        ),
        _by_visa_status,
    ),
]

FILTERS_BY_NAME = {each.name: each for each in FILTERS}


def form_fields():
    return {each.name: each.field() for each in FILTERS}


def audience_of(cleaned_data):
    """The set filters of a cleaned form, in a form JSON can store."""
    stored = {}
    for each in FILTERS:
        value = cleaned_data.get(each.name)
        if value:
            stored[each.name] = list(value) if isinstance(value, (list, tuple)) else value
    return stored


def recipients(*, conference, audience):
    """The registrations a message with this audience reaches, in the order they are mailed."""
    queryset = Registration.objects.filter(conference=conference, erased_at__isnull=True)
    for name, value in audience.items():
        if value:
            queryset = FILTERS_BY_NAME[name].apply(queryset, value)
    return queryset.select_related("conference").order_by("pk")


def describe(audience):
    """The audience in words, for the confirmation page and the message's record:
    "Status: Confirmed; Region: Europe"."""
    fields = form_fields()
    parts = []
    for name, value in audience.items():
        field = fields[name]
        if isinstance(value, list):
            labels = dict(field.choices)
            shown = ", ".join(str(labels.get(v, v)) for v in value)
        elif getattr(field, "choices", None):
            shown = str(dict(field.choices).get(value, value))
        else:
            shown = value
        parts.append(f"{field.label}: {shown}")
    return "; ".join(parts)
