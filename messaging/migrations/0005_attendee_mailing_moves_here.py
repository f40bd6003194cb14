"""The attendee mailing moves from registration to messaging, the mail engine that sends it
(registration must never import messaging). Its rows stay: the model is added to
messaging's state over registration's table (no SQL), then the table, and its sessions'
table, are renamed to messaging's names (ALTER TABLE ... RENAME, on SQLite and PostgreSQL
alike), and the model's content type moves with its permissions, so every grant of "Can email
confirmed attendees" holds. registration 0016 then drops the model from registration's state
only. Stands alone: no import of today's app code."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODEL = "attendeemailing"


def move_content_type(apps, schema_editor, source="registration", target="messaging"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    old = ContentType.objects.using(db).filter(app_label=source, model=MODEL).first()
    if old is None:
        return  # a fresh database: post_migrate makes messaging's content type
    new = ContentType.objects.using(db).filter(app_label=target, model=MODEL).first()
    if new is None:
        old.app_label = target
        old.save(update_fields=["app_label"])
        return
    # Both exist (a database that ran post_migrate in between): the grants go to the new one.
    for permission in Permission.objects.using(db).filter(content_type=old):
        kept = Permission.objects.using(db).filter(
            content_type=new, codename=permission.codename
        ).first()
        if kept is None:
            permission.content_type = new
            permission.save(update_fields=["content_type"])
        else:
            kept.group_set.add(*permission.group_set.all())
            kept.user_set.add(*permission.user_set.all())
            permission.delete()
    old.delete()


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="messaging", target="registration")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0007_conference_zone_default_and_previous_month"),
        ("messaging", "0004_mail_engine"),
        ("registration", "0015_alter_registration_attendance_mode"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AttendeeMailing",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "about",
                            models.CharField(
                                choices=[
                                    ("conference", "The conference's dates or status"),
                                    ("sessions", "Chosen sessions (moved or cancelled)"),
                                ],
                                max_length=20,
                                verbose_name="about",
                            ),
                        ),
                        (
                            "note",
                            models.TextField(
                                blank=True,
                                help_text="Optional; added to every mail as it is typed here.",
                                max_length=2000,
                                verbose_name="note from the organisers",
                            ),
                        ),
                        (
                            "key",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, unique=True, verbose_name="key"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                        ),
                        (
                            "conference",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="attendee_mailings",
                                to="events.conference",
                                verbose_name="conference",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="created by",
                            ),
                        ),
                        (
                            "message",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="attendee_mailing",
                                to="messaging.groupmessage",
                                verbose_name="mailing",
                            ),
                        ),
                        (
                            "sessions",
                            models.ManyToManyField(
                                blank=True,
                                related_name="+",
                                to="events.session",
                                verbose_name="sessions",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "attendee mailing",
                        "verbose_name_plural": "attendee mailings",
                        "ordering": ["-created_at", "-id"],
                        "permissions": [("send_attendeemailing", "Can email confirmed attendees")],
                        "default_permissions": ["view"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("about__in", ["conference", "sessions"])),
                                name="attendee_mailing_about_known",
                            )
                        ],
                        # For now registration's table, which holds the rows.
                        "db_table": "registration_attendeemailing",
                    },
                ),
            ],
            database_operations=[],
        ),
        # registration_attendeemailing -> messaging_attendeemailing, and its sessions' table
        # registration_attendeemailing_sessions -> messaging_attendeemailing_sessions.
        migrations.AlterModelTable(name="attendeemailing", table=None),
        migrations.RunPython(move_content_type, move_content_type_back, elidable=False),
    ]
