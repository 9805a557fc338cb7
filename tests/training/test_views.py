import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisations.roles import Role
from tests.organisations.factories import EmployeeFactory
from tests.training import factories as f
from training import services
from training.models import LearningActivity, LedgerEntry, TaskLogEntry, Track, WeightedTask

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
TODAY = datetime.date.today()


def _statuses(ok, forbidden=(), default=404):
    return lambda role: 200 if role in ok else 403 if role in forbidden else default


@pytest.fixture
def setup(world):
    """A track for each side-entrant, and a weighting table for each organisation."""
    for side in (world.a, world.b):
        side.track = f.track(side.side_entrant, start=TODAY - datetime.timedelta(days=60))
        f.table(side.organisation)
    return world


PAGES = [
    (
        "training:track_list",
        lambda a: {},
        _statuses({HR, SUP, MEN}, ALL),
        _statuses({HR, SUP, MEN}, ALL),
    ),
    (
        "training:track_summary",
        lambda a: {},
        _statuses({HR, SUP, MAN}, ALL),
        _statuses({HR, SUP, MAN}, ALL),
    ),
    ("training:track_create", lambda a: {}, _statuses({HR}, ALL), _statuses({HR}, ALL)),
    (
        "training:track_detail",
        lambda a: {"pk": a.track.pk},
        _statuses({HR, SUP, SIDE}),
        _statuses(()),
    ),
    (
        "training:track_update",
        lambda a: {"pk": a.track.pk},
        _statuses({HR}, {SUP, SIDE}),
        _statuses(()),
    ),
    (
        "training:milestone_done",
        lambda a: {"pk": a.track.milestones.get(order=1).pk},
        _statuses({HR, SUP, SIDE}),
        _statuses(()),
    ),
    (
        "training:employee_detail",
        lambda a: {"pk": a.side_entrant.pk},
        _statuses({HR, SUP, SIDE}),
        _statuses(()),
    ),
    (
        "training:task_page",
        lambda a: {"pk": a.side_entrant.pk},
        _statuses({HR, SUP, SIDE}),
        _statuses(()),
    ),
    (
        "training:learning_plan",
        lambda a: {"pk": a.side_entrant.pk},
        _statuses({HR, SUP, SIDE}),
        _statuses(()),
    ),
    ("training:ledger_list", lambda a: {}, _statuses({HR, SUP}, ALL), _statuses({HR, SUP}, ALL)),
    (
        "training:ledger_detail",
        lambda a: {"pk": a.side_entrant.pk},
        _statuses({HR, SUP, SIDE}),
        _statuses(()),
    ),
    (
        "training:register",
        lambda a: {"pk": a.side_entrant.pk},
        _statuses({HR}, {SUP, SIDE}),
        _statuses(()),
    ),
    ("training:table_list", lambda a: {}, _statuses(ALL), _statuses(ALL)),
    (
        "training:table_detail",
        lambda a: {"organisation_pk": a.organisation.pk},
        _statuses(ALL),
        _statuses(()),
    ),
    (
        "training:task_create",
        lambda a: {"organisation_pk": a.organisation.pk},
        _statuses({ADM, SUP}, ALL),
        _statuses(()),
    ),
    (
        "training:table_copy",
        lambda a: {"organisation_pk": a.organisation.pk},
        _statuses({ADM, SUP}, ALL),
        _statuses(()),
    ),
    (
        "training:task_update",
        lambda a: {
            "pk": WeightedTask.objects.filter(table__organisation=a.organisation).first().pk
        },
        _statuses({ADM, SUP}, ALL),
        _statuses(()),
    ),
]


@pytest.mark.parametrize("name,kwargs,for_a,for_b", PAGES, ids=[p[0] for p in PAGES])
def test_page_access_matrix(client, setup, name, kwargs, for_a, for_b):
    url = reverse(name, kwargs=kwargs(setup.a))
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for side, expected in ((setup.a, for_a), (setup.b, for_b)):
        for role in Role:
            client.force_login(side.user(role))
            status = client.get(url).status_code
            assert status == expected(role), f"{name} as {role} of {side.organisation}: {status}"


