"""The dashboard on the admin index: the figures of a known data set (tests/dashboard/
conftest.py), exactly, in tables and in SVG; the choice of conference; who sees it."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from attending.services import check_in
from attending.tickets import ticket_for
from dashboard import providers
from dashboard.charts import counts_chart
from tests.dashboard.conftest import organiser
from tests.dashboard.pages import svgs, tables
from tests.factories import ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

SVG_NS = "{http://www.w3.org/2000/svg}"


def test_registrations_over_time_add_up_per_mode_by_the_day_in_the_conference_zone(
    manager, registrations
):
    # 1 March 20:00 UTC is 2 March in Tomsk; 3 March 18:00 UTC is 4 March. The cancelled
    # registration (2 March) is not counted.
    assert tables(manager.get("/admin/"))["Registrations over time"] == [
        ["Day", "In person in Tomsk", "Online", "Total"],
        ["Sun 1 Mar", "1", "1", "2"],
        ["Mon 2 Mar", "2", "2", "4"],
        ["Tue 3 Mar", "3", "2", "5"],
        ["Wed 4 Mar", "3", "5", "8"],
    ]


def test_a_day_without_registrations_keeps_the_total_of_the_day_before(manager, conference):
    from tests.dashboard.conftest import arrived

    for day in (10, 13):
        arrived(
            RegistrationFactory(conference=conference, attendance_mode="online"),
            dt.datetime(2026, 4, day, 3, tzinfo=dt.UTC),
        )
    rows = tables(manager.get("/admin/"))["Registrations over time"]
    assert rows[1:] == [
        ["Fri 10 Apr", "0", "1", "1"],
        ["Sat 11 Apr", "0", "1", "1"],
        ["Sun 12 Apr", "0", "1", "1"],
        ["Mon 13 Apr", "0", "2", "2"],
    ]


def test_every_status_is_counted(manager, registrations):
    assert tables(manager.get("/admin/"))["Registrations by status"] == [
        ["Status", "Registrations"],
        ["Awaiting email confirmation", "1"],
        ["Confirmed", "5"],
        ["On the waiting list", "2"],
        ["Awaiting the organisers’ decision", "0"],
        ["Declined", "0"],
        ["Cancelled", "1"],
    ]


def test_country_region_and_institution_count_active_registrations(manager, registrations):
    found = tables(manager.get("/admin/"))
    assert found["Registrations by country"] == [
        ["Country", "Registrations"],
        ["China", "3"],
        ["Germany", "3"],
        ["Russia", "1"],
        ["United States of America", "1"],
    ]
    assert found["Registrations by region"] == [
        ["Region", "Registrations"],
        ["China", "3"],
        ["Europe", "3"],
        ["Russia", "1"],
        ["other countries", "1"],
    ]
    assert found["Registrations by institution (top 20)"] == [
        ["Institution", "Registrations"],
        ["Tsinghua University", "3"],
        ["Universität Heidelberg", "3"],
        ["MIT", "1"],
        ["Tomsk Polytechnic University", "1"],
    ]


def test_only_the_twenty_largest_institutions_are_shown(manager, conference):
    for n in range(22):
        for _ in range(1 if n else 2):
            RegistrationFactory(conference=conference, institution=f"Institute {n:02}")
    rows = tables(manager.get("/admin/"))["Registrations by institution (top 20)"]
    assert rows[1] == ["Institute 00", "2"]
    assert [row[0] for row in rows[2:]] == [f"Institute {n:02}" for n in range(1, 20)]


def test_places_taken_and_left_and_the_waiting_list(manager, registrations):
    found = tables(manager.get("/admin/"))
    assert found["Places taken and left"] == [
        ["Attendance mode", "Taken", "Left", "Total"],
        ["In person in Tomsk", "3", "2", "5"],
        ["Online", "2", "1", "3"],
    ]
    # In person: the online attendee from Russia who asked for a seat.
    assert found["Waiting list"] == [
        ["Attendance mode", "Waiting"],
        ["In person in Tomsk", "1"],
        ["Online", "2"],
    ]


@pytest.mark.parametrize(
    ("prefix", "caption", "online", "no_limit", "note"),
    [
        ("", "Places taken and left", "Online", "no limit", "Online: no limit set."),
        (
            "/ru",
            "Занятые и свободные места",
            "Онлайн",
            "без ограничения",
            "Онлайн: ограничение не задано.",
        ),
        ("/zh-hans", "已占用与剩余名额", "线上参会", "不限", "线上参会：未设上限。"),
    ],
    ids=["en", "ru", "zh-hans"],
)
def test_a_mode_without_a_limit_says_so_not_0_left(
    manager, conference, prefix, caption, online, no_limit, note
):
    conference.online_capacity = None
    conference.save()
    RegistrationFactory(conference=conference, attendance_mode="online")
    response = manager.get(f"{prefix}/admin/")
    # Taken, left, total: no figure is made up for the places left.
    assert tables(response)[caption][2] == [online, "1", no_limit, no_limit]
    assert note in response.text
    # The drawing: in person, nobody yet and 5 left; online, the place taken and no bar
    # for places "left".
    seats = svgs(response)[2]
    rects = [rect.get("class") for rect in seats.iter(f"{SVG_NS}rect")]
    assert rects == ["dash-series-left", "dash-series-taken"]


def test_an_online_conference_shows_only_the_online_mode(manager):
    ConferenceFactory(attendance_mode="online", online_capacity=100)
    assert tables(manager.get("/admin/"))["Places taken and left"] == [
        ["Attendance mode", "Taken", "Left", "Total"],
        ["Online", "0", "100", "100"],
    ]


def test_check_ins_per_day_in_the_conference_zone_with_empty_days_shown(manager):
    # Nine in the morning at the venue three days ago: the check-ins two hours later fall on
    # the same local day whatever the time the test runs.
    zone = zoneinfo.ZoneInfo("Asia/Tomsk")
    three_days_ago = timezone.localtime(timezone.now() - dt.timedelta(days=3), zone)
    starts = three_days_ago.replace(hour=9, minute=0, second=0, microsecond=0)
    conference = ConferenceFactory(
        time_zone="Asia/Tomsk",
        starts_at=starts,
        ends_at=starts + dt.timedelta(days=4),
        in_person_capacity=10,
    )
    guests = [
        RegistrationFactory(conference=conference, attendance_mode="in_person") for _ in range(3)
    ]
    check_in(ticket=ticket_for(guests[0]), desk="A", now=starts + dt.timedelta(hours=1))
    check_in(ticket=ticket_for(guests[1]), desk="A", now=starts + dt.timedelta(hours=2))
    check_in(ticket=ticket_for(guests[0]), desk="B", now=starts + dt.timedelta(days=2))
    day = timezone.localtime(starts, conference.zone).date()

    def label(date):
        return f"{date:%a} {date.day} {date:%b}"

    rows = tables(manager.get("/admin/"))["Check-ins per day"]
    assert rows == [
        ["Day", "Arrivals"],
        [label(day), "2"],
        [label(day + dt.timedelta(days=1)), "0"],
        [label(day + dt.timedelta(days=2)), "1"],
    ]


def test_a_conference_without_registrations_says_so(manager, conference):
    response = manager.get("/admin/")
    assert response.text.count("No registrations yet.") == 3
    assert "Nobody has checked in yet." in response.text
    assert tables(response)["Registrations by status"][2] == ["Confirmed", "0"]


def test_each_chart_is_well_formed_svg_without_style(manager, registrations):
    response = manager.get("/admin/")
    drawings = svgs(response)
    # Over time, status, places, waiting, region, country, institution (nobody checked in,
    # no visa requests).
    assert len(drawings) == 7
    for drawing in drawings:
        assert drawing.tag == f"{SVG_NS}svg"
        assert drawing.get("role") == "img"
        for element in drawing.iter():
            assert "style" not in element.attrib
            assert element.tag != f"{SVG_NS}style"
            assert element.tag != f"{SVG_NS}script"
    over_time = drawings[0]
    lines = over_time.findall(f"{SVG_NS}polyline")
    assert [line.get("class") for line in lines] == [
        "dash-line dash-series-in_person",
        "dash-line dash-series-online",
    ]
    assert [len(line.get("points").split()) for line in lines] == [4, 4]
    status = drawings[1]
    bars = [rect.find(f"{SVG_NS}title").text for rect in status.iter(f"{SVG_NS}rect")]
    assert bars == [
        "Awaiting email confirmation, Registrations: 1",
        "Confirmed, Registrations: 5",
        "On the waiting list, Registrations: 2",
        "Cancelled, Registrations: 1",
    ]
    widths = [float(rect.get("width")) for rect in status.iter(f"{SVG_NS}rect")]
    assert widths == [84, 420, 168, 84]


def test_the_csp_allows_the_page_as_it_is(manager, registrations):
    response = manager.get("/admin/")
    policy = response.headers["Content-Security-Policy"]
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<style" not in response.text
    assert 'href="/static/css/dashboard.css"' in response.text


def test_the_next_conference_is_shown_first_and_another_can_be_chosen(manager):
    now = timezone.now()
    past = ConferenceFactory(
        title="Last Year", starts_at=now - dt.timedelta(days=365), in_person_capacity=7
    )
    later = ConferenceFactory(title="Later", starts_at=now + dt.timedelta(days=300))
    ConferenceFactory(title="Next", starts_at=now + dt.timedelta(days=30))
    response = manager.get("/admin/")
    assert '<h3 class="dashboard-conference">Next</h3>' in response.text
    assert f'<option value="{later.pk}">Later</option>' in response.text

    response = manager.get("/admin/", {"conference": past.pk})
    assert '<h3 class="dashboard-conference">Last Year</h3>' in response.text
    assert tables(response)["Places taken and left"][1] == ["In person in Tomsk", "0", "7", "7"]


@pytest.mark.parametrize("value", ["nonsense", "999999", "1 OR 1=1", "٣"])
def test_an_unknown_conference_is_a_message_not_an_error(manager, conference, value):
    response = manager.get("/admin/", {"conference": value})
    assert response.status_code == 200
    assert "There is no such conference; showing the next one." in response.text
    assert f'<h3 class="dashboard-conference">{conference.title}</h3>' in response.text


def test_without_any_conference_the_dashboard_says_so(manager):
    response = manager.get("/admin/")
    assert response.status_code == 200
    assert "There is no conference yet." in response.text


def test_registration_managers_and_superusers_see_the_dashboard(registrations):
    for client in (organiser(group="Registration managers"), organiser(superuser=True)):
        response = client.get("/admin/")
        assert "Registrations by status" in tables(response)


def test_content_editors_see_the_admin_index_without_personal_counts(editor, registrations):
    response = editor.get("/admin/")
    assert response.status_code == 200
    assert "Conferences and programme" in tables(response)
    assert 'id="dashboard-heading"' not in response.text
    assert "dashboard-svg" not in response.text
    assert "Registrations by status" not in tables(response)


def test_check_in_staff_and_strangers_do_not_see_it(client, registrations):
    desk = organiser(group="Check-in staff")
    response = desk.get("/admin/")
    assert "dashboard-svg" not in response.text
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/login/?next=/admin/"


# Django's formats: a no-break space between thousands in Russian, no separator in Chinese.
@pytest.mark.parametrize(
    ("prefix", "left", "capacity"),
    [("/ru", "1\xa0497", "1\xa0500"), ("/zh-hans", "1497", "1500")],
)
def test_the_dashboard_in_russian_and_chinese_formats_numbers_there(
    manager, registrations, conference, prefix, left, capacity
):
    conference.in_person_capacity = 1500
    conference.save()
    response = manager.get(f"{prefix}/admin/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == prefix.strip("/")
    # Over time, by status, then the places: the third table, whatever its caption says.
    seats = list(tables(response).values())[2]
    assert seats[1][1:] == ["3", left, capacity]
    assert len(svgs(response)) == 7


class TestProviders:
    """Another app's chart (the visa requests', the questions') through the registry."""

    @pytest.fixture(autouse=True)
    def _forget(self):
        yield
        providers.unregister("test-visas")

    def test_a_registered_chart_is_drawn_after_the_dashboards_own(self, manager, conference):
        def visas(for_conference):
            assert for_conference == conference
            return counts_chart(
                key="visas",
                title="Visa requests by state",
                label_heading="State",
                series_label="Requests",
                counts=[("Requested", 4), ("Letter sent", 1200)],
            )

        providers.register("test-visas", visas)
        response = manager.get("/admin/")
        assert tables(response)["Visa requests by state"] == [
            ["State", "Requests"],
            ["Requested", "4"],
            ["Letter sent", "1,200"],
        ]
        assert response.text.index('id="chart-visas"') > response.text.index('id="chart-check-ins"')

    def test_a_provider_with_nothing_to_show_draws_nothing(self, manager, conference):
        providers.register("test-visas", lambda conference: None)
        response = manager.get("/admin/")
        assert 'id="chart-visas"' not in response.text


