from django.db import models
from modeltranslation.admin import TranslationAdmin


class ContentAdmin(TranslationAdmin):
    """Base of the content admins: translated fields edited side by side, one per language
    (events/translation.py); a web address typed without a scheme means https (Django 6's
    default, chosen now rather than warned about on every form)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


def https_formfield(db_field, **kwargs):
    """formfield_callback for a ModelForm defined outside the admin, to the same effect."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)
