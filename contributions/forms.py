"""The call's public form (submitter and contribution), the form that edits a contribution
on its page, the co-author form and the PDF upload."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from contributions import services
from contributions.models import LANGUAGE_SUFFIXES, Format, Track, text_fields
from events.spam import HoneypotFormMixin, honeypot_layout_item
from outbox.addresses import AddressField, validate_single_line
from registration import names

WORD_HELP = _(
    "At most %(limit)d words. Words are counted in English and Russian; in Chinese each "
    "character counts as one word. Punctuation is not counted."
)


def _language_name(code):
    return dict(settings.LANGUAGES)[code]


class ContributionTextsForm(forms.Form):
    """Title and abstract in each language, which one is the original, track and format."""

    original_language = forms.ChoiceField(
        label=_("Original language"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        help_text=_("The language you wrote in; the others, if given, are translations."),
    )
    track = forms.ModelChoiceField(label=_("Track"), queryset=Track.objects.none())
    format = forms.ModelChoiceField(label=_("Format"), queryset=Format.objects.none())

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        # The call's tracks and formats, read once (the page lists them too).
        tracks = list(call.tracks.all())
        formats = list(call.formats.all())
        self.fields["track"].queryset = call.tracks.all()
        self.fields["track"].choices = [("", _("Choose a track"))] + [
            (t.pk, t.name) for t in tracks
        ]
        self.fields["format"].queryset = call.formats.all()
        self.fields["format"].choices = [("", _("Choose a format"))] + [
            (f.pk, _("%(name)s (%(minutes)d min)") % {"name": f.name, "minutes": f.length_minutes})
            for f in formats
        ]
        word_help = WORD_HELP % {"limit": call.abstract_word_limit}
        for code in LANGUAGE_SUFFIXES:
            title, abstract = text_fields(code)
            name = _language_name(code)
            self.fields[title] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                required=False,
                max_length=300,
                validators=[validate_single_line],
                # What is typed here is in that language (spelling, screen readers).
                widget=forms.TextInput(attrs={"lang": code}),
            )
            self.fields[abstract] = forms.CharField(
                label=_("Abstract (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 8, "lang": code}),
                max_length=60000,
                help_text=word_help,
            )

    def clean(self):
        cleaned = super().clean()
        for code in LANGUAGE_SUFFIXES:
            title, abstract = text_fields(code)
            has_title = bool(names.clean_name(cleaned.get(title, "")))
            has_abstract = bool((cleaned.get(abstract) or "").strip())
            if has_title and not has_abstract:
                self.add_error(abstract, _("Give the abstract in this language too, or no title."))
            elif has_abstract and not has_title:
                self.add_error(title, _("Give the title in this language too, or no abstract."))
        original = cleaned.get("original_language")
        if original in LANGUAGE_SUFFIXES:
            title, abstract = text_fields(original)
            if not (
                names.clean_name(cleaned.get(title, "")) and (cleaned.get(abstract) or "").strip()
            ):
                self.add_error(
                    "original_language",
                    _("Give the title and abstract in the original language."),
                )
        for field, message in services.abstract_problems(self.call, cleaned).items():
            self.add_error(field, message)
        return cleaned

    def language_fields(self):
        """[(language code, title field, abstract field)] for the template."""
        return [
            (code, _language_name(code), self[text_fields(code)[0]], self[text_fields(code)[1]])
            for code in LANGUAGE_SUFFIXES
        ]

    def texts(self):
        return {
            name: self.cleaned_data.get(name, "")
            for code in LANGUAGE_SUFFIXES
            for name in text_fields(code)
        }


class SubmitterForm(HoneypotFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("As it should appear on the programme."),
    )
    email = AddressField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send you a link to confirm it; the same link is your contribution's page."),
    )
    institution = forms.CharField(
        label=_("Your institution"),
        max_length=300,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    country = forms.ChoiceField(label=_("Country"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose the country")), *countries]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "name", "email", "institution", "country", honeypot_layout_item()
        )

    def clean_name(self):
        value = names.clean_name(self.cleaned_data["name"])
        if not value:
            raise forms.ValidationError(_("Please give your name."))
        return value

    def clean_institution(self):
        value = names.clean_name(self.cleaned_data["institution"])
        if not value:
            raise forms.ValidationError(_("Please give your institution."))
        return value


class AuthorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, validators=[validate_single_line])
    institution = forms.CharField(
        label=_("Institution"), max_length=300, validators=[validate_single_line]
    )
    country = forms.ChoiceField(label=_("Country"))
    email = AddressField(label=_("Email address"), max_length=254)
    is_speaker = forms.BooleanField(label=_("Will speak at the conference"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose the country")), *countries]

    def clean_name(self):
        value = names.clean_name(self.cleaned_data["name"])
        if not value:
            raise forms.ValidationError(_("Please give the name."))
        return value

    def clean_institution(self):
        value = names.clean_name(self.cleaned_data["institution"])
        if not value:
            raise forms.ValidationError(_("Please give the institution."))
        return value


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("PDF file"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.CONTRIBUTION_PDF_MAX_BYTES // (1024 * 1024)
        self.fields["file"].help_text = _(
            "One PDF of at most %(size)d MB; it replaces the one before. Files with scripts, "
            "actions or attached files are refused; we keep the pages without the file's "
            "metadata (author, software)."
        ) % {"size": limit}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.CONTRIBUTION_PDF_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.")
                % {"size": settings.CONTRIBUTION_PDF_MAX_BYTES // (1024 * 1024)}
            )
        return upload


def initial_texts(contribution):
    initial = {
        name: getattr(contribution, name)
        for code in LANGUAGE_SUFFIXES
        for name in text_fields(code)
    }
    initial.update(
        original_language=contribution.original_language,
        track=contribution.track_id,
        format=contribution.format_id,
    )
    return initial
