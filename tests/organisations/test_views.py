import datetime

import pytest
from django.urls import reverse

from organisations.models import Employee, Organisation, Placement, Team
from organisations.roles import Role
from tests.organisations.factories import EmployeeFactory, PlacementFactory

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
STAFF = {HR, SUP, MAN, SUPP, ADM}
EDITORS = {HR, ADM}


def _statuses(ok, forbidden=(), default=404):
    return lambda role: 200 if role in ok else 403 if role in forbidden else default


# (url name, kwargs builder from world.a, expected status for a role of A, for a role of B)
PAGES = [
    ("organisations:organisation_list", lambda a: {}, _statuses(ALL), _statuses(ALL)),
    (
        "organisations:organisation_create",
        lambda a: {},
        _statuses({ADM}, ALL),
        _statuses({ADM}, ALL),
    ),
    (
        "organisations:organisation_detail",
        lambda a: {"pk": a.organisation.pk},
        _statuses(ALL),
        _statuses(()),
    ),
    (
        "organisations:organisation_update",
        lambda a: {"pk": a.organisation.pk},
        _statuses({ADM}, ALL),
        _statuses(()),
    ),
    (
        "organisations:team_create",
        lambda a: {"organisation_pk": a.organisation.pk},
        _statuses(EDITORS, ALL),
        _statuses(()),
    ),
    ("organisations:team_detail", lambda a: {"pk": a.team.pk}, _statuses(ALL), _statuses(())),
    (
        "organisations:team_update",
        lambda a: {"pk": a.team.pk},
        _statuses(EDITORS, ALL),
        _statuses(()),
    ),
    ("organisations:employee_list", lambda a: {}, _statuses(STAFF, ALL), _statuses(STAFF, ALL)),
    (
        "organisations:employee_create",
        lambda a: {},
        _statuses(EDITORS, ALL),
        _statuses(EDITORS, ALL),
    ),
    (
        "organisations:employee_detail",
        lambda a: {"pk": a.employee.pk},
        _statuses(STAFF),
        _statuses(()),
    ),
    (
        "organisations:employee_update",
        lambda a: {"pk": a.employee.pk},
        _statuses(EDITORS, STAFF),
        _statuses(()),
    ),
    (
        "organisations:placement_create",
        lambda a: {"employee_pk": a.employee.pk},
        _statuses(EDITORS, STAFF),
        _statuses(()),
    ),
    ("home", lambda a: {}, _statuses(ALL), _statuses(ALL)),
]


@pytest.mark.parametrize("name,kwargs,for_a,for_b", PAGES, ids=[p[0] for p in PAGES])
def test_page_access_matrix(client, world, name, kwargs, for_a, for_b):
    url = reverse(name, kwargs=kwargs(world.a))
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for side, expected in ((world.a, for_a), (world.b, for_b)):
        for role in Role:
            client.force_login(side.user(role))
            status = client.get(url).status_code
            assert status == expected(role), f"{name} as {role} of {side.organisation}: {status}"


def test_side_entrant_sees_own_record(client, world):
    client.force_login(world.a.user(SIDE))
    response = client.get(reverse("organisations:employee_detail", args=[world.a.side_entrant.pk]))
    assert response.status_code == 200
    assert world.a.side_entrant.full_name in response.content.decode()


def test_lists_show_nothing_of_the_other_organisation(client, world):
    client.force_login(world.b.user(HR))
    for name in ("organisations:organisation_list", "organisations:employee_list"):
        html = client.get(reverse(name)).content.decode()
        assert world.a.organisation.name not in html
        assert world.a.employee.last_name not in html
        assert world.b.employee.last_name in html or name == "organisations:organisation_list"


def test_ending_a_placement_of_another_organisation_is_404(client, world):
    placement = world.a.employee.placements.get()
    client.force_login(world.b.user(HR))
    url = reverse("organisations:placement_end", args=[placement.pk])
    assert client.post(url, {"end_date": "2026-01-01"}).status_code == 404
    client.force_login(world.a.user(MAN))
    assert client.post(url, {"end_date": "2026-01-01"}).status_code == 403
    client.force_login(world.a.user(HR))
    assert client.post(url, {"end_date": "2026-01-01"}).status_code == 302
    placement.refresh_from_db()
    assert placement.end_date == datetime.date(2026, 1, 1)


def test_filter_by_organisation_of_other_side_does_not_leak(client, world):
    client.force_login(world.a.user(HR))
    response = client.get(
        reverse("organisations:employee_list"), {"organisation": world.b.organisation.pk}
    )
    assert response.status_code == 200
    assert world.b.employee.last_name not in response.content.decode()


