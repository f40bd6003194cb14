"""Registration managers may write to groups of attendees and read the send logs.

Stands alone: the names are copied here, no app code is imported. The permissions are made
here too, because Django creates permissions only after the whole migrate run."""

from django.db import migrations

GROUP = "Registration managers"
APP_LABEL = "messaging"
PERMISSIONS = [
    # (model, codename, name)
    ("groupmessage", "send_groupmessage", "Can write messages to groups of attendees"),
    ("groupmessage", "view_groupmessage", "Can view message to attendees"),
    ("recipient", "view_recipient", "Can view send log entry"),
]


def grant(apps, schema_editor):
    db = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.using(db).get_or_create(name=GROUP)
    for model, codename, name in PERMISSIONS:
        content_type, _created = ContentType.objects.using(db).get_or_create(
            app_label=APP_LABEL, model=model
        )
        permission, _created = Permission.objects.using(db).get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    db = schema_editor.connection.alias
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group = Group.objects.using(db).filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.using(db).filter(content_type__app_label=APP_LABEL)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_initial"),
        ("registration", "0002_permission_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
