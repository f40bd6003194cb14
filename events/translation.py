"""Content organisers write in each language (django-modeltranslation).

Each field named here gets one column per language in settings.LANGUAGES (`title_en`,
`title_ru`, `title_zh_hans`); reading `title` gives the active language's text, or the
English one where that translation is empty. The admin edits the languages side by side.
modeltranslation finds this module by its name when the app registry is ready.
"""

import functools

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.text import capfirst
from modeltranslation.translator import NotRegistered, TranslationOptions, register, translator
from modeltranslation.utils import build_localized_fieldname

from events.models import (
    Conference,
    DateChange,
    DeletedSession,
    Goal,
    Organisation,
    Room,
    Session,
    Speaker,
    Topic,
)


@register(Conference)
class ConferenceTranslation(TranslationOptions):
    fields = (
        "title",
        "summary",
        "description",
        "status_note",
        "venue_name",
        "venue_street",
        "venue_city",
        "in_person_eligibility",
        "online_eligibility",
        "short_name",
        "mail_sender_name",
        "mail_signature",
        "data_controller",
        "data_controller_address",
    )


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "acronym")  # ASRTU is АТУРК in Russian
    # Names are unique: an untranslated name is NULL, never "", so two may be missing at once.
    empty_values = None


@register(Goal)
class GoalTranslation(TranslationOptions):
    fields = ("text",)


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("title",)


@register(DateChange)
class DateChangeTranslation(TranslationOptions):
    fields = ("reason",)


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(DeletedSession)
class DeletedSessionTranslation(TranslationOptions):
    fields = ("title",)  # copied from the session in every language (events.programme)


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)
    # Unique per conference in each language (modeltranslation copies the constraint).
    empty_values = None


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("position", "affiliation")


# What is missing: a field counts as missing in a language when it has English text and no
# text in that language (a page then shows the English, marked lang="en").


def translated_languages():
    """The languages content is translated into: every one in settings.LANGUAGES but the
    default, as (code, name) pairs."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return [(code, name) for code, name in settings.LANGUAGES if code != default]


@functools.cache
def translated_fields(model):
    """The names of `model`'s translated fields, in the model's order; empty for a model
    without any. Worked out once per model (the registrations above never change)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    names = set(options.get_field_names())
    return tuple(field.name for field in model._meta.fields if field.name in names)


def _has_text(value):
    return value is not None and value != ""


def is_fallback(obj, field, language):
    """True when `obj.field` shown in `language` is the English text standing in for a
    missing translation. Reads only the loaded columns: no query."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if language == default or field not in translated_fields(type(obj)):
        return False
    own = getattr(obj, build_localized_fieldname(field, language), None)
    english = getattr(obj, build_localized_fieldname(field, default), None)
    return not _has_text(own) and _has_text(english)


def missing_fields(obj, language):
    """The translated fields of `obj` with English text but none in `language`."""
    return [field for field in translated_fields(type(obj)) if is_fallback(obj, field, language)]


def missing_in(model, language):
    """A filter for the rows of `model` with at least one field missing in `language`."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    condition = Q(pk__in=[])
    for field in translated_fields(model):
        english = build_localized_fieldname(field, default)
        own = build_localized_fieldname(field, language)
        has_english = Q(**{f"{english}__isnull": False}) & ~Q(**{english: ""})
        lacks_own = Q(**{f"{own}__isnull": True}) | Q(**{own: ""})
        condition |= has_english & lacks_own
    return condition


def field_label(model, field):
    return capfirst(model._meta.get_field(field).verbose_name)


def missing_report(conference):
    """Every missing translation of a conference's content, per language: a list of
    (language name, [line, ...]), each line naming a record and its missing fields, e.g.
    'Session “Opening”: title, description'. A few queries: for the admin's change page."""
    records = [(None, conference)]
    for related, label_field in [
        ("goals", "text"),
        ("topics", "title"),
        ("date_changes", "reason"),
        ("rooms", "name"),
    ]:
        records += [(label_field, item) for item in getattr(conference, related).all()]
    for session in conference.sessions.prefetch_related("speakers"):
        records.append(("title", session))
        records += [("name", speaker) for speaker in session.speakers.all()]
    roles = conference.roles.select_related("organisation")
    records += [("name", role.organisation) for role in roles]

    report = []
    seen = set()
    for code, name in translated_languages():
        lines = []
        for label_field, obj in records:
            key = (code, type(obj), obj.pk)
            if key in seen:
                continue
            seen.add(key)
            fields = missing_fields(obj, code)
            if not fields:
                continue
            labels = ", ".join(str(field_label(type(obj), field)) for field in fields)
            if label_field is None:
                lines.append(labels)
            else:
                with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
                    title = getattr(obj, label_field)
                lines.append(
                    translation.gettext("%(record)s “%(name)s”: %(fields)s")
                    % {
                        "record": capfirst(type(obj)._meta.verbose_name),
                        "name": title,
                        "fields": labels,
                    }
                )
        report.append((name, lines))
    return report


def mark_reviewed(*, conference):
    """An organiser has checked the conference's translations: clear its review flag. The
    flag shows only in the admin, so no public page changes."""
    Conference.objects.filter(pk=conference.pk).update(translations_to_review=False)
    conference.translations_to_review = False


def in_every_language(obj, *fields):
    """{column: value} of `fields` in every language, to copy translated content whatever
    language is active (reading `obj.title` gives only the active one)."""
    return {
        build_localized_fieldname(field, code): getattr(obj, build_localized_fieldname(field, code))
        for field in fields
        for code, _name in settings.LANGUAGES
    }