def test_my_development_leads_to_own_page(client, setup):
    client.force_login(setup.a.user(SIDE))
    response = client.get(reverse("training:my"))
    assert response.url == reverse("training:employee_detail", args=[setup.a.side_entrant.pk])
    html = client.get(response.url).content.decode()
    assert "45 EC-traject" in html
    client.force_login(setup.a.user(MEN))
    assert "niet gekoppeld" in client.get(reverse("training:my")).content.decode()


def test_lists_show_nothing_of_the_other_organisation(client, setup):
    client.force_login(setup.b.user(HR))
    html = client.get(reverse("training:track_list")).content.decode()
    assert setup.a.side_entrant.last_name not in html
    assert setup.b.side_entrant.last_name in html


def test_manager_sees_figures_not_names(client, setup):
    client.force_login(setup.a.user(MAN))
    html = client.get(reverse("training:track_summary")).content.decode()
    assert setup.a.organisation.name in html
    assert setup.a.side_entrant.last_name not in html
    assert setup.b.organisation.name not in html


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"status": "'; DROP TABLE x; --"},
        {"route": "<script>"},
        {"q": "x" * 5000},
        {"q": "Özdemir\x00"},
        {"q": "van 't Hek"},
    ],
)
def test_odd_query_parameters_never_break_lists(client, setup, params):
    client.force_login(setup.a.user(HR))
    for name in ("training:track_list", "training:ledger_list"):
        assert client.get(reverse(name), params).status_code == 200
    for name in ("training:task_page", "training:ledger_detail"):
        url = reverse(name, args=[setup.a.side_entrant.pk])
        assert client.get(url, params).status_code == 200


# --- tracks: create, edit, milestones ---------------------------------------------------------


def test_hr_enrols_a_side_entrant(client, setup):
    employee = EmployeeFactory(
        organisation=setup.a.organisation, team=setup.a.team, last_name="Özdemir"
    )
    client.force_login(setup.a.user(HR))
    response = client.post(
        reverse("training:track_create"),
        {
            "employee": employee.pk,
            "route": f.route("evc").pk,
            "start_date": "2026-09-01",
            "registration_deadline": "",
            "paid_by": "employer",
        },
    )
    track = Track.objects.get(employee=employee)
    assert response.status_code == 302
    assert track.registration_deadline == datetime.date(2027, 9, 1)
    assert track.history.get().history_user == setup.a.user(HR)


