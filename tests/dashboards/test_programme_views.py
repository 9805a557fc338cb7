"""Programme pages: who may see and change them, exact query counts, exports, bad input."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dashboards.models import Goal, Programme, Step
from dashboards.models.programmes import Kpi
from dashboards.programmes import evaluation, exports, services
from organisations.roles import Role
from tests.dashboards.factories import make_programme
from tests.organisations.factories import EmployeeFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(world):
    programme = make_programme(
        world.a.organisation, starts_on=datetime.date(2025, 1, 1), description="<b>Pilot</b>"
    )
    services.goal_create(programme=programme, kpi=Kpi.HIRED, target=Decimal("10"))
    services.goal_create(programme=programme, kpi=Kpi.DROPOUT_12, target=Decimal("15"))
    services.step_create(programme=programme, kind="campaign_setup", title="Campagne opzetten")
    services.step_create(
        programme=programme,
        kind="checkin_cadence",
        title="Terugkommomenten",
        settings={"cadence_weeks": 2},
    )
    return programme


def _pages(programme):
    pk = programme.pk
    return [
        reverse("dashboards:programme_detail", args=[pk]),
        reverse("dashboards:programme_evaluation", args=[pk]),
        reverse("dashboards:programme_evaluation", args=[pk]) + "?format=csv",
        reverse("dashboards:programme_evaluation", args=[pk]) + "?format=pdf",
        reverse("dashboards:programme_template", args=[pk]),
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MANAGER, 200),
        (Role.HR_ADVISOR, 200),
        (Role.FUNCTIONAL_ADMIN, 200),
        (Role.MENTOR, 403),
        (Role.SIDE_ENTRANT, 403),
        (Role.PRACTICE_SUPERVISOR, 403),
    ],
)
def test_read_access_in_the_own_organisation(client, world, programme, role, status):
    client.force_login(world.a.user(role))
    for url in _pages(programme):
        assert client.get(url).status_code == status, url
    assert client.get(reverse("dashboards:programme_list")).status_code == status


@pytest.mark.parametrize("role", [Role.MANAGER, Role.HR_ADVISOR, Role.FUNCTIONAL_ADMIN])
def test_another_organisation_gets_404(client, world, programme, role):
    client.force_login(world.b.user(role))
    for url in _pages(programme):
        assert client.get(url).status_code == 404, url
    html = client.get(reverse("dashboards:programme_list")).content.decode()
    assert programme.name not in html


def test_only_managers_and_hr_change(client, world, programme):
    edit = reverse("dashboards:programme_edit", args=[programme.pk])
    client.force_login(world.a.user(Role.FUNCTIONAL_ADMIN))
    assert client.get(edit).status_code == 403
    assert client.get(reverse("dashboards:programme_create")).status_code == 403
    client.force_login(world.a.user(Role.HR_ADVISOR))
    assert client.get(edit).status_code == 200
    client.force_login(world.b.user(Role.MANAGER))
    assert client.get(edit).status_code == 404
    goal = programme.goals.first()
    url = reverse("dashboards:programme_goal_delete", args=[programme.pk, goal.pk])
    assert client.post(url).status_code == 404
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_detail_escapes_html_and_lists_goals_and_steps(client, world, programme):
    client.force_login(world.a.user(Role.MANAGER))
    html = client.get(reverse("dashboards:programme_detail", args=[programme.pk])).content.decode()
    assert "&lt;b&gt;Pilot&lt;/b&gt;" in html
    assert "Campagne opzetten" in html and "cadence_weeks: 2" in html
    assert "≥ 10" in html and "≤ 15" in html


def test_create_programme_then_goal_then_run(client, world):
    client.force_login(world.a.user(Role.MANAGER))
    response = client.post(
        reverse("dashboards:programme_create"),
        {
            "organisation": world.a.organisation.pk,
            "name": "Pilot 2027",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "teams": [world.a.team.pk],
        },
    )
    assert response.status_code == 302
    programme = Programme.objects.get(name="Pilot 2027")
    assert list(programme.teams.all()) == [world.a.team]
    edit = reverse("dashboards:programme_edit", args=[programme.pk])
    data = {"name": "Pilot 2027", "starts_on": "2027-01-01", "status": "running"}
    response = client.post(edit, data)
    assert "Stel minstens één doel" in response.content.decode()
    programme.refresh_from_db()
    assert programme.status == "draft"
    response = client.post(
        reverse("dashboards:programme_goal_create", args=[programme.pk]),
        {"goal-kpi": "checkin_score", "goal-target": "3,5", "goal-note": "Landelijk gemiddelde"},
    )
    assert response.status_code == 302
    assert programme.goals.get().target == Decimal("3.5")
    assert client.post(edit, data).status_code == 302
    programme.refresh_from_db()
    assert programme.status == "running"
    # Running: goals are fixed, and the status cannot go back to draft.
    response = client.post(
        reverse("dashboards:programme_goal_create", args=[programme.pk]),
        {"kpi": "hired", "target": "4"},
    )
    assert "alleen wijzigen zolang" in response.content.decode()
    assert programme.goals.count() == 1
    response = client.post(edit, {**data, "status": "draft"})
    assert response.status_code == 200
    programme.refresh_from_db()
    assert programme.status == "running"


@pytest.mark.parametrize(
    ("kpi", "target", "message"),
    [
        ("hired", "", "Dit veld is verplicht"),
        ("dropout_6", "120", "tussen 0 en 100"),
        ("dropout_6", "-5", "tussen 0 en 100"),
        ("checkin_score", "7", "tussen 1 en 5"),
        ("checkin_score", "0,5", "tussen 1 en 5"),
        ("cost_per_registered", "99999999", "tussen 0 en 1000000"),
        ("unknown", "5", "geen beschikbare keuze"),
        ("hired", "abc", "getal"),
    ],
)
def test_bad_goals_are_rejected(client, world, programme, kpi, target, message):
    client.force_login(world.a.user(Role.MANAGER))
    response = client.post(
        reverse("dashboards:programme_goal_create", args=[programme.pk]),
        {"kpi": kpi, "target": target},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert programme.goals.count() == 2


def test_a_second_goal_for_the_same_kpi_is_rejected(client, world, programme):
    client.force_login(world.a.user(Role.MANAGER))
    response = client.post(
        reverse("dashboards:programme_goal_create", args=[programme.pk]),
        {"kpi": "hired", "target": "3"},
    )
    assert "al een doel" in response.content.decode()
    assert programme.goals.count() == 2


def test_database_refuses_an_absurd_target(programme):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.create(programme=programme, kpi=Kpi.DROPOUT_24, target=Decimal("101"))


def test_steps_add_edit_and_bad_settings(client, world, programme):
    client.force_login(world.a.user(Role.HR_ADVISOR))
    url = reverse("dashboards:programme_step_create", args=[programme.pk])
    response = client.post(url, {"kind": "mentor_briefing", "title": "Briefing", "settings": "{"})
    assert "geen geldige JSON" in response.content.decode()
    response = client.post(url, {"kind": "mentor_briefing", "title": "Briefing", "settings": "[1]"})
    assert "JSON-object" in response.content.decode()
    response = client.post(url, {"kind": "mentor_briefing", "title": "Briefing", "order": "1"})
    assert "al dit nummer" in response.content.decode()
    assert programme.steps.count() == 2
    response = client.post(url, {"kind": "mentor_briefing", "title": "Briefing mentoren"})
    assert response.status_code == 302
    step = programme.steps.get(title="Briefing mentoren")
    assert step.order == 3
    edit = reverse("dashboards:programme_step_edit", args=[programme.pk, step.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {"order": "3", "kind": "mentor_briefing", "title": "Briefing", "settings": '{"a": 1}'}
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.settings == {"a": 1}
    client.post(reverse("dashboards:programme_step_delete", args=[programme.pk, step.pk]))
    assert not Step.objects.filter(pk=step.pk).exists()


def test_evaluation_page_and_exports(client, world, programme):
    client.force_login(world.a.user(Role.MANAGER))
    url = reverse("dashboards:programme_evaluation", args=[programme.pk])
    html = client.get(url).content.decode()
    assert "nog geen gegevens" in html  # grey KPIs, never a made-up number
    assert "binnen 10%" in html.lower() or "10%" in html
    response = client.get(url, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.getvalue().decode("utf-8-sig")  # streamed
    assert body.splitlines()[0].startswith("KPI;")
    assert "Aantal aangenomen zij-instromers" in body
    response = client.get(url, {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert programme.name.encode() in response.content  # in the document title
    # Odd format values fall back to the page.
    assert client.get(url, {"format": "<script>"}).status_code == 200


def test_pdf_report_contains_the_table(world, programme):
    pdf = exports.evaluation_pdf(programme, evaluation.evaluate(programme))
    assert pdf.startswith(b"%PDF")
    # The embedded font stores glyph ids, not letters: read the text back as a viewer would.
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Pilot zij-instroom 2026" in text
    assert world.a.organisation.name in text
    assert "≥ 10" in text and "≤ 15" in text  # the goals' comparisons, not ">=" / "<="


def test_page_query_counts_do_not_grow(client, world, programme, django_assert_num_queries):
    client.force_login(world.a.user(Role.MANAGER))
    pages = {
        reverse("dashboards:programme_list"): 8,
        reverse("dashboards:programme_detail", args=[programme.pk]): 12,
        reverse("dashboards:programme_evaluation", args=[programme.pk]): 16,
    }
    for url, count in pages.items():
        with django_assert_num_queries(count):
            client.get(url)
    for month in range(1, 7):
        employee = EmployeeFactory(
            organisation=world.a.organisation, team=world.a.team, is_side_entrant=True
        )
        PlacementFactory(
            employee=employee,
            team=world.a.team,
            start_date=datetime.date(2025, month, 1),
            formation_kind="supernumerary",
        )
    make_programme(world.a.organisation, name="Tweede pilot")
    for url, count in pages.items():
        with django_assert_num_queries(count):
            client.get(url)


def test_template_export_has_no_ids_or_personal_data(client, world, programme):
    client.force_login(world.a.user(Role.MANAGER))
    response = client.get(reverse("dashboards:programme_template", args=[programme.pk]))
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["format"] == "instroom.programme-template" and data["version"] == 1
    text = response.content.decode()
    assert world.a.organisation.name not in text
    assert '"id"' not in text and "organisation" not in text
    assert world.a.side_entrant.last_name not in text
