"""The attendee's visa request form and the visa officer's status form."""

import datetime as dt
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from outbox.addresses import validate_single_line
from privacy.consent_texts import document_url
from privacy.models import Purpose
from visas import services
from visas.models import VisaRequest

# Names as printed in the machine-readable zone of a passport: Latin letters, spaces,
# hyphens and apostrophes.
LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z' -]*$")
PASSPORT_NUMBER = re.compile(r"^[A-Za-z0-9]{5,20}$")
# Arrival no earlier and departure no later than this around the conference's dates.
WINDOW_DAYS = 14
# Most countries ask that a passport stays valid this long after the visit.
VALIDITY_MONTHS = 6
OLDEST_AGE_YEARS = 110
YOUNGEST_AGE_YEARS = 14


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def validate_latin(value):
    if not LATIN_NAME.fullmatch(value.strip()):
        raise ValidationError(
            _(
                "Write the name in Latin letters exactly as in your passport (A–Z, spaces, "
                "hyphens and apostrophes), e.g. IVANOVA."
            ),
            code="not_latin",
        )


def _add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class VisaRequestForm(forms.ModelForm):
    # Asked on every save: passport data are processed only with this consent, recorded
    # with the request (privacy.services.give, in visas.services.save_request).
    passport_consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Without this consent we cannot ask for an invitation for you."),
        },
    )

    class Meta:
        model = VisaRequest
        fields = services.PERSONAL_FIELDS
        widgets = {
            "birth_date": DateInput(),
            "passport_issued_on": DateInput(),
            "passport_expires_on": DateInput(),
            "arrival": DateInput(),
            "departure": DateInput(),
            "sex": forms.RadioSelect,
        }

    def __init__(self, *args, conference, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.today = today or timezone.localdate()
        for name in self.fields:
            self.fields[name].required = True
        self.fields["sex"].choices = VisaRequest.Sex.choices
        self.fields["passport_consent"].label = format_html(
            '{} <a href="{}">{}</a>',
            _(
                "I consent to the processing of my passport data to obtain the visa "
                "invitation, including their transfer to the authorities of %(country)s"
            )
            % {"country": conference.venue_country.name or _("the host country")},
            document_url(Purpose.VISA, conference=conference),
            _("(the text of the consent)"),
        )
        for name in ("surname", "given_names"):
            self.fields[name].validators.append(validate_latin)
        for name in ("surname", "given_names", "birth_place", "apply_city", "employer"):
            self.fields[name].validators.append(validate_single_line)
        self.fields["position"].validators.append(validate_single_line)
        self.fields["surname"].help_text = _("Latin letters, as in your passport.")
        self.fields["given_names"].help_text = _("Latin letters, as in your passport.")
        first, last = self.window()
        self.fields["arrival"].help_text = _("Between %(first)s and %(last)s.") % {
            "first": first.isoformat(),
            "last": last.isoformat(),
        }
        self.fields["departure"].help_text = self.fields["arrival"].help_text
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("save", _("Save my visa request")))

    def window(self):
        zone = self.conference.zone
        starts = self.conference.starts_at.astimezone(zone).date()
        ends = self.conference.ends_at.astimezone(zone).date()
        return starts - dt.timedelta(days=WINDOW_DAYS), ends + dt.timedelta(days=WINDOW_DAYS)

    def clean_passport_number(self):
        value = self.cleaned_data["passport_number"].replace(" ", "").upper()
        if not PASSPORT_NUMBER.fullmatch(value):
            raise ValidationError(_("Letters and digits only, 5 to 20 of them."))
        return value

    def clean_surname(self):
        return self.cleaned_data["surname"].strip().upper()

    def clean_given_names(self):
        return self.cleaned_data["given_names"].strip().upper()

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        oldest = _add_months(self.today, -12 * OLDEST_AGE_YEARS)
        youngest = _add_months(self.today, -12 * YOUNGEST_AGE_YEARS)
        if not oldest <= born <= youngest:
            raise ValidationError(_("Check the date of birth: it does not look right."))
        return born

    def clean(self):
        data = super().clean()
        issued = data.get("passport_issued_on")
        expires = data.get("passport_expires_on")
        arrival = data.get("arrival")
        departure = data.get("departure")
        born = data.get("birth_date")
        if issued and issued > self.today:
            self.add_error("passport_issued_on", _("The issue date cannot be in the future."))
        if issued and born and issued < born:
            self.add_error("passport_issued_on", _("The passport cannot be older than you."))
        if issued and expires and expires <= issued:
            self.add_error(
                "passport_expires_on", _("The passport must expire after it was issued.")
            )
        first, last = self.window()
        for name, value in (("arrival", arrival), ("departure", departure)):
            if value and not first <= value <= last:
                self.add_error(
                    name,
                    _("Choose a date between %(first)s and %(last)s, around the conference.")
                    % {"first": first.isoformat(), "last": last.isoformat()},
                )
        if arrival and departure and departure < arrival:
            self.add_error("departure", _("Departure cannot be before arrival."))
        if expires and departure:
            if expires < departure:
                self.add_error(
                    "passport_expires_on",
                    _(
                        "Your passport expires before your departure. It must stay valid "
                        "at least six months after you leave %(country)s."
                    )
                    % {"country": self.conference.venue_country.name or _("the host country")},
                )
            elif expires < _add_months(departure, VALIDITY_MONTHS):
                self.add_error(
                    "passport_expires_on",
                    _(
                        "Your passport must stay valid at least six months after your "
                        "departure (until %(day)s)."
                    )
                    % {"day": _add_months(departure, VALIDITY_MONTHS).isoformat()},
                )
        return data


class StatusForm(forms.Form):
    """What a visa officer sets on the request's status page."""

    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (VisaRequest.Status.SUBMITTED, VisaRequest.Status.SUBMITTED.label),
            (VisaRequest.Status.ISSUED, VisaRequest.Status.ISSUED.label),
            (VisaRequest.Status.SENT, VisaRequest.Status.SENT.label),
            (VisaRequest.Status.REFUSED, VisaRequest.Status.REFUSED.label),
        ],
    )
    invitation = forms.FileField(
        label=_("Official invitation (PDF)"),
        required=False,
        help_text=_("Needed for “Invitation issued”."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    reason = forms.CharField(
        label=_("Reason for refusal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
