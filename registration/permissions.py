"""The two organiser groups: content editors (the conference pages) and registration
managers (the attendees). Created by a migration and topped up after every migrate, so
permissions of models added later reach the groups too."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

GROUPS = {
    "Content editors": {"events": None},
    # Registration managers run the attendees' mail too: they see the queue, and retry
    # what the mail worker set aside (outbox/admin.py).
    "Registration managers": {
        "registration": None,
        "events": ["view_conference"],
        "mailer": ["view_message", "change_message"],
    },
}


def sync_groups(apps=global_apps, using="default"):
    """Creates both groups if missing and adds any permission they should have."""
    # Permissions are normally created after the whole migrate run; create them now so a
    # fresh database gets complete groups from the migration itself.
    for label in ("auth", "events", "registration", "mailer"):
        try:
            app_config = apps.get_app_config(label)
        except LookupError:  # a migration state without that app: its grants wait
            continue
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
