"""The "Check-in staff" group: the check-in desk (attending.check_in) and nothing else.

Stands alone: the names are copied here, no app code is imported. The permission is made
here too, because Django creates permissions only after the whole migrate run."""

from django.db import migrations

GROUP = "Check-in staff"
APP_LABEL = "attending"
MODEL = "checkin"
CODENAME = "check_in"
PERMISSION_NAME = "Can check attendees in at the door"


def create_group(apps, schema_editor):
    db = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.using(db).get_or_create(
        app_label=APP_LABEL, model=MODEL
    )
    permission, _created = Permission.objects.using(db).get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": PERMISSION_NAME}
    )
    group, _created = Group.objects.using(db).get_or_create(name=GROUP)
    group.permissions.set([permission])


def remove_group(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(db).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("attending", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
