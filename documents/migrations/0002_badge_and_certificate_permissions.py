"""Who works with documents: Registration managers (badges, badge roles, certificate rules
and decisions, verification codes) and Check-in staff (printing badges only). Content
editors get nothing here.

Stands alone: the names are copied here, no app code is imported. The permissions are made
here too, because Django creates permissions only after the whole migrate run."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Registration managers": [
        "view_badgeattendee",
        "print_badges",
        "view_badgebatch",
        "add_badgebatch",
        "view_badge",
        "add_badge",
        "change_badge",
        "delete_badge",
        "view_certificaterule",
        "add_certificaterule",
        "change_certificaterule",
        "view_certificatedecision",
        "add_certificatedecision",
        "change_certificatedecision",
        "view_verificationcode",
    ],
    "Check-in staff": [
        "view_badgeattendee",
        "print_badges",
        "view_badgebatch",
        "add_badgebatch",
    ],
}


def grant(apps, schema_editor):
    db = schema_editor.connection.alias
    app_config = apps.get_app_config("documents")
    had_module = getattr(app_config, "models_module", None)
    app_config.models_module = had_module or True
    try:
        create_permissions(app_config, verbosity=0, using=db, apps=apps)
    finally:
        app_config.models_module = had_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _created = Group.objects.using(db).get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.using(db).filter(
                content_type__app_label="documents", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.using(db).filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.using(db).filter(
                    content_type__app_label="documents", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("registration", "0002_permission_groups"),
        ("attending", "0002_check_in_staff_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
