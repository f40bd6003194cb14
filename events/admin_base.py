from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from events import translation


class MissingTranslationFilter(admin.SimpleListFilter):
    """'Missing in Russian': the rows with a field that has English text and none in that
    language (events.translation.missing_in)."""

    title = _("translation missing in")
    parameter_name = "missing_in"

    def lookups(self, request, model_admin):
        return translation.translated_languages()

    def queryset(self, request, queryset):
        languages = dict(translation.translated_languages())
        if self.value() not in languages:
            return queryset  # no choice, or an unknown code typed into the address
        return queryset.filter(translation.missing_in(queryset.model, self.value()))


class ContentAdmin(TranslationAdmin):
    """Base of the content admins: translated fields edited side by side, one per language
    (events/translation.py), a filter and a column for what is missing in each language;
    a web address typed without a scheme means https (Django 6's default, chosen now rather
    than warned about on every form)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_search_fields(self, request):
        """A translated field is searched in every language: an organiser finds
        "Открытие" from the English admin too."""
        languages = [code for code, _name in settings.LANGUAGES]
        fields = []
        for name in super().get_search_fields(request):
            fields.append(name)
            if name in translation.translated_fields(self.model):
                fields += [build_localized_fieldname(name, code) for code in languages]
        return fields

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "missing_translations"]

    @admin.display(description=_("missing translations"))
    def missing_translations(self, obj):
        """'Russian: Title, Summary' per language with a gap; '-' when all is translated.
        Reads the row already loaded: no query."""
        model = type(obj)
        gaps = [
            (name, ", ".join(str(translation.field_label(model, f)) for f in fields))
            for code, name in translation.translated_languages()
            if (fields := translation.missing_fields(obj, code))
        ]
        if not gaps:
            return "-"
        return format_html_join("; ", "{}: {}", gaps)


def https_formfield(db_field, **kwargs):
    """formfield_callback for a ModelForm defined outside the admin, to the same effect."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


def render_in_zone(zone, view):
    """The response of `view()` rendered while `zone` is active, so a change form types and
    shows its times in the conference's zone (the conference and session admins)."""
    with timezone.override(zone):
        response = view()
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        return response
