"""Background work of the registration app, run by the task worker (`manage.py db_worker`,
django-tasks with its database backend) outside any request."""

from django_tasks import task

from registration import exports


@task()
def send_attendee_mailing(*, mailing_id):
    """A task enqueued before the mail engine: the mailing goes on through the engine."""
    from messaging import engine
    from registration.models import AttendeeMailing

    mailing = AttendeeMailing.objects.get(pk=mailing_id)
    return engine.run(message_id=mailing.message_id)


@task()
def mail_moved_online(*, registration_ids):
    """A task enqueued before the mail engine: those registrations are told through it."""
    from messaging import engine
    from messaging.models import GroupMessage
    from registration.models import Registration

    told = Registration.objects.filter(pk__in=registration_ids).active()
    first = told.select_related("conference").first()
    if first is None:
        return {"recipients": 0}
    message, _created = engine.start(
        conference=first.conference, kind=GroupMessage.Kind.MOVED_ONLINE, registrations=told
    )
    return {"recipients": message.recipient_total}


@task()
def make_registration_export(*, export_id):
    """Writes the Excel workbook of one registrations export (registration/exports.py)."""
    export = exports.make_xlsx_export(export_id=export_id)
    return {"state": export.state, "rows": export.row_count}
