import datetime
import re
from dataclasses import dataclass

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring import services
from mentoring.models import (
    CheckIn,
    IntervisionSession,
    MentorAssignment,
    MentorProfile,
    MentorPulse,
)
from notifications import services as notify
from organisations.roles import Role
from tests.mentoring.factories import (
    assign,
    mentor,
    mentor_profile,
    registered_employee,
    side_entrant,
)

pytestmark = pytest.mark.django_db

HR, SUP, MEN, MAN, SUPP, SIDE, ADM = (
    Role.HR_ADVISOR,
    Role.PRACTICE_SUPERVISOR,
    Role.MENTOR,
    Role.MANAGER,
    Role.SUPPORT_COORDINATOR,
    Role.SIDE_ENTRANT,
    Role.FUNCTIONAL_ADMIN,
)
ALL = set(Role)
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0), tick=False):
        yield


@dataclass
class M:
    profile: MentorProfile
    assignment: MentorAssignment
    checkin: CheckIn
    session: IntervisionSession
    unmatched: object


@pytest.fixture
def m(world) -> M:
    """World A: the MENTOR user mentors the SIDE_ENTRANT user; both were in one session."""
    employee = registered_employee(
        world.a, user=world.a.user(MEN), first_name="Jeroen", last_name="van 't Hek"
    )
    profile = mentor_profile(employee)
    assignment = assign(world.a.side_entrant, employee, start=datetime.date(2026, 9, 1))
    session = services.intervision_session_create(
        organisation=world.a.organisation,
        date=TODAY - datetime.timedelta(days=7),
        method="incident",
        participants=[employee, world.a.side_entrant],
        question="Hoe <script>alert(1)</script> ga ik om met agressie?",
    )
    unmatched = side_entrant(world.a, last_name="Özdemir")
    return M(profile, assignment, assignment.checkins.first(), session, unmatched)


def _s(ok, forbidden=(), default=404):
    return lambda role: 200 if role in ok else 403 if role in forbidden else default


OVER = {SUP, HR}
PAGES = [
    ("mentoring:pool", lambda m, w: {}, _s(OVER, ALL), _s(OVER, ALL)),
    ("mentoring:profile_create", lambda m, w: {}, _s(OVER, ALL), _s(OVER, ALL)),
    ("mentoring:profile_update", lambda m, w: {"pk": m.profile.pk}, _s(OVER, {MEN}), _s(())),
    (
        "mentoring:settings_update",
        lambda m, w: {"organisation_pk": w.a.organisation.pk},
        _s(OVER, ALL),
        _s(()),
    ),
    ("mentoring:figures", lambda m, w: {}, _s(OVER | {MAN}, ALL), _s(OVER | {MAN}, ALL)),
    ("mentoring:match", lambda m, w: {"employee_pk": m.unmatched.pk}, _s(OVER), _s(())),
    ("mentoring:assignment_list", lambda m, w: {}, _s(OVER, ALL), _s(OVER, ALL)),
    (
        "mentoring:match_all",
        lambda m, w: {"organisation_pk": w.a.organisation.pk},
        _s(OVER, ALL),
        _s(()),
    ),
    (
        "mentoring:assignment_detail",
        lambda m, w: {"pk": m.assignment.pk},
        _s(OVER | {MEN, SIDE}),
        _s(()),
    ),
    (
        "mentoring:assignment_end",
        lambda m, w: {"pk": m.assignment.pk},
        _s(OVER, {MEN, SIDE}),
        _s(()),
    ),
    (
        "mentoring:assignment_change",
        lambda m, w: {"pk": m.assignment.pk},
        _s(OVER, {MEN, SIDE}),
        _s(()),
    ),
    (
        "mentoring:checkin_add",
        lambda m, w: {"pk": m.assignment.pk},
        _s(OVER | {MEN}, {SIDE}),
        _s(()),
    ),
    ("mentoring:checkin_log", lambda m, w: {"pk": m.checkin.pk}, _s(OVER | {MEN}, {SIDE}), _s(())),
    (
        "mentoring:checkin_reflect",
        lambda m, w: {"pk": m.checkin.pk},
        _s({SIDE}, OVER | {MEN}),
        _s(()),
    ),
    ("mentoring:my_mentees", lambda m, w: {}, _s({MEN}, ALL), _s({MEN}, ALL)),
    ("mentoring:my_checkins", lambda m, w: {}, _s(ALL), _s(ALL)),
    ("mentoring:session_list", lambda m, w: {}, _s(ALL), _s(ALL)),
    ("mentoring:session_create", lambda m, w: {}, _s({MEN, SUP}, ALL), _s({MEN, SUP}, ALL)),
    ("mentoring:series_create", lambda m, w: {}, _s({SUP}, ALL), _s({SUP}, ALL)),
    ("mentoring:session_detail", lambda m, w: {"pk": m.session.pk}, _s(OVER | {MEN, SIDE}), _s(())),
    (
        "mentoring:session_update",
        lambda m, w: {"pk": m.session.pk},
        _s({SUP, MEN}, {HR, SIDE}),
        _s(()),
    ),
    ("mentoring:pulse_answer", lambda m, w: {}, _s(ALL), _s(ALL)),
    ("mentoring:calendar", lambda m, w: {}, _s(ALL), _s(ALL)),
]