def test_a_conference_moved_online_still_draws_its_in_person_registrations(manager, conference):
    RegistrationFactory(conference=conference, attendance_mode="in_person")
    conference.attendance_mode = "online"
    conference.save()
    found = tables(manager.get("/admin/"))
    assert found["Registrations over time"][0] == ["Day", "In person in Tomsk", "Online", "Total"]
    assert found["Registrations over time"][1][1:] == ["1", "0", "1"]
    assert [row[0] for row in found["Places taken and left"][1:]] == ["Online"]


def test_the_country_chart_draws_twenty_bars_and_tables_them_all(manager, conference):
    codes = ["RU", "CN", "KZ", "DE", "FR", "IT", "ES", "PL", "CZ", "AT", "IN", "VN", "MN"]
    codes += ["UZ", "BY", "AM", "GE", "TR", "JP", "KR", "BR", "EG"]
    for n, code in enumerate(codes):
        for _ in range(2 if n == 0 else 1):
            RegistrationFactory(conference=conference, country=code)
    response = manager.get("/admin/")
    assert len(tables(response)["Registrations by country"]) == 1 + 22
    country = svgs(response)[5]
    assert len(list(country.iter(f"{SVG_NS}rect"))) == 20
    assert "The drawing shows the 20 largest; the table lists all 22." in response.text


