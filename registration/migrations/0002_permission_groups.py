"""Creates the "Content editors" and "Registration managers" groups with their permissions."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from registration.permissions import sync_groups

    sync_groups(apps=apps, using=schema_editor.connection.alias)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=["Content editors", "Registration managers"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registration", "0001_initial"),
        ("events", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