# --- forms: bad input gets a clear Dutch message and saves nothing ------------------------


def _employee_post(world, **overrides):
    data = {
        "first_name": "Sanne",
        "last_name": "van 't Hek",
        "email": "sanne@example.org",
        "organisation": world.a.organisation.pk,
        "team": world.a.team.pk,
        "job_function": "Jeugdbeschermer in opleiding",
        "fte": "0,89",
        "employment_start": "01-09-2025",
        "is_side_entrant": "on",
    }
    data.update(overrides)
    return data


def test_hr_adds_an_employee_with_dutch_dates_and_decimals(client, world):
    client.force_login(world.a.user(HR))
    response = client.post(reverse("organisations:employee_create"), _employee_post(world))
    employee = Employee.objects.get(email="sanne@example.org")
    assert response.status_code == 302
    assert employee.employment_start == datetime.date(2025, 9, 1)
    assert str(employee.fte) == "0.89"
    assert employee.history.get().history_user == world.a.user(HR)


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"fte": "1,5"}, "FTE kan maximaal 1,2 zijn"),
        ({"fte": "0"}, "FTE moet meer dan 0 zijn"),
        ({"fte": "veel"}, "Voer een getal in"),
        ({"team": "999999"}, "Selecteer een geldige keuze"),
        ({"employment_start": "31-02-2025"}, "Voer een geldige datum in"),
        ({"first_name": ""}, "Dit veld is verplicht"),
    ],
)
def test_bad_employee_input_is_explained_in_dutch(client, world, overrides, message):
    client.force_login(world.a.user(HR))
    response = client.post(
        reverse("organisations:employee_create"), _employee_post(world, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Employee.objects.filter(email="sanne@example.org").exists()


def test_team_of_other_organisation_cannot_be_chosen(client, world):
    client.force_login(world.a.user(HR))
    response = client.post(
        reverse("organisations:employee_create"), _employee_post(world, team=world.b.team.pk)
    )
    assert response.status_code == 200
    assert not Employee.objects.filter(email="sanne@example.org").exists()


def test_html_in_names_is_escaped(client, world):
    client.force_login(world.a.user(HR))
    client.post(
        reverse("organisations:employee_create"),
        _employee_post(world, last_name="<script>alert(1)</script>"),
    )
    employee = Employee.objects.get(email="sanne@example.org")
    html = client.get(reverse("organisations:employee_detail", args=[employee.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_overlapping_placement_is_explained_and_not_saved(client, world):
    client.force_login(world.a.user(HR))
    url = reverse("organisations:placement_create", args=[world.a.employee.pk])
    response = client.post(
        url,
        {
            "team": world.a.team.pk,
            "start_date": "01-06-2025",
            "fte": "1",
            "formation_kind": "regular",
            "funding_source": "own_budget",
        },
    )
    assert response.status_code == 200
    assert "heeft al een plaatsing" in response.content.decode()
    assert world.a.employee.placements.count() == 1


def test_placement_fte_out_of_range_is_rejected(client, world):
    employee = EmployeeFactory(organisation=world.a.organisation, team=world.a.team)
    client.force_login(world.a.user(HR))
    response = client.post(
        reverse("organisations:placement_create", args=[employee.pk]),
        {
            "team": world.a.team.pk,
            "start_date": "01-06-2025",
            "fte": "1,3",
            "formation_kind": "supernumerary",
            "funding_source": "sectorplanplus",
        },
    )
    assert response.status_code == 200
    assert "FTE kan maximaal 1,2 zijn" in response.content.decode()
    assert not Placement.objects.filter(employee=employee).exists()


def test_supernumerary_placement_shows_on_team_page(client, world):
    employee = EmployeeFactory(organisation=world.a.organisation, team=world.a.team)
    client.force_login(world.a.user(HR))
    client.post(
        reverse("organisations:placement_create", args=[employee.pk]),
        {
            "team": world.a.team.pk,
            "start_date": "01-06-2025",
            "fte": "0,8",
            "formation_kind": "supernumerary",
            "funding_source": "sectorplanplus",
        },
    )
    html = client.get(reverse("organisations:team_detail", args=[world.a.team.pk])).content.decode()
    assert employee.full_name in html
    assert "Boven formatief" in html


def test_duplicate_organisation_name_is_refused(client, world):
    client.force_login(world.a.user(ADM))
    response = client.post(
        reverse("organisations:organisation_create"),
        {"name": world.b.organisation.name.upper(), "kind": "jeugdbescherming"},
    )
    assert response.status_code == 200
    assert "bestaat al" in response.content.decode()
    assert Organisation.objects.count() == 2


def test_duplicate_team_name_is_refused(client, world):
    client.force_login(world.a.user(HR))
    response = client.post(
        reverse("organisations:team_create", args=[world.a.organisation.pk]),
        {"name": world.a.team.name.lower(), "formation_fte": "3"},
    )
    assert response.status_code == 200
    assert "heeft al een team met deze naam" in response.content.decode()
    assert Team.objects.filter(organisation=world.a.organisation).count() == 1


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"organisation": "abc"},
        {"team": "'; DROP TABLE x; --"},
        {"is_side_entrant": "maybe"},
        {"q": "x" * 5000},
        {"q": "Özdemir\x00"},
    ],
)
def test_odd_query_parameters_never_break_the_list(client, world, params):
    client.force_login(world.a.user(HR))
    assert client.get(reverse("organisations:employee_list"), params).status_code == 200
    assert client.get(reverse("organisations:organisation_list"), params).status_code == 200


def test_employee_search_finds_by_name_and_filters_side_entrants(client, world):
    client.force_login(world.a.user(HR))
    url = reverse("organisations:employee_list")
    html = client.get(url, {"q": "nieuw"}).content.decode()
    assert world.a.side_entrant.full_name in html
    assert world.a.employee.full_name not in html
    html = client.get(url, {"is_side_entrant": "false"}).content.decode()
    assert world.a.employee.full_name in html
    assert world.a.side_entrant.full_name not in html


# --- query counts: constant, whatever the number of rows -------------------------------


def _add_people(world, n):
    for _ in range(n):
        employee = EmployeeFactory(organisation=world.a.organisation, team=world.a.team)
        PlacementFactory(employee=employee, team=world.a.team)


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("organisations:employee_list", lambda a: {}),
        ("organisations:organisation_list", lambda a: {}),
        ("organisations:organisation_detail", lambda a: {"pk": a.organisation.pk}),
        ("organisations:team_detail", lambda a: {"pk": a.team.pk}),
        ("organisations:employee_detail", lambda a: {"pk": a.employee.pk}),
    ],
)
def test_query_count_does_not_grow_with_rows(
    client, world, django_assert_max_num_queries, name, kwargs
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.a.user(HR))
    url = reverse(name, kwargs=kwargs(world.a))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_people(world, 30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


EXPECTED_QUERIES = {
    # Every page: session, user, the user's memberships, the unread-notification badge,
    # and 3 for saving the session (SAVEPOINT, UPDATE, RELEASE: sessions expire after
    # inactivity) = 7. Then the page's own:
    "organisations:employee_list": 7 + 4,  # count, rows, organisation and team choices
    "organisations:organisation_list": 7 + 2,  # count, rows with counts as subqueries
    "organisations:organisation_detail": 7 + 2,  # organisation, teams with staffing
    "organisations:team_detail": 7 + 2,  # team with staffing, placements
    "organisations:employee_detail": 7 + 5,  # employee, placements, 2 x history, hand-over
}


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_exact_query_counts(client, world, django_assert_num_queries, name):
    kwargs = {
        "organisations:organisation_detail": {"pk": world.a.organisation.pk},
        "organisations:team_detail": {"pk": world.a.team.pk},
        "organisations:employee_detail": {"pk": world.a.employee.pk},
    }.get(name, {})
    client.force_login(world.a.user(HR))
    url = reverse(name, kwargs=kwargs)
    with django_assert_num_queries(EXPECTED_QUERIES[name]):
        client.get(url)


def test_quick_select_renders_like_djangos_select():
    """The employee filter's fast select gives the same HTML as Django's, escaped."""
    import re

    from django import forms

    from organisations.filters import QuickSelect

    choices = [("", "---------"), (1, "Team <b>Noord</b> & Zuid"), (2, "Van 't Hek")]
    for value in (None, "2", 1, "x"):
        args = ("team", value, {"id": "id_team"})
        django_html = forms.Select(choices=choices, attrs={"class": "form-select"}).render(*args)
        quick_html = QuickSelect(choices=choices, attrs={"class": "form-select"}).render(*args)
        assert re.sub(r"\s+", "", quick_html) == re.sub(r"\s+", "", django_html)
    assert "&lt;b&gt;Noord" in quick_html and "<b>" not in quick_html


def test_employee_list_team_filter_keeps_the_choice(client, world):
    client.force_login(world.a.user(Role.HR_ADVISOR))
    url = reverse("organisations:employee_list")
    html = client.get(url, {"team": world.a.team.pk}).content.decode()
    assert f'<option value="{world.a.team.pk}" selected>' in html
    assert f'value="{world.b.team.pk}"' not in html  # another organisation's team
