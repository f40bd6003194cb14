"""The public delegation form (the contact and a formset of people) and the form that adds
one person later on the contact's page."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from delegations.models import MAX_MEMBERS, Delegation, Member
from events.spam import HoneypotFormMixin, honeypot_layout_item
from outbox.addresses import AddressField, validate_single_line
from registration import names
from registration.models import Registration

Mode = Registration.AttendanceMode
# Rows shown at first; "more rows" shows up to the maximum.
FIRST_ROWS = 5


def language_choices(blank_label):
    return [("", blank_label)] + [
        (code, translation.get_language_info(code)["name_local"])
        for code, _name in settings.LANGUAGES
    ]


class ContactForm(HoneypotFormMixin, forms.ModelForm):
    privacy_consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("Please confirm that the people agree.")},
    )

    class Meta:
        model = Delegation
        fields = ["contact_name", "contact_email", "contact_institution", "contact_role", "country"]
        labels = {
            "contact_name": _("Your name"),
            "contact_email": _("Your email address"),
            "contact_institution": _("Your institution"),
            "contact_role": _("Your role"),
            "country": _("Country of the delegation"),
        }
        help_texts = {
            "contact_email": _(
                "We send you a link to confirm it, and then your delegation's page."
            ),
            "contact_role": _("For example: international office of the rector."),
            "country": _("Each person may correct their own country later."),
        }
        widgets = {
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_institution": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }
        field_classes = {"contact_email": AddressField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["contact_name", "contact_institution", "contact_role"]:
            self.fields[name].validators.append(validate_single_line)
        self.fields["country"].choices = [("", _("Choose the country")), *countries]
        self.fields["privacy_consent"].label = format_html(
            '{} <a href="{}">{}</a>',
            _(
                "The people I enter agree that the organisers keep their details to run the "
                "conference, as the"
            ),
            reverse("registration:privacy"),
            _("privacy notice explains."),
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "contact_name",
            "contact_email",
            "contact_institution",
            "contact_role",
            "country",
            honeypot_layout_item(),
        )


class MemberForm(forms.ModelForm):
    """One person; a row left empty is skipped."""

    language = forms.ChoiceField(label=_("Language of their emails"), required=False)

    class Meta:
        model = Member
        fields = [
            "given_name",
            "family_name",
            "patronymic",
            "email",
            "institution",
            "attendance_mode",
        ]
        labels = {
            "given_name": _("Given name"),
            "family_name": _("Family name"),
            "patronymic": _("Patronymic (if any)"),
            "email": _("Email address"),
            "institution": _("Institution (empty: yours)"),
            "attendance_mode": _("How they take part"),
        }
        field_classes = {"email": AddressField}

    def __init__(self, *args, modes, conference=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].required = False
        for name in ["given_name", "family_name", "patronymic", "institution"]:
            self.fields[name].validators.append(validate_single_line)
        labels = dict(Mode.choices)
        if conference is not None:  # "In person in <its city>"
            labels[Mode.IN_PERSON] = conference.in_person_label
        self.fields["attendance_mode"].choices = [(mode.value, labels[mode]) for mode in modes]
        self.fields["attendance_mode"].initial = modes[0].value
        self.fields["language"].choices = language_choices(_("Same as yours"))

    def _clean_name_part(self, name):
        # In its one form (registration.names); only invisible characters is nothing typed.
        value = names.clean_name(self.cleaned_data.get(name, ""))
        if not value and self.fields[name].required:
            raise forms.ValidationError(self.fields[name].error_messages["required"], "required")
        return value

    def clean_given_name(self):
        return self._clean_name_part("given_name")

    def clean_family_name(self):
        return self._clean_name_part("family_name")

    def clean_patronymic(self):
        return self._clean_name_part("patronymic")

    def _post_clean(self):
        # The row's delegation does not exist yet: the service checks the rest.
        pass


class BaseMemberFormSet(forms.BaseFormSet):
    def __init__(self, *args, modes, conference=None, **kwargs):
        self.modes = modes
        self.conference = conference
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"modes": self.modes, "conference": self.conference}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            modes=self.modes,
            conference=self.conference,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        """The same address twice in one delegation: said on the row that repeats it."""
        if any(self.errors):
            return
        seen = set()
        people = 0
        for form in self.forms:
            email = form.cleaned_data.get("email")
            if not email:
                continue
            people += 1
            if email in seen:  # each in its one form (AddressField)
                form.add_error("email", _("This address is already in another row."))
            seen.add(email)
        if people == 0:
            raise forms.ValidationError(_("Enter at least one person."))

    def people(self):
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("email")]


def member_formset(*, modes, conference=None, rows=FIRST_ROWS, data=None):
    rows = max(1, min(rows, MAX_MEMBERS))
    formset_class = forms.formset_factory(
        MemberForm,
        formset=BaseMemberFormSet,
        extra=rows,
        max_num=MAX_MEMBERS,
        absolute_max=MAX_MEMBERS,
        validate_max=True,
    )
    return formset_class(data, prefix="people", modes=modes, conference=conference)


class AddMemberForm(MemberForm):
    """The contact's page: one more person."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="add", **kwargs)
