import pytest

from jobs import registry
from jobs.registry import JobError, JobKind, Result
from tests.registration.conftest import conference  # noqa: F401  (fixture)

SEEN_WHILE_RUNNING = []


def count_to_three(job, report_progress):
    """A job of three steps that notes, at each, what its page would show."""
    from jobs.models import Job

    report_progress(0, 3)
    for step in range(1, 4):
        report_progress(step)
        row = Job.objects.get(pk=job.pk)
        SEEN_WHILE_RUNNING.append((row.state, row.progress_done, row.progress_total))
    return Result(
        content=job.params["text"].encode(),
        filename="counted.txt",
        content_type="text/plain; charset=utf-8",
        message="Counted to three.",
        count=3,
    )


def breaks(job, report_progress):
    report_progress(1, 2)
    if job.params.get("said"):
        raise JobError("The list was empty.")
    raise RuntimeError("the disk is full")


@pytest.fixture
def test_kinds():
    """Two kinds of job for these tests, under the registration managers' export right."""
    added = [
        JobKind(
            name="tests.count",
            label="Counting",
            run=count_to_three,
            permission="registration.export_registration",
            result_for="team",
        ),
        JobKind(
            name="tests.breaks",
            label="Breaking",
            run=breaks,
            permission="registration.export_registration",
        ),
    ]
    for kind in added:
        registry.add_kind(kind)
    SEEN_WHILE_RUNNING.clear()
    yield
    for kind in added:
        registry._KINDS.pop(kind.name)
