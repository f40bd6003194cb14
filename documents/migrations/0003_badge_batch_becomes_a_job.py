"""Badge print runs become background jobs (jobs.Job, kind "documents.badges"): the old
runs' PDFs (names of attendees) are deleted with their rows, as the 30-day purge would."""

from django.db import migrations


def delete_pdfs(apps, schema_editor):
    BadgeBatch = apps.get_model("documents", "BadgeBatch")
    for batch in BadgeBatch.objects.exclude(pdf=""):
        batch.pdf.delete(save=False)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_badge_and_certificate_permissions"),
    ]

    operations = [
        migrations.RunPython(delete_pdfs, migrations.RunPython.noop),
        migrations.DeleteModel(name="BadgeBatch"),
    ]
