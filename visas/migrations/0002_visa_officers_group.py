"""The "Visa officers" group: the only one that sees passport data (the requests, their
exports, the audit log) and moves requests from one status to the next.

Stands alone: the names are copied here, no app code is imported. The permissions are made
here too, because Django creates permissions only after the whole migrate run."""

from django.db import migrations

GROUP = "Visa officers"
APP_LABEL = "visas"
# (model, codename, name)
PERMISSIONS = [
    ("visarequest", "view_visarequest", "Can view visa request"),
    ("visarequest", "view_passport_data", "Can see passport data of visa requests"),
    ("visarequest", "export_visarequest", "Can export visa requests"),
    ("visarequest", "change_visa_status", "Can change the status of visa requests"),
    ("visaauditentry", "view_visaauditentry", "Can view visa audit entry"),
    ("visasettings", "view_visasettings", "Can view visa settings"),
    ("visasettings", "add_visasettings", "Can add visa settings"),
    ("visasettings", "change_visasettings", "Can change visa settings"),
]


def create_group(apps, schema_editor):
    db = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    granted = []
    for model, codename, name in PERMISSIONS:
        content_type, _created = ContentType.objects.using(db).get_or_create(
            app_label=APP_LABEL, model=model
        )
        permission, _created = Permission.objects.using(db).get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        granted.append(permission)
    group, _created = Group.objects.using(db).get_or_create(name=GROUP)
    group.permissions.set(granted)


def remove_group(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(db).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("visas", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
