"""Pool overview and intervision list at scale: paginated rows, totals over every row."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring import selectors, services
from mentoring.models import MentorPulse
from organisations import services as org_services
from organisations.roles import Role
from tests.mentoring.factories import (
    assign,
    mentor,
    mentor_profile,
    registered_employee,
    side_entrant,
)
from tests.organisations.factories import OrganisationFactory, TeamFactory

SUP = Role.PRACTICE_SUPERVISOR
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0), tick=False):
        yield


def _table(html: str) -> str:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


def _rows(html: str) -> int:
    return _table(html).count("<tr")


def _pool_of(world, count: int) -> list:
    return [
        mentor_profile(registered_employee(world.a, first_name="Kim", last_name=f"Mentor {i:02d}"))
        for i in range(count)
    ]


def test_pool_rows_are_paginated_and_totals_cover_the_whole_pool(client, world):
    profiles = _pool_of(world, 55)
    services.settings_update(
        organisation=world.a.organisation, hours_per_main_mentee=Decimal("3.0")
    )
    assign(side_entrant(world.a), profiles[0].employee)
    both = side_entrant(world.a)
    assign(both, profiles[1].employee)
    assign(both, profiles[54].employee, kind="sub")
    client.force_login(world.a.user(SUP))

    first = client.get(reverse("mentoring:pool"))
    html = first.content.decode()
    assert _rows(html) == 50
    assert "Mentor 00" in _table(html) and "Mentor 54" not in _table(html)
    assert 'href="?page=2"' in html
    totals = first.context["totals"]
    # 55 mentors x (1 main + 2 sub) slots, 4.0 h each; 2 main mentees x 3.0 h + 1 sub x 1.0 h.
    assert totals == {
        "mentors": 55,
        "capacity": 165,
        "mentees": 3,
        "free": 162,
        "hours_planned": Decimal("7.0"),
        "hours_available": Decimal("220.0"),
        "at_risk": 0,
    }

    second = client.get(reverse("mentoring:pool"), {"page": 2})
    assert _rows(second.content.decode()) == 5
    assert "Mentor 54" in _table(second.content.decode())
    assert second.context["totals"] == totals
    row = second.context["rows"][-1]
    assert row.active_sub == 1 and row.hours_planned == Decimal("1.0")


def test_pool_filters_and_pagination_compose(client, world):
    _pool_of(world, 55)
    client.force_login(world.a.user(SUP))
    org = world.a.organisation.pk
    response = client.get(reverse("mentoring:pool"), {"organisation": org, "q": "Mentor"})
    html = response.content.decode()
    assert f'href="?organisation={org}&amp;q=Mentor&amp;page=2"' in html
    page2 = client.get(reverse("mentoring:pool"), {"organisation": org, "q": "Mentor", "page": 2})
    assert _rows(page2.content.decode()) == 5
    narrowed = client.get(reverse("mentoring:pool"), {"q": "Mentor 0"})
    assert _rows(narrowed.content.decode()) == 10
    assert narrowed.context["totals"]["mentors"] == 10
    assert narrowed.context["totals"]["capacity"] == 30
    assert "page=2" not in narrowed.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "", "1.5", "\x00"])
def test_pool_and_session_list_survive_garbage_pages(client, world, page):
    _pool_of(world, 51)
    client.force_login(world.a.user(SUP))
    for name in ("mentoring:pool", "mentoring:session_list", "mentoring:assignment_list"):
        assert client.get(reverse(name), {"page": page}).status_code == 200


def _answer(profile, period, energy, willing=True):
    pulse = MentorPulse.objects.create(profile=profile, period_start=period)
    return services.pulse_answer(pulse=pulse, energy=energy, time_pressure=3, still_willing=willing)


def test_pool_at_risk_total_in_sql_matches_the_row_signals(world):
    tired = mentor(world.a, max_main_mentees=2, hours_per_week=Decimal("3"))
    unwilling = mentor(world.a)
    recovered = mentor(world.a)
    overbooked = mentor(world.a, hours_per_week=Decimal("1.5"))
    inactive = mentor(world.a)
    assign(side_entrant(world.a), tired.employee)
    assign(side_entrant(world.a), tired.employee)
    assign(side_entrant(world.a), overbooked.employee)
    _answer(tired, datetime.date(2026, 9, 1), 2)
    _answer(tired, datetime.date(2026, 10, 13), 1)
    _answer(unwilling, datetime.date(2026, 10, 13), 4, willing=False)
    # Low energy, then recovered: the latest two are not both low, and willing again.
    _answer(recovered, datetime.date(2026, 8, 1), 1, willing=False)
    _answer(recovered, datetime.date(2026, 9, 1), 2)
    _answer(recovered, datetime.date(2026, 10, 13), 4)
    _answer(inactive, datetime.date(2026, 10, 13), 3, willing=False)
    services.mentor_profile_update(profile=inactive, is_active=False)

    user = world.a.user(SUP)
    rows = {r.profile: r for r in selectors.pool_overview(user=user)}
    assert [bool(rows[p].risks) for p in (tired, unwilling, recovered, overbooked, inactive)] == [
        True,
        True,
        False,
        True,  # 1 main mentee x 2.0 h > 1.5 h
        True,
    ]
    totals = selectors.pool_totals(selectors.pool_profiles(user=user))
    # Inactive mentors are listed but not counted.
    assert totals["mentors"] == 4 and totals["at_risk"] == 3
    assert totals["mentees"] == 3 and totals["hours_planned"] == Decimal("6.0")
    assert totals["hours_available"] == Decimal("12.5")
    assert selectors.pool_totals(selectors.pool_profiles(user=world.b.user(SUP)))["mentors"] == 0


def test_unmatched_by_organisation_is_one_query_and_counts_beyond_the_shown_names(
    world, django_assert_num_queries
):
    extra = [side_entrant(world.a, last_name=f"Zoekt {i:02d}") for i in range(12)]
    matched = mentor(world.a)
    assign(extra[0], matched.employee)
    side_entrant(world.a, employment_end=datetime.date(2026, 10, 1))  # left: not listed
    with django_assert_num_queries(1):
        result = selectors.unmatched_by_organisation(
            org_ids=[world.a.organisation.pk, world.b.organisation.pk], limit=10
        )
        names = [p.team.name for p in result[world.a.organisation.pk]["people"]]
    # World A: its own side-entrant plus 11 unmatched extras; world B: its own side-entrant.
    assert result[world.a.organisation.pk]["total"] == 12
    assert len(names) == 10
    assert result[world.b.organisation.pk]["total"] == 1
    assert extra[0] not in result[world.a.organisation.pk]["people"]


def test_pool_query_count_is_the_same_for_one_or_seven_organisations(client, world):
    user = world.a.user(SUP)
    mentor(world.a)
    client.force_login(user)
    url = reverse("mentoring:pool")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for i in range(6):
        organisation = OrganisationFactory(name=f"Extra {i}")
        org_services.membership_grant(user=user, organisation=organisation, role=SUP)
        team = TeamFactory(organisation=organisation)
        side_entrant(type(world.a)(organisation, team, None, None))
    with CaptureQueriesContext(connection) as seven:
        response = client.get(url)
    assert response.status_code == 200
    assert len(seven) == len(one), [q["sql"] for q in seven.captured_queries]
    assert len(response.context["unmatched"]) == 7
    assert all(group["total"] >= 1 for _org, group in response.context["unmatched"])


def test_session_list_is_paginated_newest_first(client, world):
    first = mentor(world.a)
    for day in range(55):
        services.intervision_session_create(
            organisation=world.a.organisation,
            date=TODAY - datetime.timedelta(days=day),
            method="balint",
            participants=[first.employee],
        )
    client.force_login(world.a.user(SUP))
    response = client.get(reverse("mentoring:session_list"))
    sessions = list(response.context["page"].object_list)
    assert len(sessions) == 50 and sessions[0].date == TODAY
    assert sessions[0].participant_count == 1 and sessions[0].signed_count == 0
    assert 'href="?page=2"' in response.content.decode()
    rest = client.get(reverse("mentoring:session_list"), {"page": 2}).context["page"]
    assert [s.date for s in rest.object_list][-1] == TODAY - datetime.timedelta(days=54)
