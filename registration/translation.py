"""Texts organisers write in each language for their registration questions
(django-modeltranslation, as events/translation.py does for the programme): one column per
language, `text` reads the active language's, or the English one where it is empty."""

from modeltranslation.translator import TranslationOptions, register

from registration.models import Question, QuestionOption


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text")


@register(QuestionOption)
class QuestionOptionTranslation(TranslationOptions):
    fields = ("label",)
