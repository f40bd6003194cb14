# The raw join URL gives way to attending's join options and personal join links;
# attending/0006_join_url_to_join_options turns each one into a join option first.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0004_content_in_english_columns'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='session',
            name='join_url',
        ),
    ]
