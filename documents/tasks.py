"""Background work of the documents app, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from documents import badges


@task()
def print_badges(*, batch_id):
    """Renders one badge print run in chunks, recording progress, and stores the PDF."""
    batch = badges.run_batch(batch_id=batch_id)
    return {"state": batch.state, "badges": batch.done}
