"""The calendar feed gets a link of its own (Registration.feed_token_salt), and staff a
permission to open an attendee's page on the record. AddField computes the default once
for every existing row, so each row then gets a salt of its own (constants copied here)."""

import secrets

import registration.models
from django.db import migrations, models


def own_salts(apps, schema_editor):
    Registration = apps.get_model("registration", "Registration")
    using = schema_editor.connection.alias
    for pk in Registration.objects.using(using).values_list("pk", flat=True).iterator():
        Registration.objects.using(using).filter(pk=pk).update(
            feed_token_salt=secrets.token_hex(16)
        )


class Migration(migrations.Migration):

    dependencies = [
        ('registration', '0008_email_in_one_form'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='registration',
            options={'ordering': ['-created_at', '-id'], 'permissions': [('decide_registration', 'Can approve, decline and promote registrations'), ('export_registration', 'Can export registrations with personal data'), ('open_attendee_page', "Can open an attendee's page, on the record")]},
        ),
        migrations.AddField(
            model_name='registration',
            name='feed_token_salt',
            field=models.CharField(default=registration.models._new_token_salt, editable=False, max_length=32),
        ),
        migrations.RunPython(own_salts, migrations.RunPython.noop),
    ]
