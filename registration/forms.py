"""The registration form and the forms of the manage page."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext_lazy as _

from events.spam import HoneypotFormMixin, honeypot_layout_item
from outbox.addresses import AddressField, validate_single_line
from registration import eligibility, extensions, names, questions
from registration.models import Question, Registration

Mode = Registration.AttendanceMode

IN_PERSON_ONLY = ["accessibility_needs", "dietary_needs", "visa_letter_wanted"]
# Typed on one line; a line break in them is refused (it would reach mail headers).
ONE_LINE = ["given_name", "family_name", "patronymic", "institution", "position"]


class OneLineFieldsMixin:
    """One-line fields refuse a line break; name parts are kept in their one form
    (registration.names.clean_name), and one that is only invisible characters is missing."""

    def _add_one_line_validators(self):
        for name in ONE_LINE:
            if name in self.fields:
                self.fields[name].validators.append(validate_single_line)

    def _clean_name_part(self, name):
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


LABELS = {
    "attendance_mode": _("How will you take part?"),
    "given_name": _("Given name"),
    "family_name": _("Family name"),
    "patronymic": _("Patronymic (if any)"),
    "email": _("Email address"),
    "institution": _("Institution"),
    "position": _("Position (optional)"),
    "country": _("Country"),
    "accessibility_needs": _("Accessibility needs (optional, in person)"),
    "dietary_needs": _("Dietary needs (optional, in person)"),
    "visa_letter_wanted": _("I need a visa support letter (in person)"),
    "list_publicly": _(
        "Show my name, institution and country on the public participant list (optional)"
    ),
}
HELP = {
    "given_name": _("In any script, as you write it."),
    "patronymic": _(
        "As in Russian names (Иванович, Ивановна). Leave it empty if your name has none."
    ),
    "email": _(
        "We send a link to confirm it. Staff of member institutions are recognised by their "
        "institutional address."
    ),
}
WIDGETS = {
    "attendance_mode": forms.RadioSelect,
    "given_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
    "family_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
    "patronymic": forms.TextInput(attrs={"autocomplete": "additional-name"}),
    "email": forms.EmailInput(attrs={"autocomplete": "email"}),
    "institution": forms.TextInput(attrs={"autocomplete": "organization"}),
    "position": forms.TextInput(attrs={"autocomplete": "organization-title"}),
    "accessibility_needs": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
    "dietary_needs": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
}


class ModeChoicesMixin:
    def limit_modes(self, *, modes, in_person_full):
        field = self.fields["attendance_mode"]
        labels = dict(Mode.choices)
        labels[Mode.IN_PERSON] = self.conference.in_person_label
        if in_person_full:
            labels[Mode.IN_PERSON] = _("%(in_person)s (seats are full: join the waiting list)") % {
                "in_person": labels[Mode.IN_PERSON]
            }
        field.choices = [(mode.value, labels[mode]) for mode in modes]
        # Nothing preselected, so people choose; but when the room is full (or there is one
        # mode only) online is preselected: one press of Register takes part online.
        initial = None
        if len(modes) == 1 or in_person_full:
            initial = Mode.ONLINE if Mode.ONLINE in modes else modes[0]
        self.initial["attendance_mode"] = initial


class RegistrationForm(ModeChoicesMixin, OneLineFieldsMixin, HoneypotFormMixin, forms.ModelForm):
    invitation_code = forms.CharField(
        label=_("Invitation code (optional, in person)"),
        required=False,
        max_length=40,
        help_text=_("Guests invited by the organisers enter the code they received."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    privacy_consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Please agree so that we may keep your registration."),
        },
    )

    class Meta:
        model = Registration
        fields = [
            "attendance_mode",
            "given_name",
            "family_name",
            "patronymic",
            "email",
            "institution",
            "position",
            "country",
            *IN_PERSON_ONLY,
            "list_publicly",
        ]
        labels = LABELS
        help_texts = HELP
        widgets = WIDGETS
        field_classes = {"email": AddressField}

    def __init__(
        self, *args, conference, modes, in_person_full=False, codes_blocked=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.conference = conference
        # Too many wrong codes from this client (views.register): no code is looked up.
        self.codes_blocked = codes_blocked
        self._add_one_line_validators()
        self.limit_modes(modes=modes, in_person_full=in_person_full)
        countries = list(self.fields["country"].choices)[1:]
        self.fields["country"].choices = [("", _("Choose your country")), *countries]
        self.fields["privacy_consent"].label = format_html(
            '{} <a href="{}">{}</a>',
            _("I agree that the organisers keep these details to run the conference, as the"),
            reverse("registration:privacy"),
            _("privacy notice explains."),
        )
        consent_fields = self._add_consents()
        in_person_fields = [
            name for name in [*IN_PERSON_ONLY, "invitation_code"] if name in self.fields
        ]
        self.questions = questions.asked_questions(conference, modes)
        question_fieldsets = self._add_questions(modes)
        self.helper = FormHelper()
        self.helper.form_action = reverse("registration:register", kwargs={"slug": conference.slug})
        self.steps = [
            (step, label) for step, label in self.STEPS if step != "answers" or question_fieldsets
        ]
        self.helper.layout = Layout(
            self._step(
                "who",
                "given_name",
                "family_name",
                "patronymic",
                "email",
                "institution",
                "position",
                "country",
            ),
            self._step(
                "attend",
                "attendance_mode",
                Fieldset(
                    _("If you come in person"),
                    *in_person_fields,
                    css_class="registration-in-person",
                    data_in_person_only="true",
                )
                if Mode.IN_PERSON in modes
                else HTML(""),
            ),
            self._step("answers", *question_fieldsets) if question_fieldsets else HTML(""),
            self._step(
                "consent",
                "privacy_consent",
                *consent_fields,
                "list_publicly",
                honeypot_layout_item(),
                Submit("submit", _("Register")),
            ),
        )
        if Mode.IN_PERSON not in modes:
            for name in [*IN_PERSON_ONLY, "invitation_code"]:
                del self.fields[name]

    # The form's four steps: one fieldset each, a legend naming it. Without JavaScript they
    # are one page with one button; static/js/registration-steps.js shows them one at a time.
    STEPS = [
        ("who", _("Who you are")),
        ("attend", _("How you attend")),
        ("answers", _("Your answers")),
        ("consent", _("Consent")),
    ]

    def _step(self, step, *fields):
        number = [name for name, _label in self.steps].index(step) + 1
        return Fieldset(
            dict(self.STEPS)[step],
            *fields,
            css_class="registration-step",
            css_id=f"step-{step}",
            template="registration/includes/step_fieldset.html",
            data_step=str(number),
        )

    def error_summary(self):
        """The errors of a refused form, for the summary above it: [(anchor, label, message)]
        in the form's order; the anchor is the field's first input ("" for errors of the
        whole form)."""
        summary = [("", "", error) for error in self.non_field_errors()]
        order = [pointer.name for pointer in self.helper.layout.get_field_names()]
        for name in order:
            if name not in self.fields:
                continue
            field = self[name]
            if field.is_hidden or not field.errors:
                continue
            anchor = field.id_for_label or f"{field.auto_id}_0"
            label = strip_tags(str(field.label)).strip()
            summary.extend((anchor, label, error) for error in field.errors)
        return summary

    def _add_consents(self):
        """The consents the app keeping them asks (registration.extensions), each linked
        to its text: the one to registration relabels privacy_consent, the optional ones
        are boxes of their own. Returns the names of those."""
        self.consent_purposes = {}
        for offer in extensions.consent_offers():
            label = format_html(
                '{} <a href="{}">{}</a>', offer.label, offer.url(self.conference), offer.link_text
            )
            if offer.purpose == extensions.REGISTRATION_PURPOSE:
                self.fields["privacy_consent"].label = label
                continue
            name = f"consent_{offer.purpose}"
            self.fields[name] = forms.BooleanField(required=offer.required, label=label)
            self.consent_purposes[name] = offer.purpose
        return list(self.consent_purposes)

    def consents(self):
        """{purpose: ticked} of the cleaned form; registration itself is always agreed."""
        given = {extensions.REGISTRATION_PURPOSE: True}
        for name, purpose in self.consent_purposes.items():
            given[purpose] = bool(self.cleaned_data.get(name))
        return given

    QUESTION_LEGENDS = {
        Question.AskedOf.EVERYONE: _("Questions from the organisers"),
        Question.AskedOf.IN_PERSON: _("Questions if you come in person"),
        Question.AskedOf.ONLINE: _("Questions if you take part online"),
    }
    QUESTION_REQUIRED_IF = {
        Question.AskedOf.IN_PERSON: _("Required if you come in person."),
        Question.AskedOf.ONLINE: _("Required if you take part online."),
    }

    def _add_questions(self, modes):
        """The organisers' questions, grouped by whom they are asked of. A question asked
        of one mode only is required of that mode only: the form checks it once the mode
        is known (clean), and a static script hides the groups of the mode not chosen."""
        questions.add_fields(self, self.questions)
        for question in self.questions:
            if question.required:
                # The steps script asks for it before Next whenever its group is shown (the
                # server decides again, by the mode chosen); HTML's `required` cannot say
                # "if shown" nor "one box of several".
                widget = self.fields[questions.field_name(question)].widget
                widget.attrs["data-required"] = "true"
        fieldsets = []
        for asked_of, legend in self.QUESTION_LEGENDS.items():
            group = [q for q in self.questions if q.asked_of == asked_of]
            if not group:
                continue
            if asked_of != Question.AskedOf.EVERYONE and len(modes) > 1:
                for question in group:
                    field = self.fields[questions.field_name(question)]
                    if question.required:
                        field.required = False
                        note = self.QUESTION_REQUIRED_IF[asked_of]
                        field.help_text = (
                            format_html("{} {}", field.help_text, note) if field.help_text else note
                        )
            fieldsets.append(
                Fieldset(
                    legend,
                    *[Div(questions.field_name(q), css_class="question") for q in group],
                    css_class="registration-questions",
                    data_asked_of=asked_of,
                )
            )
        return fieldsets

    @property
    def has_questions(self):
        return bool(self.questions)

    def answers(self):
        """{question: value} for the questions asked of the chosen mode (cleaned form)."""
        return questions.cleaned_answers(self, self.questions, self.cleaned_data["attendance_mode"])

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("attendance_mode")
        if mode:
            for question in self.questions:
                # A question not asked of the chosen mode is ignored, even if mistyped.
                if not question.is_asked_of(mode):
                    self._errors.pop(questions.field_name(question), None)
            questions.check_required(self, self.questions, mode)
        if cleaned.get("attendance_mode") != Mode.IN_PERSON:
            cleaned.update(accessibility_needs="", dietary_needs="", visa_letter_wanted=False)
            cleaned["invitation"] = None
            return cleaned
        code = cleaned.get("invitation_code")
        cleaned["invitation"] = None
        if code and self.codes_blocked:
            self.add_error(
                "invitation_code",
                _("Too many invitation codes were tried from your network. Please try later."),
            )
        elif code:
            invitation = eligibility.find_invitation(conference=self.conference, code=code)
            if invitation is None:
                self.add_error(
                    "invitation_code",
                    _("This code is not valid for this conference, or it has expired."),
                )
            cleaned["invitation"] = invitation
        return cleaned

    def _post_clean(self):
        # Online registrations carry no in-person details; the model would refuse a visa
        # letter for them, so clear them before the model's own validation runs.
        if self.cleaned_data.get("attendance_mode") != Mode.IN_PERSON:
            self.cleaned_data["visa_letter_wanted"] = False
        super()._post_clean()


class DetailsForm(OneLineFieldsMixin, forms.ModelForm):
    """What an attendee may change on the manage page (not the address: it was confirmed)."""

    class Meta:
        model = Registration
        fields = [
            "given_name",
            "family_name",
            "patronymic",
            "institution",
            "position",
            "country",
            *IN_PERSON_ONLY,
            "list_publicly",
        ]
        labels = LABELS
        widgets = WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_one_line_validators()
        if not self.instance.is_in_person:
            for name in IN_PERSON_ONLY:
                del self.fields[name]
        self.helper = FormHelper()
        self.helper.form_action = reverse(
            "registration:update_details", kwargs={"token": self.instance.manage_token}
        )
        self.helper.add_input(Submit("submit", _("Save my details")))


class AnswersForm(forms.Form):
    """The answers to the organisers' questions asked of the person's mode (manage page)."""

    def __init__(self, *args, registration, asked, answers, **kwargs):
        kwargs.setdefault("initial", questions.initial_values(answers))
        super().__init__(*args, **kwargs)
        self.registration = registration
        self.questions = asked
        questions.add_fields(self, asked)
        self.helper = FormHelper()
        self.helper.form_action = reverse(
            "registration:update_answers", kwargs={"token": registration.manage_token}
        )
        # A layout of its own: without one, crispy copies the form's action onto the div
        # of each group of checkboxes. The button's name keeps its id apart from the
        # details form's on the same page.
        self.helper.layout = Layout(
            *[questions.field_name(question) for question in asked],
            Submit("save_answers", _("Save my answers")),
        )

    def answers(self):
        return questions.cleaned_answers(self, self.questions)


class SwitchModeForm(forms.Form):
    attendance_mode = forms.ChoiceField(
        label=_("Take part"), choices=Mode.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, modes, conference=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Mode.choices)
        if conference is not None:  # "In person in <its city>"
            labels[Mode.IN_PERSON] = conference.in_person_label
        self.fields["attendance_mode"].choices = [(mode.value, labels[mode]) for mode in modes]


class LanguageSelect(forms.Select):
    """Each language's name marked as that language, so a screen reader says it right."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class LanguageForm(forms.Form):
    """The language of a person's emails, links and calendar feed (manage page)."""

    language = forms.ChoiceField(
        label=_("Language of your emails and calendar"),
        choices=settings.LANGUAGES,
        widget=LanguageSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each language named in itself, so a person who cannot read the page finds theirs.
        self.fields["language"].choices = [
            (code, translation.get_language_info(code)["name_local"])
            for code, _name in settings.LANGUAGES
        ]


class ConfirmForm(forms.Form):
    """A single button: state changes by POST, never by a link a mail scanner may open."""

    confirm = forms.BooleanField(required=True, widget=forms.HiddenInput, initial=True)
