"""Background work of the messaging app, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from messaging import engine


@task()
def send_mailing(*, message_id):
    """Queues the next batches of one mailing's mails (messaging/engine.py); it enqueues
    its successor itself until every recipient has been handled."""
    return engine.run(message_id=message_id)


@task()
def send_group_message(*, message_id):
    """The task's name before the engine: a task enqueued under it still runs."""
    return engine.run(message_id=message_id)
