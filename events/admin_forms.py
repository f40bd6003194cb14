"""The conference admin's forms: the conference itself (its audience zones one a line, a
reason for a change of dates) and the next edition's dates when cloning."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import (
    services,
    timezones,
)
from events.admin_base import https_formfield
from events.models import (
    Conference,
)


class ZoneListField(forms.CharField):
    """IANA zone names, one a line, kept as a list: blank lines and repeats dropped, every
    name checked against the zone database, each unknown one named in the error."""

    widget = forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            value = "\n".join(value)
        lines = [line.strip() for line in (value or "").splitlines()]
        return list(dict.fromkeys(line for line in lines if line))

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        unknown = [name for name in value if timezones.get_zone(name) is None]
        if unknown:
            raise forms.ValidationError(
                ngettext(
                    "“%(names)s” is not a known time zone. Write IANA names such as "
                    "Europe/Paris or America/New_York, one a line.",
                    "“%(names)s” are not known time zones. Write IANA names such as "
                    "Europe/Paris or America/New_York, one a line.",
                    len(unknown),
                )
                % {"names": "”, “".join(unknown)},
                code="unknown_zone",
            )
        limit = Conference.AUDIENCE_ZONE_LIMIT
        if len(value) > limit:
            raise forms.ValidationError(
                _("Name at most %(limit)d zones: the ones most of the audience lives in.")
                % {"limit": limit},
                code="too_many_zones",
            )

    def has_changed(self, initial, data):
        return (initial or []) != self.to_python(data)


class CloneEditionForm(forms.Form):
    """The next edition's start and end, typed in the conference's own zone."""

    starts_at = forms.DateTimeField(
        label=_("starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("ends at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.edition = None
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = _(
                "In %(zone)s, the conference’s time zone. Sessions, registration and the "
                "years of the anniversaries move with the start."
            ) % {"zone": conference.time_zone}

    def _local(self, value):
        # Typed at the venue: the wall-clock time there, whatever zone the admin runs in.
        return value.replace(tzinfo=None).replace(tzinfo=self.conference.zone)

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at is None or ends_at is None:
            return cleaned
        try:
            self.edition = services.clone_as_next_edition(
                conference=self.conference,
                starts_at=self._local(starts_at),
                ends_at=self._local(ends_at),
            )
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned


class ConferenceAdminForm(forms.ModelForm):
    audience_time_zones = ZoneListField(
        required=False,
        label=_("audience time zones"),
        help_text=_(
            "One IANA zone a line (e.g. Europe/Paris), most important first: the zone picker "
            "offers them after the conference's own zone, and the programme marks sessions "
            "outside 08:00-22:00 in any of them. Empty: the site's default zones."
        ),
    )
    date_change_reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Reason for a date change"),
        help_text=_(
            "Only when you change the start or end: the old dates go into the date history "
            "with this reason, and calendar entries people imported update themselves."
        ),
    )

    class Meta:
        model = Conference
        formfield_callback = https_formfield
        fields = "__all__"  # noqa: DJ007 - the admin fieldsets choose what is shown
