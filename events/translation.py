"""Content organisers write in each language (django-modeltranslation).

Each field named here gets one column per language in settings.LANGUAGES (`title_en`,
`title_ru`, `title_zh_hans`); reading `title` gives the active language's text, or the
English one where that translation is empty. The admin edits the languages side by side.
modeltranslation finds this module by its name when the app registry is ready.
"""

from modeltranslation.translator import TranslationOptions, register

from events.models import Conference, DateChange, Goal, Organisation, Room, Session, Speaker, Topic


@register(Conference)
class ConferenceTranslation(TranslationOptions):
    fields = (
        "title",
        "summary",
        "description",
        "venue_name",
        "venue_street",
        "venue_city",
        "in_person_eligibility",
        "online_eligibility",
    )


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name",)
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


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)
    # Unique per conference in each language (modeltranslation copies the constraint).
    empty_values = None


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("position", "affiliation")
