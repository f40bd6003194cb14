"""The organiser groups of old become teams for all conferences, and the groups go.

Until now rights came from six auth groups made by data migrations in six apps. Each member
of such a group becomes a member of a team of the matching role (teams/roles.py) covering
all conferences, so a deployment keeps working; the groups are then deleted, so no right
remains that a team does not grant. A group nobody belonged to leaves no team behind.

Stands alone: the names are copied here, no app code is imported. Reversing it does not
bring the groups back (their rights now live in teams/roles.py); the teams stay."""

from django.db import migrations

# Group name -> role slug, as the groups were named when this migration was written.
GROUPS = {
    "Content editors": "content_editor",
    "Registration managers": "registration_manager",
    "Check-in staff": "checkin_staff",
    "Online team": "online_team",
    "Visa officers": "visa_officer",
}


def groups_to_teams(apps, schema_editor):
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Team = apps.get_model("teams", "Team")
    for group in Group.objects.using(db).filter(name__in=list(GROUPS)):
        members = list(group.user_set.using(db).all())
        if members:
            team, _created = Team.objects.using(db).get_or_create(
                name=group.name, defaults={"role": GROUPS[group.name], "all_conferences": True}
            )
            team.members.add(*members)
        group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0001_teams"),
        # Every migration that made or filled one of the groups runs first.
        ("registration", "0002_permission_groups"),
        ("delegations", "0002_registration_managers_see_delegations"),
        ("messaging", "0002_registration_managers_send_messages"),
        ("documents", "0002_badge_and_certificate_permissions"),
        ("attending", "0005_online_team_group"),
        ("visas", "0002_visa_officers_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(groups_to_teams, migrations.RunPython.noop)]