@pytest.mark.parametrize("name,kwargs,for_a,for_b", PAGES, ids=[p[0] for p in PAGES])
def test_page_access_matrix(client, world, m, name, kwargs, for_a, for_b):
    url = reverse(name, kwargs=kwargs(m, world))
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for side, expected in ((world.a, for_a), (world.b, for_b)):
        for role in Role:
            client.force_login(side.user(role))
            status = client.get(url).status_code
            assert status == expected(role), f"{name} as {role} of {side.organisation}: {status}"


def test_mentor_sees_own_mentee_record_but_not_other_employees(client, world, m):
    client.force_login(world.a.user(MEN))
    own = reverse("organisations:employee_detail", args=[world.a.side_entrant.pk])
    assert client.get(own).status_code == 200
    other = reverse("organisations:employee_detail", args=[m.unmatched.pk])
    assert client.get(other).status_code == 404
    services.assignment_end(assignment=m.assignment, end_date=TODAY, end_reason="completed")
    assert client.get(own).status_code == 404


def test_pool_shows_load_names_and_escapes(client, world, m):
    client.force_login(world.a.user(SUP))
    html = client.get(reverse("mentoring:pool")).content.decode()
    assert "van &#x27;t Hek" in html or "van 't Hek" in html
    assert "Özdemir" in html  # unmatched side-entrant listed
    assert "1 / 3" in html
    assert world.b.organisation.name not in html


@pytest.mark.parametrize(
    "params", [{"organisation": "abc"}, {"organisation": "99999"}, {"q": "x" * 500}, {"q": "\x00"}]
)
def test_pool_odd_query_params(client, world, m, params):
    client.force_login(world.a.user(SUP))
    assert client.get(reverse("mentoring:pool"), params).status_code == 200


def test_other_organisation_filter_does_not_leak(client, world, m):
    client.force_login(world.b.user(SUP))
    html = client.get(reverse("mentoring:pool"), {"organisation": world.a.organisation.pk})
    assert (
        "van" not in html.content.decode().split("<main", 1)[-1]
        or "Hek" not in html.content.decode()
    )


def test_checkin_log_before_start_shows_dutch_error_and_saves_nothing(client, world, m):
    client.force_login(world.a.user(MEN))
    url = reverse("mentoring:checkin_log", args=[m.checkin.pk])
    response = client.post(
        url, {"held_on": "2026-08-01", "how_it_goes": "4", "agreements": "<b>afspraak</b>"}
    )
    assert response.status_code == 200
    assert "voor het begin van de koppeling" in response.content.decode()
    m.checkin.refresh_from_db()
    assert m.checkin.held_on is None


def test_checkin_log_in_the_future_and_bad_scores(client, world, m):
    client.force_login(world.a.user(MEN))
    url = reverse("mentoring:checkin_log", args=[m.checkin.pk])
    response = client.post(url, {"held_on": "2031-01-01", "how_it_goes": "4"})
    assert "niet in de toekomst" in response.content.decode()
    response = client.post(
        url, {"held_on": "2026-09-08", "how_it_goes": "9", "casework_percent": "150"}
    )
    assert response.status_code == 200
    m.checkin.refresh_from_db()
    assert m.checkin.held_on is None


