"""The privacy notice says what following a join link records, and for how long."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_privacy_notice_names_the_attendance_record(client):
    html = " ".join(client.get("/privacy/").content.decode().split())
    assert (
        "<li>When you follow your personal join link to an online session: which session you "
        "joined and when, the attendance record that certificates count. It is kept and "
        "deleted with your registration.</li>"
    ) in html
