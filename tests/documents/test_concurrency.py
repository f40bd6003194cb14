"""Documents asked for at the same instant, on a real PostgreSQL: one verification code per
document, one decision per certificate, one PDF per badge print run. Skipped on SQLite
(conftest.py)."""

from pathlib import Path

import pytest

from documents import services
from documents.models import CertificateDecision, VerificationCode
from documents.services import code_for
from jobs import runner
from tests.conftest import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_first_letter_downloaded_twice_at_once_has_one_code(jane):
    codes = at_once([lambda: code_for(registration=jane, kind="letter") for _ in range(4)])
    assert len({code.code for code in codes}) == 1
    assert VerificationCode.objects.count() == 1


def test_two_organisers_deciding_at_once_leave_one_decision(jane):
    results = at_once(
        [
            lambda decision=decision: services.decide_certificate(
                registration=jane, decision=decision, reason=f"{decision} by hand"
            )
            for decision in ("issued", "withheld", "issued", "withheld")
        ]
    )
    assert all(isinstance(result, CertificateDecision) for result in results), results
    assert CertificateDecision.objects.count() == 1


def test_a_print_run_delivered_twice_at_once_renders_once(conference, ivan, jane):
    batch = services.start_badge_batch(conference=conference, layout="a4")
    at_once([lambda: runner.run(job_id=batch.pk) for _ in range(2)])
    batch.refresh_from_db()
    assert (batch.state, batch.progress_done) == ("done", 2)
    stored = Path(batch.result_file.path)
    assert [path.name for path in stored.parent.iterdir()] == [stored.name]