def test_checkin_log_ok_and_html_escaped(client, world, m):
    client.force_login(world.a.user(MEN))
    url = reverse("mentoring:checkin_log", args=[m.checkin.pk])
    response = client.post(
        url,
        {
            "held_on": "2026-09-08",
            "how_it_goes": "4",
            "workload": "3",
            "casework_percent": "40",
            "agreements": "<script>alert(1)</script>",
        },
    )
    assert response.status_code == 302
    html = client.get(
        reverse("mentoring:assignment_detail", args=[m.assignment.pk])
    ).content.decode()
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert "40% / 60%" in html


def test_side_entrant_reflects(client, world, m):
    client.force_login(world.a.user(SIDE))
    url = reverse("mentoring:checkin_reflect", args=[m.checkin.pk])
    assert client.post(url, {"reflection": ""}).status_code == 200
    assert client.post(url, {"reflection": "Ik leer veel van Jeroen"}).status_code == 302
    html = client.get(reverse("mentoring:my_checkins")).content.decode()
    assert "Ik leer veel van Jeroen" in html


def test_assign_via_match_page_and_capacity_message(client, world, m):
    client.force_login(world.a.user(SUP))
    url = reverse("mentoring:match", args=[m.unmatched.pk])
    html = client.get(url).content.decode()
    # Jeroen is the only mentor and his one main place is taken: no suggestion.
    assert "Er past geen begeleider met een vrije plek" in html
    # Jeroen's only main place is taken: a clear message, nothing saved.
    response = client.post(
        url, {"mentor": m.profile.employee.pk, "kind": "main", "start_date": "2026-11-25"}
    )
    assert response.status_code == 200
    assert "geen vrije plek" in response.content.decode()
    other = mentor(world.a)
    response = client.post(
        url, {"mentor": other.employee.pk, "kind": "main", "start_date": "2026-11-25"}
    )
    assert response.status_code == 302
    assert MentorAssignment.objects.filter(mentee=m.unmatched, mentor=other.employee).exists()


def test_sub_without_main_via_form(client, world, m):
    client.force_login(world.a.user(SUP))
    sub = mentor(world.a, role="sub")
    url = reverse("mentoring:match", args=[m.unmatched.pk])
    response = client.post(
        url, {"mentor": sub.employee.pk, "kind": "sub", "start_date": "2026-11-25"}
    )
    assert "eerst een hoofdbegeleider" in response.content.decode()
    assert not MentorAssignment.objects.filter(mentee=m.unmatched).exists()


def test_match_all_confirm(client, world, m):
    first, second = mentor(world.a, max_main_mentees=2), mentor(world.a, max_main_mentees=2)
    another = side_entrant(world.a)
    client.force_login(world.a.user(SUP))
    url = reverse("mentoring:match_all", args=[world.a.organisation.pk])
    assert "Tick" not in client.get(url).content.decode()
    response = client.post(url, {})
    assert "Vink minstens" in response.content.decode()
    html = client.get(url).content.decode()
    values = re.findall(r'name="accept" value="(\d+:\d+)"', html)
    assert len(values) == 2
    chosen = [v for v in values if int(v.split(":")[0]) in (m.unmatched.pk, another.pk)]
    # Garbage and pairs outside the proposal are ignored.
    response = client.post(
        url, {"accept": [*chosen, "x:y", f"{m.unmatched.pk}:{world.b.employee.pk}"]}
    )
    assert response.status_code == 302
    mentors = set(
        MentorAssignment.objects.filter(mentee__in=[m.unmatched, another]).values_list(
            "mentor_id", flat=True
        )
    )
    assert mentors == {first.employee.pk, second.employee.pk}  # spread, one each


def test_end_and_change_forms(client, world, m):
    client.force_login(world.a.user(SUP))
    other = mentor(world.a)
    url = reverse("mentoring:assignment_change", args=[m.assignment.pk])
    response = client.post(
        url,
        {
            "new_mentor": other.employee.pk,
            "change_date": "2026-11-25",
            "end_reason": "mentor_change",
        },
    )
    assert response.status_code == 200  # reason is required
    response = client.post(
        url,
        {
            "new_mentor": other.employee.pk,
            "change_date": "2026-11-25",
            "end_reason": "conflict",
            "reason_for_change": "Klikte niet",
        },
    )
    assert response.status_code == 302
    m.assignment.refresh_from_db()
    assert m.assignment.end_reason == "conflict"
    end_url = reverse("mentoring:assignment_end", args=[m.assignment.pk])
    response = client.post(end_url, {"end_date": "2026-11-25", "end_reason": "completed"})
    assert "al beëindigd" in response.content.decode()


