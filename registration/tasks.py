"""Background work of the registration app, run by the task worker (`manage.py db_worker`,
django-tasks with its database backend) outside any request.

A task lives beside the work it runs: the attendee mailing's in registration/notifications.py,
the Excel export's in registration/exports.py; they are named here too, so a task queued
before they moved (its task path names this module) still runs. The one left here is
enqueued from registration/services/seats.py and runs notifications' work: services -> tasks
-> notifications, one way."""

from django_tasks import task

from registration import notifications
from registration.exports import make_registration_export
from registration.notifications import send_attendee_mailing

__all__ = ["mail_moved_online", "make_registration_export", "send_attendee_mailing"]


@task()
def mail_moved_online(*, registration_ids):
    """Tells every active registration that the conference moved online."""
    return {"queued": notifications.mail_moved_online(registration_ids=registration_ids)}
