"""The financial plan and subsidy pages: access, query counts, bad input, figures from data."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from dashboards.finance import selectors, services
from dashboards.models import FinanceLine, FinancePlan, SubsidyApplication, SubsidyDeadline
from dashboards.services import capacity_settings_update
from organisations.roles import Role
from tests.dashboards.factories import make_programme
from tests.organisations.factories import EmployeeFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def make_application(programme, **fields):
    fields = {
        "scheme": "sectorplanplus",
        "reference": "SPP-2026-001",
        "status": SubsidyApplication.Status.GRANTED,
        "amount_requested": D("24000"),
        "amount_granted": D("24000"),
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 12, 31),
        **fields,
    }
    return services.subsidy_application_create(programme=programme, **fields)


def make_deadline(application, due_on, description="Tussenrapportage"):
    return services.subsidy_deadline_create(
        application=application, due_on=due_on, description=description
    )


def side_entrant(organisation, team, *, start, end=None, fte="1.00", **employee):
    employee = EmployeeFactory(
        organisation=organisation, team=team, is_side_entrant=True, **employee
    )
    PlacementFactory(
        employee=employee,
        team=team,
        start_date=start,
        end_date=end,
        fte=D(fte),
        formation_kind="supernumerary",
    )
    return employee


# --- figures from the database ------------------------------------------------------------


def test_overview_from_placements_lines_and_granted_subsidies(world):
    org, team = world.a.organisation, world.a.team
    capacity_settings_update(organisation=org, hourly_wage_cost=D("40"), months_to_registration=6)
    programme = make_programme(org)
    services.finance_plan_update(
        programme=programme,
        hours_per_fte_per_week=D("36"),
        training_cost_per_person=D("0"),
        mentor_hourly_cost=D("0"),
        mentor_hours_per_month=D("0"),
        alternative_cost_per_fte_month=D("9000"),
        horizon_months=6,
    )
    assert FinancePlan.objects.get().hourly_wage_cost == D("40")  # from capacity settings
    # Ends its supernumerary placement in February: converts from March.
    side_entrant(org, team, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 2, 28))
    # No end, no track: 6 planned months from 1 April -> on top of formation Apr-Sep.
    side_entrant(org, team, start=datetime.date(2026, 4, 1), fte="0.50")
    # Left in February before registering: costs January and February, never converts.
    side_entrant(
        org,
        team,
        start=datetime.date(2026, 1, 1),
        employment_end=datetime.date(2026, 2, 10),
    )
    # Started before the programme: not part of it (like world.a.side_entrant).
    side_entrant(org, team, start=datetime.date(2025, 10, 1))
    make_application(programme, period_start=datetime.date(2026, 1, 1))  # 2,000 a month
    make_application(programme, status="submitted", amount_granted=None, reference="x")
    services.finance_line_create(
        programme=programme,
        kind="recruitment",
        description="Campagne 'Switch naar de jeugdzorg'",
        amount=D("2500"),
        starts_on=datetime.date(2026, 1, 1),
        months=1,
    )
    data = selectors.finance_overview(programme)
    rows = data["rows"]
    assert data["people_count"] == 3
    # 6,240 per FTE-month; 0.5 FTE = 3,120.
    assert [r.wage for r in rows] == [
        D("12480"),
        D("12480"),
        0,
        D("3120"),
        D("3120"),
        D("3120"),
    ]
    assert [r.savings for r in rows] == [0, 0, D("2760"), D("2760"), D("2760"), D("2760")]
    assert [r.subsidies for r in rows] == [D("2000")] * 6
    assert rows[0].other_costs == D("2500")
    # Costs 12,480 x 2 + 3,120 x 3 + 2,500 = 36,820; funding 12,000; savings 11,040.
    assert data["totals"]["net"] == D("-13780")
    assert data["break_even"] is None


def test_side_entrants_still_to_be_hired_count_in_the_plan(world):
    capacity_settings_update(organisation=world.a.organisation, hourly_wage_cost=D("40"))
    programme = make_programme(world.a.organisation)
    services.finance_plan_update(
        programme=programme,
        hours_per_fte_per_week=D("36"),
        mentor_hours_per_month=D("0"),
        training_cost_per_person=D("1000"),
        alternative_cost_per_fte_month=D("9000"),
        horizon_months=6,
        planned_hires=2,
        planned_hire_fte=D("0.50"),
        planned_start=datetime.date(2026, 3, 15),
        planned_months_supernumerary=2,
    )
    rows = selectors.finance_overview(programme)["rows"]
    # Two x 0.5 FTE x 6,240 in March and April; 2 x 1,000 training in March;
    # from May 2 x 0.5 x (9,000 - 6,240) = 2,760 saved a month.
    assert [r.wage for r in rows] == [0, 0, D("6240"), D("6240"), 0, 0]
    assert [r.training for r in rows] == [0, 0, D("2000"), 0, 0, 0]
    assert [r.savings for r in rows] == [0, 0, 0, 0, D("2760"), D("2760")]


def test_plan_defaults_from_capacity_settings_without_saving(world):
    capacity_settings_update(organisation=world.a.organisation, hourly_wage_cost=D("41.50"))
    programme = make_programme(world.a.organisation)
    plan = selectors.plan_for(programme)
    assert plan.pk is None and plan.hourly_wage_cost == D("41.50")
    assert plan.horizon_months == 24


# --- access -------------------------------------------------------------------------------


def _urls(world):
    programme = make_programme(world.a.organisation)
    application = make_application(programme)
    line = services.finance_line_create(
        programme=programme,
        kind="own_budget",
        description="Eigen begroting",
        amount=D("1000"),
        starts_on=datetime.date(2026, 1, 1),
    )
    return [
        reverse("dashboards:finance_plan", args=[programme.pk]),
        reverse("dashboards:finance_export", args=[programme.pk]),
        reverse("dashboards:finance_assumptions", args=[programme.pk]),
        reverse("dashboards:finance_line_create", args=[programme.pk]),
        reverse("dashboards:finance_line_update", args=[line.pk]),
        reverse("dashboards:subsidy_update", args=[application.pk]),
        reverse("dashboards:subsidy_deadline_create", args=[application.pk]),
    ]


def test_access_manager_hr_and_admin_of_a_only(client, world):
    urls = _urls(world)
    for role, status in (
        (Role.MANAGER, 200),
        (Role.HR_ADVISOR, 200),
        (Role.FUNCTIONAL_ADMIN, 200),
        (Role.MENTOR, 403),
        (Role.PRACTICE_SUPERVISOR, 403),
        (Role.SUPPORT_COORDINATOR, 403),
        (Role.SIDE_ENTRANT, 403),
    ):
        client.force_login(world.a.user(role))
        for url in urls:
            assert client.get(url).status_code == status, (role, url)
        list_status = client.get(reverse("dashboards:subsidy_list")).status_code
        assert list_status == status, role
    client.force_login(world.b.user(Role.MANAGER))
    for url in urls:
        assert client.get(url).status_code == 404, url
    html = client.get(reverse("dashboards:subsidy_list")).content.decode()
    assert "SPP-2026-001" not in html


def test_other_organisation_cannot_post_to_a(client, world):
    programme = make_programme(world.a.organisation)
    application = make_application(programme)
    deadline = make_deadline(application, datetime.date(2026, 6, 1))
    client.force_login(world.b.user(Role.HR_ADVISOR))
    url = reverse("dashboards:subsidy_deadline_done", args=[deadline.pk])
    assert client.post(url, {"done": "1"}).status_code == 404
    deadline.refresh_from_db()
    assert deadline.done_at is None
    make_programme(world.b.organisation, name="Pilot B")
    response = client.post(
        reverse("dashboards:subsidy_create"),
        {
            "programme": programme.pk,
            "scheme": "praktijkleren",
            "status": "planned",
            "amount_requested": "2700",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    )
    assert response.status_code == 200  # A's programme is not a choice
    assert SubsidyApplication.objects.count() == 1


def test_manager_marks_a_deadline_done_and_opens_it_again(client, world):
    application = make_application(make_programme(world.a.organisation))
    deadline = make_deadline(application, datetime.date(2026, 6, 1))
    client.force_login(world.a.user(Role.MANAGER))
    url = reverse("dashboards:subsidy_deadline_done", args=[deadline.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"done": "yes"}).status_code == 302
    deadline.refresh_from_db()
    assert deadline.done_at is None  # an odd value changes nothing
    assert client.post(url, {"done": "1"}).status_code == 302
    deadline.refresh_from_db()
    assert deadline.done_at is not None
    client.post(url, {"done": "0"})
    deadline.refresh_from_db()
    assert deadline.done_at is None


def test_page_shows_break_even_and_escapes_text(client, world):
    programme = make_programme(world.a.organisation)
    services.finance_line_create(
        programme=programme,
        kind="municipal",
        description="<script>alert(1)</script> Gemeente Groningen",
        amount=D("5000"),
        starts_on=datetime.date(2026, 1, 1),
    )
    client.force_login(world.a.user(Role.HR_ADVISOR))
    html = client.get(reverse("dashboards:finance_plan", args=[programme.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Gemeente Groningen" in html
    assert "<script>alert(1)" not in html
    assert 'id="finance-data"' in html and "dashboards/finance.js" in html
    assert "01-2026" in html  # no costs, 5,000 funding: break-even at once


def test_csv_export_has_one_row_per_month(client, world):
    programme = make_programme(world.a.organisation)
    services.finance_plan_update(programme=programme, horizon_months=3)
    client.force_login(world.a.user(Role.MANAGER))
    response = client.get(reverse("dashboards:finance_export", args=[programme.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="financieel-plan-{programme.pk}.csv"'
    )
    lines = response.getvalue().decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("Maand;")
    assert lines[1].startswith("01-2026;")


# --- query counts -------------------------------------------------------------------------


def _add_rows(world, programme, n):
    for i in range(n):
        side_entrant(world.a.organisation, world.a.team, start=datetime.date(2026, 2, 1 + i))
        application = make_application(programme, reference=f"R-{i}")
        make_deadline(application, datetime.date(2026, 6, 1 + i))
        services.finance_line_create(
            programme=programme,
            kind="recruitment",
            description=f"Vacature {i}",
            amount=D("100"),
            starts_on=datetime.date(2026, 1, 1),
        )


def test_finance_page_query_count_is_constant(client, world, django_assert_num_queries):
    programme = make_programme(world.a.organisation, teams=[world.a.team])
    _add_rows(world, programme, 1)
    client.force_login(world.a.user(Role.MANAGER))
    url = reverse("dashboards:finance_plan", args=[programme.pk])
    client.get(url)
    with django_assert_num_queries(15):
        client.get(url)
    _add_rows(world, programme, 4)
    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200


def test_subsidy_list_query_count_is_constant(client, world, django_assert_num_queries):
    programme = make_programme(world.a.organisation)
    _add_rows(world, programme, 1)
    client.force_login(world.a.user(Role.HR_ADVISOR))
    url = reverse("dashboards:subsidy_list")
    client.get(url)
    with django_assert_num_queries(10):
        client.get(url)
    _add_rows(world, make_programme(world.a.organisation, name="Tweede pilot"), 4)
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


def test_list_orders_by_next_open_deadline_and_flags_overdue(client, world, settings):
    programme = make_programme(world.a.organisation)
    later = make_application(programme, reference="LATER")
    make_deadline(later, datetime.date(2027, 3, 1))
    sooner = make_application(programme, reference="SOONER")
    make_deadline(sooner, datetime.date(2026, 2, 1))
    done = make_deadline(sooner, datetime.date(2025, 12, 1), description="Oud en klaar")
    services.subsidy_deadline_mark_done(deadline=done)
    none = make_application(programme, reference="NONE")
    data = selectors.subsidy_overview(world.a.user(Role.MANAGER), today=datetime.date(2026, 3, 1))
    assert [a.reference for a in data["applications"]] == ["SOONER", "LATER", "NONE"]
    assert [a.has_overdue for a in data["applications"]] == [True, False, False]
    assert none.pk


# --- bad input ----------------------------------------------------------------------------


ASSUMPTIONS = {
    "hourly_wage_cost": "38",
    "hours_per_fte_per_week": "36",
    "training_cost_per_person": "6500",
    "mentor_hourly_cost": "50",
    "mentor_hours_per_month": "6",
    "alternative_cost_per_fte_month": "9500",
    "horizon_months": "24",
    "planned_hires": "3",
    "planned_hire_fte": "1",
    "planned_start": "2026-09-01",
    "planned_months_supernumerary": "12",
}


@pytest.mark.parametrize(
    "field,value",
    [
        ("hourly_wage_cost", "-5"),
        ("hourly_wage_cost", "501"),
        ("hourly_wage_cost", "0"),
        ("mentor_hourly_cost", "900"),
        ("alternative_cost_per_fte_month", "-1"),
        ("hours_per_fte_per_week", "80"),
        ("horizon_months", "61"),
        ("horizon_months", "0"),
        ("training_cost_per_person", "abc"),
        ("planned_hire_fte", "2"),
        ("planned_hires", "-3"),
        ("planned_start", "1850-01-01"),
    ],
)
def test_absurd_assumptions_are_refused(client, world, field, value):
    programme = make_programme(world.a.organisation)
    client.force_login(world.a.user(Role.MANAGER))
    url = reverse("dashboards:finance_assumptions", args=[programme.pk])
    response = client.post(url, {**ASSUMPTIONS, field: value})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not FinancePlan.objects.exists()
    assert client.post(url, ASSUMPTIONS).status_code == 302
    assert FinancePlan.objects.get().training_cost_per_person == D("6500")


def test_planned_hires_need_a_start(client, world):
    programme = make_programme(world.a.organisation)
    client.force_login(world.a.user(Role.MANAGER))
    url = reverse("dashboards:finance_assumptions", args=[programme.pk])
    html = client.post(url, {**ASSUMPTIONS, "planned_start": ""}).content.decode()
    assert "Geef de geplande startdatum van de nieuwe zij-instromers op." in html
    assert not FinancePlan.objects.exists()


def test_dutch_message_for_a_too_long_horizon(client, world):
    programme = make_programme(world.a.organisation)
    client.force_login(world.a.user(Role.MANAGER))
    url = reverse("dashboards:finance_assumptions", args=[programme.pk])
    html = client.post(url, {**ASSUMPTIONS, "horizon_months": "61"}).content.decode()
    assert "Zorg ervoor dat deze waarde hoogstens 60 is." in html


def test_negative_amounts_and_bad_periods_are_refused(client, world):
    programme = make_programme(world.a.organisation)
    client.force_login(world.a.user(Role.MANAGER))
    base = {
        "programme": programme.pk,
        "scheme": "sectorplanplus",
        "reference": "SPP",
        "status": "granted",
        "amount_requested": "20000",
        "amount_granted": "18000",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
    }
    url = reverse("dashboards:subsidy_create")
    for bad in (
        {"amount_requested": "-1"},
        {"amount_granted": "-500"},
        {"amount_granted": ""},  # granted without an amount
        {"period_end": "2025-12-31"},
        {"period_end": "2036-12-31"},
        {"period_start": "1850-01-01"},
    ):
        response = client.post(url, {**base, **bad})
        assert response.status_code == 200, bad
        assert (
            "invalid-feedback" in response.content.decode() or "alert" in response.content.decode()
        )
    assert not SubsidyApplication.objects.exists()
    html = client.post(url, {**base, "amount_granted": ""}).content.decode()
    assert "Een toegekende subsidie heeft het toegekende bedrag nodig." in html
    assert client.post(url, base).status_code == 302

    line_url = reverse("dashboards:finance_line_create", args=[programme.pk])
    line = {
        "kind": "recruitment",
        "description": "Wervingscampagne",
        "amount": "3000",
        "starts_on": "2026-01-01",
        "months": "1",
    }
    for bad in ({"amount": "-3000"}, {"months": "61"}, {"starts_on": "1899-01-01"}, {"kind": "x"}):
        assert client.post(line_url, {**line, **bad}).status_code == 200, bad
    assert not FinanceLine.objects.exists()
    assert client.post(line_url, line).status_code == 302


def test_deadline_outside_a_sensible_range_is_refused(client, world):
    application = make_application(make_programme(world.a.organisation))
    client.force_login(world.a.user(Role.HR_ADVISOR))
    url = reverse("dashboards:subsidy_deadline_create", args=[application.pk])
    html = client.post(url, {"description": "Eindverantwoording", "due_on": "2035-01-01"})
    assert "drie jaar na het einde" in html.content.decode()
    assert client.post(url, {"description": "", "due_on": "2026-05-01"}).status_code == 200
    assert client.post(url, {"description": "x", "due_on": "geen datum"}).status_code == 200
    assert not SubsidyDeadline.objects.exists()
    assert client.post(url, {"description": "Eind", "due_on": "2027-03-01"}).status_code == 302


def test_database_refuses_out_of_range_values(world):
    from django.db import IntegrityError, transaction

    programme = make_programme(world.a.organisation)
    for values in (
        {"hourly_wage_cost": D("-1")},
        {"hourly_wage_cost": D("501")},
        {"horizon_months": 61},
        {"alternative_cost_per_fte_month": D("-10")},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            FinancePlan.objects.create(programme=programme, **values)
    with pytest.raises(IntegrityError), transaction.atomic():
        SubsidyApplication.objects.create(
            programme=programme,
            scheme="other",
            status="granted",
            amount_requested=D("1"),
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 2, 1),
        )


def test_odd_query_params_do_not_break_pages(client, world):
    programme = make_programme(world.a.organisation)
    client.force_login(world.a.user(Role.MANAGER))
    assert client.get(reverse("dashboards:subsidy_create"), {"programme": "x'<"}).status_code == 200
    assert (
        client.get(reverse("dashboards:subsidy_create"), {"programme": "99999"}).status_code == 200
    )
    assert (
        client.get(reverse("dashboards:finance_plan", args=[programme.pk + 999])).status_code == 404
    )
