"""The attendee mailing is messaging's now (messaging 0005 took over its table, renamed it
and moved its content type): it leaves registration's state only; no SQL."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0005_attendee_mailing_moves_here"),
        ("registration", "0015_alter_registration_attendance_mode"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AttendeeMailing")],
            database_operations=[],
        ),
    ]
