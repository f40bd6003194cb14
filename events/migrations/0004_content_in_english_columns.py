"""The content written before translations existed is English: copy each translated field's
value into its new `_en` column, so nothing shows empty and the fallback has its text.

Constants copied from events/translation.py as it was when this migration was written.
"""

from django.db import migrations
from django.db.models import F

TRANSLATED_FIELDS = {
    "Conference": (
        "title",
        "summary",
        "description",
        "status_note",
        "venue_name",
        "venue_street",
        "venue_city",
        "in_person_eligibility",
        "online_eligibility",
    ),
    "Organisation": ("name", "acronym"),
    "Goal": ("text",),
    "Topic": ("title",),
    "DateChange": ("reason",),
    "Session": ("title", "description"),
    "DeletedSession": ("title",),
    "Room": ("name",),
    "Speaker": ("position", "affiliation"),
}


def copy_into_english(apps, schema_editor):
    for model_name, fields in TRANSLATED_FIELDS.items():
        model = apps.get_model("events", model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


def copy_back(apps, schema_editor):
    for model_name, fields in TRANSLATED_FIELDS.items():
        model = apps.get_model("events", model_name)
        for field in fields:
            model.objects.filter(**{f"{field}_en__isnull": False}).update(
                **{field: F(f"{field}_en")}
            )


class Migration(migrations.Migration):
    dependencies = [("events", "0003_content_translations")]

    operations = [migrations.RunPython(copy_into_english, copy_back)]
