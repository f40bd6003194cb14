"""Background work of the jobs app, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from jobs import runner


@task()
def run_job(*, job_id):
    """Runs one job (jobs/runner.py); the job row holds its progress and result."""
    job = runner.run(job_id=job_id)
    return {"state": job.state if job else "missing"}
