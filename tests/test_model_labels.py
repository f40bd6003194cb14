"""Every model of the project's apps and every field an organiser can meet in the admin has a
label in the three languages: the Russian and Chinese admin shows no English word.

A label is a lazily translated string (gettext_lazy) whose message has a Russian and a
Simplified Chinese translation in locale/*/LC_MESSAGES/django.po. Django's own defaults (the
field name with spaces, the class name, "...s" for the plural) are plain English and fail.
modeltranslation's per-language copies of a field (title_ru, title_zh_hans) take their label
from the field they copy, so only that one is checked; fields Django adds itself (the id, a
parent link) are left out."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from modeltranslation.fields import TranslationField

BASE_DIR = Path(settings.BASE_DIR).resolve()
LANGUAGES = ("ru", "zh-hans")


def project_models():
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(BASE_DIR) and ".venv" not in path.parts:
            yield from config.get_models()


def labelled_fields(model):
    for field in [*model._meta.concrete_fields, *model._meta.local_many_to_many]:
        if field.auto_created or isinstance(field, TranslationField):
            continue
        if field.model is not model:
            continue  # inherited: checked on the model that declares it
        yield field


def labels():
    for model in project_models():
        name = model._meta.label
        yield f"{name} verbose_name", model._meta.verbose_name
        yield f"{name} verbose_name_plural", model._meta.verbose_name_plural
        for field in labelled_fields(model):
            yield f"{name}.{field.name}", field.verbose_name


def untranslated(label):
    """Why the label is not a translated one, or None when it is."""
    if not isinstance(label, Promise):
        return "a plain string, not gettext_lazy"
    with translation.override("en"):
        english = str(label)
    for language in LANGUAGES:
        with translation.override(language):
            if str(label) == english:
                return f"no {language} translation of {english!r}"
    return None


def test_the_project_models_are_found():
    found = {model._meta.label for model in project_models()}
    assert {"events.Conference", "registration.Registration", "messaging.GroupMessage"} <= found
    assert not any(label.startswith(("auth.", "mailer.", "django_tasks_db.")) for label in found)


def test_a_default_label_is_caught():
    """The check itself: Django's own English defaults fail it, a translated label passes."""
    from django.db import models
    from django.utils.translation import gettext_lazy as _

    field = models.BooleanField()
    field.set_attributes_from_name("is_late")
    assert untranslated(field.verbose_name) == "a plain string, not gettext_lazy"
    assert untranslated(_("Conference")) is None
    assert untranslated(_("A message no catalogue holds, 7f3a")) == (
        "no ru translation of 'A message no catalogue holds, 7f3a'"
    )


def test_every_model_and_field_label_is_translated():
    missing = [f"{where}: {why}" for where, label in labels() if (why := untranslated(label))]
    assert missing == []
