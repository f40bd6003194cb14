"""The "Online team" group: join options, recordings and slides of sessions (the admin's
"Online sessions"), the attendance record of online sessions, and revoking join links.

Stands alone: the names are copied here, no app code is imported. The permissions are made
here too, because Django creates them only after the whole migrate run."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Online team"
APP_LABEL = "attending"
CODENAMES = [
    "view_onlinesession",
    "change_onlinesession",
    "view_joinoption",
    "add_joinoption",
    "change_joinoption",
    "delete_joinoption",
    "view_sessionmaterial",
    "add_sessionmaterial",
    "change_sessionmaterial",
    "delete_sessionmaterial",
    "view_sessionjoin",
    "view_joinpass",
    "revoke_joinpass",
]


def create_group(apps, schema_editor):
    using = schema_editor.connection.alias
    app_config = apps.get_app_config(APP_LABEL)
    had_module = getattr(app_config, "models_module", None)
    app_config.models_module = had_module or True
    try:
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    finally:
        app_config.models_module = had_module
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.using(using).get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.using(using).filter(
            content_type__app_label=APP_LABEL, codename__in=CODENAMES
        )
    )


def remove_group(apps, schema_editor):
    using = schema_editor.connection.alias
    apps.get_model("auth", "Group").objects.using(using).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("attending", "0004_join_options"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
