"""Creates the "Content editors" and "Registration managers" groups with their permissions.

Stands alone: the group names and grants are copied here as they were when this migration
was written, and models come from the migration state (`apps.get_model`), never from
today's app code. registration/permissions.py tops the groups up after every migrate.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Content editors": {"events": None},
    "Registration managers": {"registration": None, "events": ["view_conference"]},
}


def create_groups(apps, schema_editor):
    using = schema_editor.connection.alias
    # Permissions are normally created after the whole migrate run; create them now so a
    # fresh database gets complete groups from the migration itself.
    for label in ("auth", "events", "registration"):
        app_config = apps.get_app_config(label)
        had_module = getattr(app_config, "models_module", None)
        app_config.models_module = had_module or True
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = had_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        for app_label, codenames in grants.items():
            permissions = Permission.objects.using(using).filter(content_type__app_label=app_label)
            if codenames is not None:
                permissions = permissions.filter(codename__in=codenames)
            group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=list(GROUPS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registration", "0001_initial"),
        ("events", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