def test_hr_cannot_enrol_an_employee_of_another_organisation(client, setup):
    client.force_login(setup.a.user(HR))
    response = client.post(
        reverse("training:track_create"),
        {
            "employee": setup.b.employee.pk,
            "route": f.route("evc").pk,
            "start_date": "2026-09-01",
            "paid_by": "employer",
        },
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Track.objects.filter(employee=setup.b.employee).exists()


def _track_post(track, **overrides):
    data = {
        "status": "active",
        "stop_reason": "",
        "start_date": track.start_date.isoformat(),
        "planned_end": "",
        "completed_on": "",
        "institution": "Hanzehogeschool",
        "credits_earned": "10",
        "credits_required": "45",
        "areas_done": "0",
        "areas_required": "0",
        "registration_deadline": "",
        "cost_tuition": "4950",
        "cost_exam": "0",
        "cost_materials": "0",
        "cost_study_time": "0",
        "paid_by": "employer",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"credits_earned": "46"}, "niet meer zijn dan het aantal benodigde"),
        ({"credits_earned": "-1"}, "minstens 0"),
        ({"status": "completed", "completed_on": "2020-01-01"}, "niet vóór de start"),
        ({"status": "completed"}, "afronddatum nodig"),
        ({"status": "stopped"}, "reden van stoppen"),
        ({"cost_tuition": "-5"}, "niet negatief"),
        ({"start_date": "31-02-2026"}, "geldige datum"),
    ],
)
def test_bad_track_input_is_explained_in_dutch(client, setup, overrides, message):
    track = setup.a.track
    client.force_login(setup.a.user(HR))
    response = client.post(
        reverse("training:track_update", args=[track.pk]), _track_post(track, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    track.refresh_from_db()
    assert track.credits_earned == 0 and track.status == "active"


def test_track_edit_saves_and_keeps_history(client, setup):
    track = setup.a.track
    client.force_login(setup.a.user(HR))
    response = client.post(
        reverse("training:track_update", args=[track.pk]),
        _track_post(track, status="stopped", stop_reason="Andere baan <b>buiten</b> de sector"),
    )
    assert response.status_code == 302
    track.refresh_from_db()
    assert track.status == "stopped"
    assert track.history.first().history_user == setup.a.user(HR)
    html = client.get(reverse("training:track_detail", args=[track.pk])).content.decode()
    assert "&lt;b&gt;buiten&lt;/b&gt;" in html


def test_side_entrant_uploads_evidence_and_staff_download_it(client, setup):
    milestone = setup.a.track.milestones.get(order=1)
    client.force_login(setup.a.user(SIDE))
    response = client.post(
        reverse("training:milestone_done", args=[milestone.pk]),
        {
            "done_on": TODAY.isoformat(),
            "evidence": SimpleUploadedFile("Intake Özdemir.pdf", f.PDF),
            "note": "",
        },
    )
    assert response.status_code == 302
    url = reverse("training:milestone_evidence", args=[milestone.pk])
    client.force_login(setup.a.user(SUP))
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == f.PDF
    for user in (setup.b.user(HR), setup.a.user(MAN)):
        client.force_login(user)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("bewijs.exe", f.PDF, "Alleen PDF"),
        ("bewijs.pdf", b"MZ\x90\x00" + b"\x00" * 100, "geen echt"),
    ],
)
def test_wrong_evidence_is_refused(client, setup, name, content, message):
    milestone = setup.a.track.milestones.get(order=1)
    client.force_login(setup.a.user(HR))
    response = client.post(
        reverse("training:milestone_done", args=[milestone.pk]),
        {"done_on": TODAY.isoformat(), "evidence": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_milestone_out_of_order_is_explained(client, setup):
    milestone = setup.a.track.milestones.get(order=3)
    client.force_login(setup.a.user(HR))
    response = client.post(
        reverse("training:milestone_done", args=[milestone.pk]), {"done_on": TODAY.isoformat()}
    )
    assert response.status_code == 200
    assert "op volgorde" in response.content.decode()


# --- registration ----------------------------------------------------------------------------


def test_hr_registers_a_side_entrant(client, setup):
    client.force_login(setup.a.user(HR))
    url = reverse("training:register", args=[setup.a.side_entrant.pk])
    response = client.post(url, {"skj_number": "120099887", "registration_date": TODAY.isoformat()})
    assert response.status_code == 302
    setup.a.side_entrant.refresh_from_db()
    assert setup.a.side_entrant.skj_registration_date == TODAY
    setup.a.track.refresh_from_db()
    assert setup.a.track.status == "completed"


def test_registration_moves_the_side_entrant_into_the_formation(client, setup):
    """Registered on 1 October: the supernumerary placement (since 1 March, 0.8 FTE) ends on
    30 September and a regular one in the same team starts on 1 October; the capacity
    dashboard then counts them in the formation, no longer on top of it."""
    from dashboards import capacity
    from organisations.models import Placement
    from tests.organisations.factories import PlacementFactory

    side = setup.a.side_entrant
    side.placements.all().delete()
    PlacementFactory(
        employee=side,
        team=setup.a.team,
        fte="0.8",
        formation_kind="supernumerary",
        funding_source="sectorplanplus",
        start_date=datetime.date(2026, 3, 1),
    )
    day = datetime.date(2026, 10, 1)
    hr = setup.a.user(HR)
    before = capacity.capacity_overview(user=hr, day=day)["rows"][0]["totals"]
    client.force_login(hr)
    url = reverse("training:register", args=[side.pk])
    assert "Vanaf de registratiedatum in de formatie" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "skj_number": "120099887",
            "registration_date": day.isoformat(),
            "move_to_formation": "on",
        },
    )
    assert response.status_code == 302
    placements = list(side.placements.order_by("start_date"))
    assert [(p.formation_kind, p.start_date, p.end_date, p.fte) for p in placements] == [
        ("supernumerary", datetime.date(2026, 3, 1), datetime.date(2026, 9, 30), Decimal("0.80")),
        ("regular", day, None, Decimal("0.80")),
    ]
    assert placements[1].team == setup.a.team
    assert placements[1].funding_source == Placement.FundingSource.OWN_BUDGET
    after = capacity.capacity_overview(user=hr, day=day)["rows"][0]["totals"]
    assert after["supernumerary_fte"] == before["supernumerary_fte"] - Decimal("0.8")
    assert after["occupied"] == before["occupied"] + Decimal("0.8")


