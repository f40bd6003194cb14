from django.contrib import admin
from django.db import models


class ContentAdmin(admin.ModelAdmin):
    """Base of the content admins: a web address typed without a scheme means https
    (Django 6's default, chosen now rather than warned about on every form)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


def https_formfield(db_field, **kwargs):
    """formfield_callback for a ModelForm defined outside the admin, to the same effect."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)
