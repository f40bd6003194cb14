"""A message's subject and body in each language (django-modeltranslation): `subject_en`,
`subject_ru`, `subject_zh_hans`...; reading `subject` with a language active gives that
language's text, or the English one where it is empty."""

from modeltranslation.translator import TranslationOptions, register

from messaging.models import GroupMessage


@register(GroupMessage)
class GroupMessageTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = ("en",)
