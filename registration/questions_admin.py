"""The organisers' questions in the admin: written in each language side by side, their
choices inline, archived (never deleted) once someone answered them. Registered in
registration/admin.py. (The exports of registrations, with every answer, are background
jobs: registration/runners.py.)"""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationTabularInline

from events.admin_base import ContentAdmin
from registration import services
from registration.models import QuestionOption
from teams.admin import ConferenceScopedAdmin


class QuestionOptionInline(ConferenceScopedAdmin, TranslationTabularInline):
    """The choices of a one-choice or several-choices question. A choice someone chose
    cannot be deleted (the admin says so): archive it instead."""

    model = QuestionOption
    fields = ["label", "order", "archived"]
    extra = 3


class QuestionAdmin(ConferenceScopedAdmin, ContentAdmin):
    list_display = [
        "text",
        "conference",
        "kind",
        "asked_of",
        "required",
        "order",
        "archived",
        "answer_count",
    ]
    list_filter = ["conference", "kind", "asked_of", "required", "archived"]
    search_fields = ["text"]
    list_select_related = ["conference"]
    autocomplete_fields = ["conference"]
    inlines = [QuestionOptionInline]
    fields = [
        "conference",
        "text",
        "help_text",
        "kind",
        "required",
        "asked_of",
        "order",
        "archived",
    ]
    actions = ["archive_selected", "restore_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answer_total=Count("answers"))

    @admin.display(description=_("answers"), ordering="answer_total")
    def answer_count(self, obj):
        return obj.answer_total

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.answers.exists():
            # The answers given were to this conference and this kind of question.
            fields += ["conference", "kind"]
        return fields

    @admin.action(description=_("Archive: no longer ask, keep the answers"), permissions=["change"])
    def archive_selected(self, request, queryset):
        count = services.archive_questions(questions=queryset, archived=True)
        self.message_user(
            request,
            ngettext("%d question archived.", "%d questions archived.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Ask again (restore from the archive)"), permissions=["change"])
    def restore_selected(self, request, queryset):
        count = services.archive_questions(questions=queryset, archived=False)
        self.message_user(
            request,
            ngettext("%d question restored.", "%d questions restored.", count) % count,
            messages.SUCCESS,
        )
