"""Running background tasks in tests with the database backend's own worker.

`run_tasks` claims and runs every ready task with the worker's `run_task`, as `manage.py
db_worker` does, inside the test's transaction. The command itself also recycles database
connections between tasks, which would close a test's transaction; tests marked
`django_db(transaction=True)` run the command as it is (`run_db_worker`).
"""

from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_tasks():
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    while (task_result := DBTaskResult.objects.ready().get_locked()) is not None:
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)


def run_db_worker():
    """`manage.py db_worker --batch`: every waiting task, then it exits."""
    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
    )