def test_sign_off_once(client, world, m):
    participant = m.session.participants.first()
    client.force_login(world.a.user(SUP))
    url = reverse("mentoring:sign_off", args=[participant.pk])
    assert client.post(url).status_code == 302
    response = client.post(url, follow=True)
    assert "al afgetekend" in response.content.decode()
    client.force_login(world.a.user(MEN))
    assert client.post(url).status_code == 403
    client.force_login(world.b.user(SUP))
    assert client.post(url).status_code == 404


def test_pulse_answer_once(client, world, m):
    pulse = MentorPulse.objects.create(profile=m.profile, period_start=TODAY)
    client.force_login(world.a.user(MEN))
    url = reverse("mentoring:pulse_answer")
    assert client.post(url, {"energy": "9"}).status_code == 200
    response = client.post(
        url, {"energy": "2", "time_pressure": "4", "still_willing": "no", "comment": "Druk"}
    )
    assert response.status_code == 302
    pulse.refresh_from_db()
    assert pulse.energy == 2 and pulse.still_willing is False
    assert "geen openstaande" in client.get(url).content.decode()


def test_session_create_bad_input(client, world, m):
    client.force_login(world.a.user(MEN))
    url = reverse("mentoring:session_create")
    data = {
        "organisation": world.a.organisation.pk,
        "date": "2026-11-20",
        "duration_minutes": "90",
        "method": "other",
        "participants": [m.profile.employee.pk],
        "case_owner": world.a.side_entrant.pk,
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Noem de methode" in html
    assert "casuseigenaar moet een van de deelnemers" in html
    count = IntervisionSession.objects.count()
    data.update(method="balint", case_owner=m.profile.employee.pk)
    assert client.post(url, data).status_code == 302
    assert IntervisionSession.objects.count() == count + 1
    # Another organisation's colleague cannot be chosen.
    data["participants"] = [world.b.employee.pk]
    assert client.post(url, data).status_code == 200


def test_series_creates_planned_sessions(client, world, m):
    client.force_login(world.a.user(SUP))
    response = client.post(
        reverse("mentoring:series_create"),
        {
            "organisation": world.a.organisation.pk,
            "title": "Intervisie Stad",
            "method": "incident",
            "first_date": "2026-12-01",
            "start_time": "14:00",
            "duration_minutes": "90",
            "interval_weeks": "4",
            "count": "3",
            "participants": [m.profile.employee.pk, world.a.side_entrant.pk],
        },
    )
    assert response.status_code == 302
    dates = sorted(
        IntervisionSession.objects.filter(series__title="Intervisie Stad").values_list(
            "date", flat=True
        )
    )
    assert dates == [
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 29),
        datetime.date(2027, 1, 26),
    ]


def test_calendar_feed_and_reset(client, world, m):
    token = notify.preference_for(world.a.user(MEN)).calendar_token
    url = reverse("mentoring:calendar_feed", args=[token])
    response = client.get(url)  # no login: the token is the secret
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VCALENDAR" in body and "checkin-" in body and "intervision-" in body
    assert client.get(reverse("mentoring:calendar_feed", args=["nope"])).status_code == 404
    client.force_login(world.a.user(MEN))
    assert client.post(reverse("mentoring:calendar")).status_code == 302
    client.logout()
    assert client.get(url).status_code == 404


def test_side_entrant_calendar_has_own_checkins(client, world, m):
    preference = notify.preference_for(world.a.user(SIDE))
    body = client.get(reverse("mentoring:calendar_feed", args=[preference.calendar_token]))
    assert "Terugkommoment met Jeroen" in body.content.decode()
    # The feed is in the user's own language, whatever the calendar app sends.
    preference.language = "en"
    preference.save(update_fields=["language"])
    body = client.get(
        reverse("mentoring:calendar_feed", args=[preference.calendar_token]),
        HTTP_ACCEPT_LANGUAGE="nl",
    ).content.decode()
    assert "Check-in with Jeroen" in body and "Terugkommoment" not in body


