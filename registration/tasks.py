"""Background work of the registration app, run by the task worker (`manage.py db_worker`,
django-tasks with its database backend) outside any request."""

from django_tasks import task

from registration import notifications


@task()
def send_attendee_mailing(*, mailing_id):
    """Builds and queues every mail of one attendee mailing, in batches, recording progress."""
    mailing = notifications.queue_mailing(mailing_id=mailing_id)
    return {"queued": mailing.queued_count, "recipients": mailing.recipient_total}


@task()
def mail_moved_online(*, registration_ids):
    """Tells every active registration that the conference moved online."""
    return {"queued": notifications.mail_moved_online(registration_ids=registration_ids)}
