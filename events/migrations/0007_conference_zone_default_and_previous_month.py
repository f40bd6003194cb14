"""A conference's default zone comes from settings (CONFERENCE_TIME_ZONE); a date change's
untranslated "previous label" ("September 2021") becomes a month, which each language writes
in its own form ("сентябрь 2021 г.", "2021年9月"). A label that is not "Month YYYY" (English)
is kept at the start of the change's reason, so no text is lost."""

import datetime

from django.db import migrations, models

import events.models.conference


def labels_to_months(apps, schema_editor):
    DateChange = apps.get_model("events", "DateChange")
    for change in DateChange.objects.exclude(previous_label=""):
        label = change.previous_label.strip()
        try:
            change.previous_month = datetime.datetime.strptime(label, "%B %Y").date()
        except ValueError:
            change.reason = f"({label}) {change.reason}".strip()
            change.reason_en = f"({label}) {change.reason_en or ''}".strip()
        change.save(update_fields=["previous_month", "reason", "reason_en"])


def months_to_labels(apps, schema_editor):
    DateChange = apps.get_model("events", "DateChange")
    for change in DateChange.objects.exclude(previous_month=None):
        change.previous_label = change.previous_month.strftime("%B %Y")
        change.save(update_fields=["previous_label"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0006_conference_mail_identity_and_audience_zones"),
    ]

    operations = [
        migrations.AddField(
            model_name="datechange",
            name="previous_month",
            field=models.DateField(
                blank=True,
                help_text="When exact dates were never set: any day of the month they were "
                "planned for (shown as the month and year in each language, e.g. “September "
                "2021”).",
                null=True,
                verbose_name="previous month",
            ),
        ),
        migrations.RunPython(labels_to_months, months_to_labels),
        migrations.RemoveField(
            model_name="datechange",
            name="previous_label",
        ),
        migrations.AlterField(
            model_name="conference",
            name="time_zone",
            field=models.CharField(
                default=events.models.conference.default_time_zone,
                help_text="IANA name of the venue's time zone, e.g. Europe/Paris.",
                max_length=64,
                validators=[events.models.conference.validate_time_zone],
                verbose_name="time zone",
            ),
        ),
    ]
