"""Deferred mail is retried soon after a fault (under a minute), then less often while the
fault lasts, never more than two minutes apart; the first delay again after recovery."""

from outbox.management.commands.run_mail_worker import RetrySchedule


def retry_times(schedule, *, start, until, waiting=True, step=5):
    """The moments a worker polling every `step` seconds retries, from `start` to `until`."""
    times = []
    for now in range(start, until, step):
        if schedule.due(now, waiting=waiting):
            times.append(now)
            schedule.retried()
    return times


def test_retries_start_under_a_minute_then_back_off_to_two_minutes(settings):
    assert (settings.MAILER_RETRY_FIRST_SECONDS, settings.MAILER_RETRY_MAX_SECONDS) == (30, 120)
    schedule = RetrySchedule()

    times = retry_times(schedule, start=0, until=800)

    # Seen deferred at 0 s: retried at 30, then 60, then 120 s apart (the 5 s steps are the
    # worker polling).
    assert times == [30, 95, 220, 345, 470, 595, 720]


def test_nothing_waiting_means_no_retry_and_a_fresh_start(settings):
    schedule = RetrySchedule()
    retry_times(schedule, start=0, until=600)
    assert retry_times(schedule, start=600, until=700, waiting=False) == []

    assert retry_times(schedule, start=700, until=800) == [730, 795]