def test_registration_without_moving_keeps_the_placement(client, setup):
    from organisations import services as org_services
    from tests.organisations.factories import PlacementFactory

    side = setup.a.side_entrant
    side.placements.all().delete()
    PlacementFactory(
        employee=side,
        team=setup.a.team,
        formation_kind="supernumerary",
        start_date=datetime.date(2026, 3, 1),
    )
    client.force_login(setup.a.user(HR))
    response = client.post(
        reverse("training:register", args=[side.pk]),
        {"skj_number": "120099887", "registration_date": "2026-10-01"},
    )
    assert response.status_code == 302
    assert list(side.placements.values_list("formation_kind", flat=True)) == ["supernumerary"]
    # A placement that starts on the day itself simply becomes regular; nothing to move: None.
    other = EmployeeFactory(organisation=setup.a.organisation, team=setup.a.team)
    PlacementFactory(
        employee=other,
        team=setup.a.team,
        formation_kind="supernumerary",
        start_date=datetime.date(2026, 10, 1),
    )
    moved = org_services.placement_move_to_formation(employee=other, day=datetime.date(2026, 10, 1))
    assert (moved.formation_kind, other.placements.count()) == ("regular", 1)
    assert (
        org_services.placement_move_to_formation(employee=other, day=datetime.date(2026, 10, 1))
        is None
    )


def test_registration_in_the_future_is_refused(client, setup):
    client.force_login(setup.a.user(HR))
    url = reverse("training:register", args=[setup.a.side_entrant.pk])
    response = client.post(url, {"skj_number": "120099887", "registration_date": "2099-01-01"})
    assert response.status_code == 200
    assert "kan niet in de toekomst liggen" in response.content.decode()
    setup.a.side_entrant.refresh_from_db()
    assert not setup.a.side_entrant.skj_registration_date


def test_registered_professional_logs_reflection_in_own_ledger(client, setup):
    pro = f.registered(setup.a.organisation, user=setup.a.user(MEN))
    client.force_login(setup.a.user(MEN))
    url = reverse("training:ledger_detail", args=[pro.pk])
    bad = client.post(
        url,
        {
            "kind": "reflection",
            "reflection_form": "intervision",
            "date": TODAY.isoformat(),
            "amount": "0,5",
            "description": "Korte intervisie",
        },
    )
    assert "vanaf 1 uur" in bad.content.decode()
    good = client.post(
        url,
        {
            "kind": "reflection",
            "reflection_form": "supervision",
            "date": TODAY.isoformat(),
            "amount": "1,5",
            "description": "Supervisie",
        },
    )
    assert good.status_code == 302
    assert LedgerEntry.objects.get(employee=pro).amount == 1.5


# --- task log and table -------------------------------------------------------------------------


def _task(side, name):
    return WeightedTask.objects.get(table__organisation=side.organisation, name=name)


def test_side_entrant_page_shows_levels_and_mix(client, setup):
    client.force_login(setup.a.user(SIDE))
    html = client.get(
        reverse("training:task_page", args=[setup.a.side_entrant.pk])
    ).content.decode()
    assert "Mag nu zelfstandig" in html
    assert "Rapportage schrijven" in html and "Veiligheidstaxatie" in html
    assert "Verhouding in de laatste 4 weken" in html