def test_institutions_typed_in_another_case_or_with_spaces_count_as_one(manager, conference):
    for typed in ("Tsinghua University", "tsinghua university ", " Tsinghua University", "MIT"):
        RegistrationFactory(conference=conference, institution=typed)
    rows = tables(manager.get("/admin/"))["Registrations by institution (top 20)"]
    assert rows[1:] == [["Tsinghua University", "3"], ["MIT", "1"]]


def test_visa_requests_are_counted_by_state(manager, conference):
    from tests.factories import VisaRequestFactory

    assert 'id="chart-visas"' not in manager.get("/admin/").text  # none yet
    for status in ("requested", "requested", "issued", "refused"):
        VisaRequestFactory(
            registration=RegistrationFactory(
                conference=conference, attendance_mode="in_person", status="confirmed"
            ),
            status=status,
            refusal_reason="No answer from the consulate" if status == "refused" else "",
        )
    VisaRequestFactory(status="sent")  # another conference's
    assert tables(manager.get("/admin/"))["Visa requests by state"] == [
        ["State", "Requests"],
        ["Requested", "2"],
        ["Submitted to the authorities", "0"],
        ["Invitation issued", "1"],
        ["Invitation sent", "0"],
        ["Refused", "1"],
    ]


def test_each_choice_question_has_its_chart(manager, conference):
    from registration import questions
    from tests.factories import QuestionFactory, QuestionOptionFactory

    gala = QuestionFactory(conference=conference, text="Gala dinner", kind="one_choice")
    coming = QuestionOptionFactory(question=gala, label="I will come")
    QuestionOptionFactory(question=gala, label="I will not come")
    hotel = QuestionFactory(conference=conference, text="Hotel room wanted?", kind="yes_no")
    QuestionFactory(conference=conference, text="Dietary needs", kind="long_text")
    for _ in range(2):
        person = RegistrationFactory(conference=conference, status="confirmed")
        questions.save_answers(person, {gala: [coming], hotel: True})
    found = tables(manager.get("/admin/"))
    assert found["Gala dinner"] == [
        ["Answer", "Registrations"],
        ["I will come", "2"],
        ["I will not come", "0"],
    ]
    assert found["Hotel room wanted?"] == [["Answer", "Registrations"], ["Yes", "2"], ["No", "0"]]
    assert "Dietary needs" not in found  # free text has no counts
