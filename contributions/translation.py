"""The call's own words in each language (django-modeltranslation, as events/translation.py):
its introduction, and the names of its tracks and formats. What authors write (titles and
abstracts) is not content of ours: it has its own columns per language on Contribution."""

from modeltranslation.translator import TranslationOptions, register

from contributions.models import Call, Format, Track


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("intro",)


@register(Track)
class TrackTranslation(TranslationOptions):
    fields = ("name",)


@register(Format)
class FormatTranslation(TranslationOptions):
    fields = ("name",)