@pytest.mark.parametrize(
    "task,responsible,explanation,message",
    [
        ("Huisbezoek", None, "", "verantwoordelijke geregistreerde professional nodig"),
        ("Veiligheidstaxatie", "pro", "", "leg uit"),
    ],
)
def test_comply_or_explain_on_the_form(client, setup, task, responsible, explanation, message):
    pro = f.registered(setup.a.organisation)
    client.force_login(setup.a.user(SIDE))
    response = client.post(
        reverse("training:task_page", args=[setup.a.side_entrant.pk]),
        {
            "task": _task(setup.a, task).pk,
            "date": TODAY.isoformat(),
            "responsible": pro.pk if responsible else "",
            "explanation": explanation,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TaskLogEntry.objects.exists()


def test_unregistered_colleague_cannot_be_chosen_as_responsible(client, setup):
    client.force_login(setup.a.user(SIDE))
    response = client.post(
        reverse("training:task_page", args=[setup.a.side_entrant.pk]),
        {
            "task": _task(setup.a, "Huisbezoek").pk,
            "date": TODAY.isoformat(),
            "responsible": setup.a.employee.pk,
        },
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not TaskLogEntry.objects.exists()


def test_log_and_sign_off_a_task(client, setup):
    pro = f.registered(setup.a.organisation)
    client.force_login(setup.a.user(SIDE))
    url = reverse("training:task_page", args=[setup.a.side_entrant.pk])
    response = client.post(
        url,
        {
            "task": _task(setup.a, "Veiligheidstaxatie").pk,
            "date": TODAY.isoformat(),
            "responsible": pro.pk,
            "explanation": "Leersituatie <script>x</script>",
        },
    )
    assert response.status_code == 302
    entry = TaskLogEntry.objects.get()
    html = client.get(url).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    sign = reverse("training:task_sign_off", args=[entry.pk])
    assert client.post(sign).status_code == 403  # not by the side-entrant
    client.force_login(setup.b.user(SUP))
    assert client.post(sign).status_code == 404
    client.force_login(setup.a.user(SUP))
    assert client.post(sign).status_code == 302
    entry.refresh_from_db()
    assert entry.signed_off_by == setup.a.user(SUP)


def test_axis_score_outside_1_to_3_is_refused(client, setup):
    client.force_login(setup.a.user(ADM))
    response = client.post(
        reverse("training:task_create", args=[setup.a.organisation.pk]),
        {
            "name": "Zitting bijwonen",
            "category": "casework",
            "unsafe": "4",
            "responsibility": "1",
            "complexity": "0",
            "impact": "x",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Een score is 1, 2 of 3.") == 2
    assert "Voer een geheel getal in" in html
    assert not WeightedTask.objects.filter(name="Zitting bijwonen").exists()


def test_custom_thresholds_change_the_levels_on_the_page(client, setup):
    client.force_login(setup.a.user(SUP))
    url = reverse("training:table_detail", args=[setup.a.organisation.pk])
    bad = client.post(url, {"independent_max": "9", "registered_only_min": "8"})
    assert "drempels moeten voldoen" in bad.content.decode()
    assert (
        client.post(url, {"independent_max": "8", "registered_only_min": "12"}).status_code == 302
    )
    client.force_login(setup.a.user(SIDE))
    html = client.get(
        reverse("training:task_page", args=[setup.a.side_entrant.pk])
    ).content.decode()
    independent = html.split("Mag nu zelfstandig")[1].split("Alleen onder verantwoordelijkheid")[0]
    assert "Huisbezoek" in independent


def test_copy_table_from_another_organisation(client, setup):
    admin = setup.a.user(ADM)
    from organisations import services as org_services

    org_services.membership_grant(user=admin, organisation=setup.b.organisation, role=ADM)
    WeightedTask.objects.filter(table__organisation=setup.b.organisation).delete()
    client.force_login(admin)
    source = setup.a.organisation.weighting_table
    response = client.post(
        reverse("training:table_copy", args=[setup.b.organisation.pk]), {"source": source.pk}
    )
    assert response.status_code == 302
    assert WeightedTask.objects.filter(table__organisation=setup.b.organisation).count() == 3
    # A table the user cannot see is not a valid source.
    other = setup.b.user(SUP)
    client.force_login(other)
    response = client.post(
        reverse("training:table_copy", args=[setup.b.organisation.pk]), {"source": source.pk}
    )
    assert "Selecteer een geldige keuze" in response.content.decode()


# --- learning plan -----------------------------------------------------------------------------


def test_side_entrant_plans_and_completes_learning(client, setup):
    client.force_login(setup.a.user(SIDE))
    url = reverse("training:learning_plan", args=[setup.a.side_entrant.pk])
    response = client.post(
        url, {"kind": "social", "title": "Meelopen met de Raad", "planned_date": "", "hours": "8"}
    )
    assert response.status_code == 302
    activity = LearningActivity.objects.get()
    done = reverse("training:activity_done", args=[activity.pk])
    client.post(done, {"done_on": "2099-01-01"})
    activity.refresh_from_db()
    assert activity.done_on is None
    client.post(done, {"done_on": TODAY.isoformat()})
    activity.refresh_from_db()
    assert activity.done_on == TODAY
    assert "Meelopen met de Raad" in client.get(url).content.decode()
    client.force_login(setup.b.user(HR))
    assert client.post(done, {"done_on": TODAY.isoformat()}).status_code == 404


# --- query counts ---------------------------------------------------------------------------


def _grow(world, n):
    pro = f.registered(world.a.organisation)
    tasks = list(WeightedTask.objects.filter(table__organisation=world.a.organisation))
    for index in range(n):
        employee = EmployeeFactory(organisation=world.a.organisation, team=world.a.team)
        track = f.track(employee, start=TODAY - datetime.timedelta(days=60))
        services.milestone_complete(
            milestone=track.milestones.get(order=1), done_on=track.start_date
        )
        services.task_log_create(
            employee=world.a.side_entrant,
            task=tasks[index % len(tasks)],
            date=TODAY - datetime.timedelta(days=index % 40),
            responsible=pro,
            explanation="Leersituatie",
        )
        services.ledger_entry_create(
            employee=pro, kind="work", date=TODAY, amount=10, description="Uren"
        )
        services.learning_activity_create(
            employee=world.a.side_entrant, kind="formal", title=f"Module {index}", hours=2
        )
    return pro


def _url(name, world, pro):
    args = {
        "training:track_detail": [world.a.track.pk],
        "training:employee_detail": [world.a.side_entrant.pk],
        "training:task_page": [world.a.side_entrant.pk],
        "training:learning_plan": [world.a.side_entrant.pk],
        "training:ledger_detail": [pro.pk],
        "training:table_detail": [world.a.organisation.pk],
    }.get(name, [])
    return reverse(name, args=args)


EXPECTED_QUERIES = {
    # 7 baseline queries (session, user, memberships, unread badge, 3 for saving the session),
    # then the page's own:
    "training:track_list": 7 + 2,  # count, rows with milestone counts
    "training:track_summary": 7 + 1,  # grouped counts
    "training:track_detail": 7 + 3,  # track with employee and route, milestones, history
    "training:employee_detail": 7 + 2,  # employee, tracks with counts
    # employee, table, tasks x2, mentor check (mentoring's current mentors), mix, count, rows
    "training:task_page": 7 + 9,
    "training:learning_plan": 7 + 2,  # employee, activities
    "training:ledger_list": 7 + 3,  # rules, count, rows
    # employee, rules, totals, intervision hours (mentoring), count, rows
    "training:ledger_detail": 7 + 6,
    "training:table_list": 7
    + 1,  # tables with counts (HR edits no table: no "start a table" query)
    "training:table_detail": 7 + 3,  # organisation, table, tasks
}


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_exact_query_counts(client, setup, django_assert_num_queries, name):
    pro = _grow(setup, 3)
    client.force_login(setup.a.user(HR))
    url = _url(name, setup, pro)
    with django_assert_num_queries(EXPECTED_QUERIES[name]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_query_count_does_not_grow_with_rows(client, setup, name):
    pro = _grow(setup, 2)
    client.force_login(setup.a.user(HR))
    url = _url(name, setup, pro)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(setup, 30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_opening_an_empty_table_creates_nothing_until_saved(client, world):
    from training.models import WeightingTable

    client.force_login(world.a.user(ADM))
    url = reverse("training:table_detail", args=[world.a.organisation.pk])
    assert client.get(url).status_code == 200
    assert not WeightingTable.objects.exists()
    client.force_login(world.a.user(HR))
    assert client.get(url).status_code == 404  # nothing to read yet
    client.force_login(world.a.user(ADM))
    assert client.post(url, {"independent_max": "5", "registered_only_min": "9"}).status_code == 302
    assert WeightingTable.objects.get().independent_max == 5


def test_sign_off_inline_with_htmx(client, setup):
    entry = services.task_log_create(
        employee=setup.a.side_entrant, task=_task(setup.a, "Rapportage schrijven"), date=TODAY
    )
    client.force_login(setup.a.user(SUP))
    response = client.post(
        reverse("training:task_sign_off", args=[entry.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "✓" in html and "<html" not in html


# Covered by their own tests: an evidence download needs an uploaded file
# (test_side_entrant_uploads_evidence_and_staff_download_it); marking an activity done and
# signing off a task are POST-only (test_side_entrant_plans_and_completes_learning and the
# task-log test: side-entrant 403, B 404, own supervisor 302); "my" redirects every user to
# their own page (test_my_development_leads_to_own_page).
OUTSIDE_MATRIX = {
    "training:milestone_evidence",
    "training:activity_done",
    "training:task_sign_off",
    "training:my",
}


def test_every_training_url_is_in_the_matrix():
    from training import urls

    names = {f"training:{p.name}" for p in urls.urlpatterns}
    assert names == {page[0] for page in PAGES} | OUTSIDE_MATRIX


# --- the responsible professional choice: team and mentors, search for the rest --------------


def _options(html):
    import re

    select = re.search(r'<select name="responsible".*?</select>', html, re.S).group(0)
    return set(re.findall(r'<option value="(\d+)"', select))


def test_responsible_choice_offers_team_and_mentors_search_finds_the_rest(client, setup):
    from tests.mentoring import factories as mf
    from tests.organisations.factories import TeamFactory

    side = setup.a.side_entrant
    other_team = TeamFactory(organisation=setup.a.organisation)
    mate = f.registered(setup.a.organisation, team=side.team, last_name="Teamgenoot")
    far = f.registered(setup.a.organisation, team=other_team, last_name="Verweg")
    mentor = f.registered(setup.a.organisation, team=other_team, last_name="Mentor")
    mf.assign(side, mf.mentor_profile(mentor).employee)
    elsewhere = f.registered(setup.b.organisation, last_name="Verweg")
    client.force_login(setup.a.user(SIDE))
    url = reverse("training:task_page", args=[side.pk])
    assert _options(client.get(url).content.decode()) == {str(mate.pk), str(mentor.pk)}
    found = _options(client.get(url, {"responsible_q": "verweg"}).content.decode())
    assert found == {str(mate.pk), str(mentor.pk), str(far.pk)}  # not the other organisation
    assert str(elsewhere.pk) not in found
    # A colleague outside the list can still be named (validated against the organisation).
    response = client.post(
        url,
        {
            "task": _task(setup.a, "Huisbezoek").pk,
            "date": TODAY.isoformat(),
            "responsible": far.pk,
        },
    )
    assert response.status_code == 302
    assert TaskLogEntry.objects.get().responsible == far
    # ... but not one of another organisation.
    response = client.post(
        url,
        {
            "task": _task(setup.a, "Huisbezoek").pk,
            "date": TODAY.isoformat(),
            "responsible": elsewhere.pk,
        },
    )
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert TaskLogEntry.objects.count() == 1


def test_search_matches_are_capped_and_a_rejected_choice_stays_selected(client, setup):
    from tests.organisations.factories import TeamFactory
    from training.selectors import RESPONSIBLE_MATCHES, responsible_choices

    side = setup.a.side_entrant
    other_team = TeamFactory(organisation=setup.a.organisation)
    many = [
        f.registered(setup.a.organisation, team=other_team, last_name=f"Jansen{i}")
        for i in range(RESPONSIBLE_MATCHES + 2)
    ]
    assert responsible_choices(employee=side, search="jansen").count() == 20
    client.force_login(setup.a.user(SIDE))
    url = reverse("training:task_page", args=[side.pk])
    # The task is missing: the form comes back with the chosen colleague still offered.
    html = client.post(
        url + "?responsible_q=nobody", {"date": TODAY.isoformat(), "responsible": many[-1].pk}
    ).content.decode()
    assert str(many[-1].pk) in _options(html)
    assert f'<option value="{many[-1].pk}" selected>' in html


@pytest.mark.parametrize(
    "query",
    ["<script>x</script>", "a" * 500, "%00", "x\x00y", " ", "1 2 3 4 5 6 7 8"],
)
def test_odd_responsible_search_is_harmless(client, setup, query):
    client.force_login(setup.a.user(SIDE))
    url = reverse("training:task_page", args=[setup.a.side_entrant.pk])
    response = client.get(url, {"responsible_q": query, "page": "abc"})
    assert response.status_code == 200
    assert "<script>x</script>" not in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999999", ""])
def test_odd_responsible_post_is_a_form_error_not_a_500(client, setup, value):
    client.force_login(setup.a.user(SIDE))
    response = client.post(
        reverse("training:task_page", args=[setup.a.side_entrant.pk]),
        {"task": _task(setup.a, "Huisbezoek").pk, "date": TODAY.isoformat(), "responsible": value},
    )
    assert response.status_code == 200
    assert not TaskLogEntry.objects.exists()
