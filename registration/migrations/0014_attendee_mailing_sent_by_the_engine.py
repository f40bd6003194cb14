"""Attendee mailings are sent by the mail engine (messaging/engine.py): each gets a mailing
of kind "programme" that holds its state and progress, copied from the mailing's own
columns, which go. Finished mailings stay readable with their counts; they had no
per-recipient log, so theirs stays empty."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def give_each_mailing_its_engine_mailing(apps, schema_editor):
    AttendeeMailing = apps.get_model("registration", "AttendeeMailing")
    GroupMessage = apps.get_model("messaging", "GroupMessage")
    for mailing in AttendeeMailing.objects.order_by("pk").iterator():
        # A mailing the old task had not finished is marked stopped: its recipients were
        # never written down, so an organiser sends what is missing as a new mailing.
        state = mailing.state if mailing.state in ("done", "failed") else "failed"
        message = GroupMessage.objects.create(
            kind="programme",
            conference_id=mailing.conference_id,
            audience={"status": ["confirmed"]},
            audience_label=mailing.about,
            created_by_id=mailing.created_by_id,
            key=uuid.uuid4(),
            state=state,
            recipient_total=mailing.recipient_total,
            queued_count=mailing.queued_count,
            log_written=True,
            failure=mailing.failure
            or ("" if state == mailing.state else "Stopped when the mail engine replaced it."),
            started_at=mailing.started_at,
            finished_at=mailing.finished_at or mailing.started_at,
        )
        GroupMessage.objects.filter(pk=message.pk).update(created_at=mailing.created_at)
        mailing.message_id = message.pk
        mailing.save(update_fields=["message"])


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0004_mail_engine"),
        ("registration", "0013_registration_patronymic"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendeemailing",
            name="message",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="attendee_mailing",
                to="messaging.groupmessage",
                verbose_name="mailing",
            ),
        ),
        migrations.RunPython(give_each_mailing_its_engine_mailing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="attendeemailing",
            name="message",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="attendee_mailing",
                to="messaging.groupmessage",
                verbose_name="mailing",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="attendeemailing",
            name="attendee_mailing_state_known",
        ),
        migrations.RemoveConstraint(
            model_name="attendeemailing",
            name="attendee_mailing_queued_within_total",
        ),
        migrations.RemoveField(model_name="attendeemailing", name="failure"),
        migrations.RemoveField(model_name="attendeemailing", name="finished_at"),
        migrations.RemoveField(model_name="attendeemailing", name="last_registration_id"),
        migrations.RemoveField(model_name="attendeemailing", name="queued_count"),
        migrations.RemoveField(model_name="attendeemailing", name="recipient_total"),
        migrations.RemoveField(model_name="attendeemailing", name="started_at"),
        migrations.RemoveField(model_name="attendeemailing", name="state"),
    ]