# --- query counts ---------------------------------------------------------------------------

EXPECTED = {
    # Pool: organisations, unmatched (one grouped query), page count, page, pulses,
    # totals, pulse trend, overdue: the same for one organisation or twenty.
    "mentoring:pool": (SUP, 15),
    "mentoring:my_mentees": (MEN, 10),
    "mentoring:my_checkins": (SIDE, 8),
    "mentoring:session_list": (MEN, 11),
    "mentoring:figures": (MAN, 11),
    "mentoring:assignment_list": (SUP, 9),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_exact_query_counts(client, world, m, django_assert_num_queries, name):
    role, count = EXPECTED[name]
    client.force_login(world.a.user(role))
    url = reverse(name)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


def _grow(world, m):
    for _ in range(4):
        profile = mentor(world.a, max_main_mentees=2, max_sub_mentees=2)
        services.pulse_answer(
            pulse=MentorPulse.objects.create(profile=profile, period_start=TODAY),
            energy=3,
            time_pressure=3,
            still_willing=True,
        )
        assign(side_entrant(world.a), profile.employee)
        side_entrant(world.a)
    services.mentor_profile_update(profile=m.profile, max_main_mentees=4)
    for _ in range(3):
        assign(side_entrant(world.a), m.profile.employee)
    for _ in range(3):
        services.intervision_session_create(
            organisation=world.a.organisation,
            date=TODAY,
            method="balint",
            participants=[m.profile.employee, world.a.side_entrant],
        )
    services.checkin_add(assignment=m.assignment, planned_date=datetime.date(2026, 9, 2))


@pytest.mark.parametrize("name", list(EXPECTED))
def test_query_count_does_not_grow_with_rows(client, world, m, name):
    role, _count = EXPECTED[name]
    client.force_login(world.a.user(role))
    url = reverse(name)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(world, m)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize(
    "name,role,kwargs",
    [
        ("mentoring:assignment_detail", MEN, lambda m: {"pk": m.assignment.pk}),
        ("mentoring:session_detail", SUP, lambda m: {"pk": m.session.pk}),
        ("mentoring:match", SUP, lambda m: {"employee_pk": m.unmatched.pk}),
    ],
)
def test_detail_query_count_does_not_grow(client, world, m, name, role, kwargs):
    client.force_login(world.a.user(role))
    url = reverse(name, kwargs=kwargs(m))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(world, m)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_profile_create_update_and_settings_forms(client, world, m):
    client.force_login(world.a.user(SUP))
    colleague = registered_employee(world.a, first_name="Ilse", last_name="Özdemir")
    response = client.post(
        reverse("mentoring:profile_create"),
        {
            "employee": colleague.pk,
            "role": "sub",
            "max_main_mentees": "0",
            "max_sub_mentees": "2",
            "hours_per_week": "2,5",
            "expertise": ["aggression", "children"],
            "briefing_date": "2026-11-01",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    profile = MentorProfile.objects.get(employee=colleague)
    assert profile.expertise == ["aggression", "children"]
    # Another organisation's employee cannot be added.
    response = client.post(
        reverse("mentoring:profile_create"),
        {
            "employee": world.b.employee.pk,
            "role": "main",
            "max_main_mentees": "1",
            "max_sub_mentees": "2",
            "hours_per_week": "2",
        },
    )
    assert (
        response.status_code == 200
        and not MentorProfile.objects.filter(employee=world.b.employee).exists()
    )
    url = reverse("mentoring:profile_update", args=[m.profile.pk])
    response = client.post(
        url,
        {"role": "main", "max_main_mentees": "0", "max_sub_mentees": "2", "hours_per_week": "2"},
    )
    assert "meer actieve zij-instromers" in response.content.decode()
    response = client.post(
        reverse("mentoring:settings_update", args=[world.a.organisation.pk]),
        {
            "reminder_days_ahead": "3",
            "escalate_after_days": "0",
            "pulse_interval_weeks": "6",
            "early_interval_days": "7",
            "early_period_weeks": "13",
            "later_interval_days": "14",
            "hours_per_main_mentee": "2",
            "hours_per_sub_mentee": "1",
            "weight_team": "30",
            "weight_expertise": "25",
            "weight_capacity": "20",
            "weight_load": "15",
            "weight_briefed": "10",
        },
    )
    assert response.status_code == 200  # escalate after 0 days is refused
    assert services.settings_for(world.a.organisation).pk is None


def test_session_update_records_outcome(client, world, m):
    client.force_login(world.a.user(MEN))
    url = reverse("mentoring:session_update", args=[m.session.pk])
    response = client.post(
        url,
        {
            "date": m.session.date.isoformat(),
            "duration_minutes": "60",
            "method": "gossip",
            "case_owner": world.a.side_entrant.pk,
            "reflection_dimension": "normative",
            "agreements": "Terugkoppelen in januari",
            "question": "Wat doe ik bij <b>dreiging</b>?",
        },
    )
    assert response.status_code == 302
    m.session.refresh_from_db()
    assert m.session.method == "gossip" and m.session.case_owner == world.a.side_entrant
    html = client.get(reverse("mentoring:session_detail", args=[m.session.pk])).content.decode()
    assert "&lt;b&gt;dreiging&lt;/b&gt;" in html


def test_session_detail_escapes_html(client, world, m):
    client.force_login(world.a.user(SIDE))
    html = client.get(reverse("mentoring:session_detail", args=[m.session.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_checkin_log_inline_with_htmx(client, world, m):
    client.force_login(world.a.user(MEN))
    url = reverse("mentoring:checkin_log", args=[m.checkin.pk])
    html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and 'hx-post="' in html
    response = client.post(
        url, {"held_on": "2026-08-01", "how_it_goes": "3"}, HTTP_HX_REQUEST="true"
    )
    assert (
        response.status_code == 200
        and "voor het begin van de koppeling" in response.content.decode()
    )
    response = client.post(
        url, {"held_on": "2026-09-08", "how_it_goes": "3"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("mentoring:assignment_detail", args=[m.assignment.pk])


def test_session_list_shows_own_reflection_hours(client, world, m):
    participant = m.session.participants.get(employee=m.profile.employee)
    services.participant_sign_off(participant=participant, by=None)
    client.force_login(world.a.user(MEN))
    html = client.get(reverse("mentoring:session_list")).content.decode()
    assert "1,50 van de 60" in html or "1.50 van de 60" in html


def test_assign_with_own_cadence(client, world, m):
    other = mentor(world.a)
    client.force_login(world.a.user(SUP))
    response = client.post(
        reverse("mentoring:match", args=[m.unmatched.pk]),
        {
            "mentor": other.employee.pk,
            "kind": "main",
            "start_date": "2026-11-02",
            "later_interval_days": "14",
        },
    )
    assert response.status_code == 302
    assignment = MentorAssignment.objects.get(mentee=m.unmatched)
    dates = list(assignment.checkins.values_list("planned_date", flat=True)[:3])
    assert dates == [
        datetime.date(2026, 11, 16),
        datetime.date(2026, 11, 30),
        datetime.date(2026, 12, 14),
    ]


# The calendar feed is public by secret token and sign-off is POST-only; both have their
# own access tests in this module.
OUTSIDE_MATRIX = {"mentoring:calendar_feed", "mentoring:sign_off"}


def test_every_mentoring_url_is_in_the_matrix():
    from mentoring import urls

    names = {f"mentoring:{p.name}" for p in urls.urlpatterns}
    assert names == {p[0] for p in PAGES} | OUTSIDE_MATRIX


def test_figures_cost_the_same_for_a_manager_of_two_organisations(
    client, world, m, django_assert_num_queries
):
    """Grouped in SQL per organisation: a second organisation adds rows, not queries."""
    from organisations.models import Membership

    manager = world.a.user(MAN)
    Membership.objects.create(user=manager, organisation=world.b.organisation, role=MAN)
    mentor(world.b)
    client.force_login(manager)
    with django_assert_num_queries(EXPECTED["mentoring:figures"][1]):
        response = client.get(reverse("mentoring:figures"))
    html = response.content.decode()
    assert world.a.organisation.name in html and world.b.organisation.name in html
