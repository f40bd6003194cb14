"""Background work of the messaging app, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from messaging import services


@task()
def send_group_message(*, message_id):
    """Writes the send log of one message and queues its mails, in batches."""
    message = services.queue_message(message_id=message_id)
    return {"queued": message.queued_count, "recipients": message.recipient_total}
