import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from organisations.roles import Role
from tests.organisations.factories import EmployeeFactory, UserFactory
from traineeship import services
from traineeship.models import Funder, Guideline, Review, Rotation, Trainee

from .factories import seed_case

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
EDITORS = {HR, ADM}
SCORES = {"enthusiasm": 4, "energy": 4, "eagerness": 5, "realism": 3, "confidence": 3}


def _statuses(ok, forbidden=(), default=404):
    return lambda role: 200 if role in ok else 403 if role in forbidden else default


@pytest.fixture
def setup(world):
    setup = seed_case(world)
    services.guideline_publish(
        programme=setup.programme,
        topic=Guideline.Topic.LEAVE,
        title="Verlof",
        text="Afspraken over verlof.",
        agreed_on=datetime.date(2026, 6, 1),
        agreed_by=setup.partners,
    )
    services.funder_create(
        programme=setup.programme,
        name="Gemeente Zwolle",
        share_pct=Decimal("40"),
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2028, 8, 31),
    )
    return setup


def _own_rotation_at_a(setup, world):
    return Rotation.objects.get(
        trainee=setup.trainees[0], partner__organisation=world.a.organisation
    )


def _pages(setup, world):
    p = setup.programme
    rotation = _own_rotation_at_a(setup, world)
    trainee = setup.trainees[0]
    funder = Funder.objects.get()
    guideline = Guideline.objects.get()
    manage = _statuses(EDITORS)
    trainee_only = _statuses(EDITORS, {SIDE})
    return [
        ("programme_list", {}, _statuses(ALL), _statuses(ALL)),
        ("programme_create", {}, _statuses(EDITORS, ALL), _statuses(EDITORS, ALL)),
        ("programme_detail", {"pk": p.pk}, manage, _statuses(())),
        ("programme_update", {"pk": p.pk}, manage, _statuses(())),
        ("budget", {"pk": p.pk}, manage, _statuses(())),
        ("funder_create", {"pk": p.pk}, manage, _statuses(())),
        ("guideline_create", {"pk": p.pk}, manage, _statuses(())),
        ("cohort_create", {"programme_pk": p.pk}, manage, _statuses(())),
        ("partner_update", {"pk": setup.partners[0].pk}, manage, _statuses(())),
        ("payment_create", {"pk": funder.pk}, manage, _statuses(())),
        ("guideline_detail", {"pk": guideline.pk}, _statuses(EDITORS | {SIDE}), _statuses(())),
        ("cohort_detail", {"pk": setup.cohort.pk}, manage, _statuses(())),
        ("trainee_add", {"cohort_pk": setup.cohort.pk}, manage, _statuses(())),
        ("trainee_search", {"pk": setup.cohort.pk}, manage, _statuses(())),
        ("trainee_detail", {"pk": trainee.pk}, _statuses(EDITORS | {SIDE}), _statuses(())),
        ("schedule_edit", {"pk": trainee.pk}, trainee_only, _statuses(())),
        ("absence_create", {"pk": trainee.pk}, trainee_only, _statuses(())),
        ("outcome_update", {"pk": trainee.pk}, trainee_only, _statuses(())),
        ("contract_update", {"pk": rotation.contract.pk}, trainee_only, _statuses(())),
        ("review_create", {"pk": rotation.pk}, trainee_only, _statuses(())),
        ("host_rating", {"pk": rotation.pk}, _statuses({SIDE}, EDITORS), _statuses(())),
    ]


def test_page_access_matrix(client, world, setup):
    for name, kwargs, for_a, for_b in _pages(setup, world):
        url = reverse(f"traineeship:{name}", kwargs=kwargs)
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
        for side, expected in ((world.a, for_a), (world.b, for_b)):
            for role in Role:
                client.force_login(side.user(role))
                status = client.get(url).status_code
                assert status == expected(role), (
                    f"{name} as {role} of {side.organisation}: {status}"
                )


def test_hr_of_another_partner_sees_the_trainees_but_not_their_colleagues(client, world, setup):
    client.force_login(setup.extra["hr_c"])
    html = client.get(reverse("traineeship:cohort_detail", args=[setup.cohort.pk])).content
    html = html.decode()
    assert "Özdemir" in html and "van &#x27;t Hek" in html
    assert world.a.side_entrant.last_name in html
    response = client.get(reverse("organisations:employee_detail", args=[world.a.employee.pk]))
    assert response.status_code == 404
    response = client.get(reverse("organisations:employee_detail", args=[world.a.side_entrant.pk]))
    assert response.status_code == 200


def test_host_mentor_sees_current_trainee_only(client, world, setup):
    rotation = setup.trainees[1].rotations.order_by("start_date").first()
    host = rotation.partner.organisation
    mentor_user = UserFactory(username="gastmentor")
    mentor = EmployeeFactory(organisation=host, user=mentor_user)
    changes = [
        services.RotationChange(
            rotation=r,
            partner=r.partner,
            team=r.team,
            mentor=mentor if r.pk == rotation.pk else r.mentor,
            start_date=r.start_date,
            end_date=r.end_date,
        )
        for r in setup.trainees[1].rotations.order_by("start_date")
    ]
    services.schedule_update(trainee=setup.trainees[1], changes=changes)
    client.force_login(mentor_user)
    url = reverse("traineeship:trainee_detail", args=[setup.trainees[1].pk])
    with time_machine.travel(datetime.date(2026, 11, 25)):
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["rotations"] == [rotation]
        assert (
            client.get(
                reverse("traineeship:trainee_detail", args=[setup.trainees[2].pk])
            ).status_code
            == 404
        )
        assert (
            client.get(reverse("traineeship:review_create", args=[rotation.pk])).status_code == 200
        )
        assert (
            client.get(
                reverse("traineeship:contract_update", args=[rotation.contract.pk])
            ).status_code
            == 404
        )
    with time_machine.travel(datetime.date(2028, 3, 1)):
        client.force_login(mentor_user)
        assert client.get(url).status_code == 404


def test_trainee_sees_own_schedule_contracts_reviews_and_guidelines(client, world, setup):
    rotation = _own_rotation_at_a(setup, world)
    services.review_record(
        rotation=rotation,
        moment="mid",
        by="coordinator",
        author=world.a.user(HR),
        held_on=datetime.date(2026, 11, 20),
        notes="<b>Sterk</b> begin",
        **SCORES,
    )
    client.force_login(world.a.user(SIDE))
    response = client.get(reverse("traineeship:trainee_detail", args=[setup.trainees[0].pk]))
    html = response.content.decode()
    assert len(response.context["rotations"]) == 3
    assert rotation.contract.number in html
    assert "Verlof" in html and "&lt;b&gt;Sterk&lt;/b&gt;" in html
    assert 'id="trainee-criteria"' in html and "chart.umd.min.js" in html
    listing = client.get(reverse("traineeship:programme_list")).content.decode()
    assert setup.trainees[0].get_absolute_url() in listing


def test_generate_from_the_page_and_explain_a_short_period(client, world):
    setup = seed_case(world, generate=False)
    services.blocked_period_add(
        partner=setup.partners[1],
        start_date=datetime.date(2028, 2, 1),
        end_date=datetime.date(2028, 2, 5),
    )
    client.force_login(world.a.user(HR))
    url = reverse("traineeship:schedule_generate", args=[setup.cohort.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "Periode 3 (01-01-2028 – 31-08-2028) komt tekort" in response.content.decode()
    assert not Rotation.objects.exists()
    setup.partners[1].blocked_periods.all().delete()
    client.post(url)
    assert Rotation.objects.count() == 9


def _plan_post(trainee, **row_overrides):
    rotations = list(trainee.rotations.order_by("start_date"))
    data = {"form-TOTAL_FORMS": len(rotations), "form-INITIAL_FORMS": len(rotations)}
    for i, r in enumerate(rotations):
        row = {
            "rotation_id": r.pk,
            "partner": r.partner_id,
            "team": r.team_id or "",
            "mentor": r.mentor_id or "",
            "start_date": r.start_date.isoformat(),
            "end_date": r.end_date.isoformat(),
        }
        row.update(row_overrides.get(f"r{i}", {}))
        data.update({f"form-{i}-{k}": v for k, v in row.items()})
    return data


def test_edit_plan_page_rejects_gap_and_foreign_mentor_in_dutch(client, world, setup):
    trainee = setup.trainees[0]
    url = reverse("traineeship:schedule_edit", args=[trainee.pk])
    client.force_login(world.a.user(HR))
    response = client.post(url, _plan_post(trainee, r0={"end_date": "2027-04-20"}))
    assert response.status_code == 200
    assert "Er zit een gat" in response.content.decode()
    response = client.post(url, _plan_post(trainee, r0={"mentor": world.b.employee.pk}))
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    other_org_employee = EmployeeFactory(organisation=setup.organisations[2])
    first = trainee.rotations.order_by("start_date").first()
    if first.partner.organisation_id != other_org_employee.organisation_id:
        response = client.post(url, _plan_post(trainee, r0={"mentor": other_org_employee.pk}))
        assert "gastorganisatie werken" in response.content.decode()
    response = client.post(url, _plan_post(trainee, r0={"start_date": "31-02-2026"}))
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.end_date == datetime.date(2027, 4, 30) and first.mentor is None


def test_edit_plan_page_saves_a_mentor(client, world, setup):
    trainee = setup.trainees[0]
    first = trainee.rotations.order_by("start_date").first()
    mentor = EmployeeFactory(organisation=first.partner.organisation, last_name="van 't Hek")
    client.force_login(world.a.user(HR))
    response = client.post(
        reverse("traineeship:schedule_edit", args=[trainee.pk]),
        _plan_post(trainee, r0={"mentor": mentor.pk}),
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.mentor == mentor
    assert first.history.first().history_user == world.a.user(HR)


def test_bad_review_and_funder_input(client, world, setup):
    rotation = _own_rotation_at_a(setup, world)
    client.force_login(world.a.user(HR))
    data = {"moment": "mid", "by": "coordinator", "held_on": "2026-11-20", **SCORES, "energy": 6}
    response = client.post(reverse("traineeship:review_create", args=[rotation.pk]), data)
    assert response.status_code == 200
    assert "5" in response.content.decode() and not Review.objects.exists()
    response = client.post(
        reverse("traineeship:funder_create", args=[setup.programme.pk]),
        {
            "name": "Gemeente Deventer",
            "share_pct": "70",
            "covers": "wages_charges",
            "start_date": "2026-09-01",
            "end_date": "2028-08-31",
            "is_municipality": "on",
        },
    )
    assert response.status_code == 200
    assert "hoogstens 100%" in response.content.decode()
    assert Funder.objects.count() == 1
    response = client.post(
        reverse("traineeship:payment_create", args=[Funder.objects.get().pk]),
        {"received_on": "2026-10-01", "amount": "veel"},
    )
    assert response.status_code == 200 and "Voer een getal in" in response.content.decode()


def test_contract_form_rejects_end_before_rotation(client, world, setup):
    rotation = _own_rotation_at_a(setup, world)
    contract = rotation.contract
    client.force_login(world.a.user(HR))
    response = client.post(
        reverse("traineeship:contract_update", args=[contract.pk]),
        {
            "number": "C-1",
            "hours_per_week": "32",
            "cao": "cao Jeugdzorg",
            "start_date": rotation.start_date.isoformat(),
            "end_date": (rotation.end_date - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "kan niet eindigen voordat de rotatie afloopt" in response.content.decode()
    contract.refresh_from_db()
    assert contract.number != "C-1"


def test_trainee_rates_host_and_hr_records_outcome(client, world, setup):
    rotation = _own_rotation_at_a(setup, world)
    client.force_login(world.a.user(SIDE))
    url = reverse("traineeship:host_rating", args=[rotation.pk])
    assert client.post(url, {"score": "0"}).status_code == 200
    assert client.post(url, {"score": "4", "notes": "Fijne collega's"}).status_code == 302
    client.force_login(world.a.user(HR))
    url = reverse("traineeship:outcome_update", args=[setup.trainees[0].pk])
    response = client.post(url, {"outcome": "permanent", "preferred_partner": setup.partners[0].pk})
    assert response.status_code == 200
    response = client.post(
        url,
        {
            "outcome": "permanent",
            "preferred_partner": setup.partners[0].pk,
            "outcome_partner": setup.partners[0].pk,
            "outcome_date": "2028-09-01",
        },
    )
    assert response.status_code == 302
    assert Trainee.objects.get(pk=setup.trainees[0].pk).outcome == "permanent"


@pytest.mark.parametrize("bad", ["abc", "999999", "-1", "1e3"])
def test_odd_ids_are_404(client, world, setup, bad):
    client.force_login(world.a.user(HR))
    assert client.get(f"/traineeships/trainees/{bad}/").status_code == 404


# --- query counts ---------------------------------------------------------------------------


def _grow(setup, world, n):
    """Add n trainees with plans in new cohorts (capacity raised), plus reviews."""
    for partner in setup.partners:
        services.partner_update(partner=partner, capacity=100)
    for i in range(n):
        cohort = services.cohort_create(
            programme=setup.programme, name=f"Extra {i}", start_date=datetime.date(2026, 9, 1)
        )
        for org in setup.organisations:
            employee = EmployeeFactory(organisation=org)
            services.trainee_add(cohort=cohort, employee=employee)
        services.schedule_generate(cohort=cohort)


@pytest.mark.parametrize(
    "name,kwargs,expected",
    [
        ("programme_list", lambda s: {}, 10),
        ("programme_detail", lambda s: {"pk": s.programme.pk}, 16),
        ("budget", lambda s: {"pk": s.programme.pk}, 13),
        ("cohort_detail", lambda s: {"pk": s.cohort.pk}, 13),
        ("trainee_detail", lambda s: {"pk": s.trainees[0].pk}, 15),
    ],
)
def test_query_counts_are_exact_and_constant(
    client, world, setup, django_assert_num_queries, name, kwargs, expected
):
    client.force_login(world.a.user(HR))
    url = reverse(f"traineeship:{name}", kwargs=kwargs(setup))
    client.get(url)
    with django_assert_num_queries(expected):
        client.get(url)
    _grow(setup, world, 3)
    rotation = _own_rotation_at_a(setup, world)
    services.review_record(
        rotation=rotation,
        moment="mid",
        by="coordinator",
        author=None,
        held_on=datetime.date(2026, 11, 20),
        **SCORES,
    )
    with django_assert_num_queries(expected):
        client.get(url)


def test_trainee_states_a_preference(client, world, setup):
    trainee = setup.trainees[0]
    url = reverse("traineeship:preference_update", args=[trainee.pk])
    client.force_login(world.a.user(HR))
    assert client.post(url, {"preferred_partner": setup.partners[1].pk}).status_code == 403
    client.force_login(world.a.user(SIDE))
    page = client.get(trainee.get_absolute_url()).content.decode()
    assert "Waar wil je na het traineeship werken?" in page
    response = client.post(url, {"preferred_partner": "999999"}, follow=True)
    assert "Kies een van de organisaties" in response.content.decode()
    client.post(url, {"preferred_partner": setup.partners[1].pk})
    assert Trainee.objects.get(pk=trainee.pk).preferred_partner == setup.partners[1]


def test_only_hr_of_the_partner_itself_edits_its_terms(client, world, setup):
    client.force_login(world.a.user(HR))
    other = setup.partners[1]
    assert other.organisation_id != world.a.organisation.pk
    url = reverse("traineeship:partner_update", args=[other.pk])
    assert client.get(url).status_code == 403
    client.force_login(setup.extra["hr_c"])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"capacity": "2", "hourly_cost": "31,50", "employer_charges_pct": "130"}
    )
    assert response.status_code == 200
    response = client.post(
        url, {"capacity": "2", "hourly_cost": "31,50", "employer_charges_pct": "28"}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.capacity == 2 and other.hourly_cost == Decimal("31.50")


def test_programme_lengths_cannot_change_once_planned(client, world, setup):
    client.force_login(world.a.user(HR))
    url = reverse("traineeship:programme_update", args=[setup.programme.pk])
    data = {
        "name": "Traineeship <script>alert(1)</script>",
        "region": "IJsselland",
        "total_months": "24",
        "rotation_months": "6",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "kan niet meer veranderen" in response.content.decode()
    response = client.post(url, {**data, "total_months": "24", "rotation_months": "7"})
    assert "heel aantal rotaties" in response.content.decode()
    response = client.post(url, {**data, "rotation_months": "8"})
    assert response.status_code == 302
    page = client.get(setup.programme.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


POST_ONLY = {"schedule_generate", "preference_update"}


def test_every_traineeship_url_is_covered(world, setup):
    from traineeship import urls

    in_matrix = {name for name, *_ in _pages(setup, world)}
    assert {p.name for p in urls.urlpatterns} == in_matrix | POST_ONLY


def test_post_only_actions_refuse_everyone_else(client, world):
    setup = seed_case(world, generate=False)
    trainee = setup.trainees[0]
    actions = [
        ("schedule_generate", setup.cohort.pk, {}),
        ("preference_update", trainee.pk, {"preferred_partner": setup.partners[1].pk}),
    ]
    for name, pk, data in actions:
        url = reverse(f"traineeship:{name}", args=[pk])
        for role in Role:
            client.force_login(world.b.user(role))
            assert client.post(url, data).status_code == 404, (name, "B", role)
            if role in EDITORS or role == SIDE:
                continue
            client.force_login(world.a.user(role))
            assert client.post(url, data).status_code in (403, 404), (name, "A", role)
    assert not Rotation.objects.exists()
    trainee.refresh_from_db()
    assert trainee.preferred_partner_id is None


# --- adding a trainee: a scoped server-side search, never a list of every employee ----------

HTMX = {"HTTP_HX_REQUEST": "true"}


def _colleagues(world, n, last_name="Zoekbaar"):
    return [
        EmployeeFactory(
            organisation=world.a.organisation,
            first_name=f"Kandidaat{i:02d}",
            last_name=last_name,
            email=f"kandidaat{i:02d}.{last_name.lower().replace(' ', '-')}@example.org",
        )
        for i in range(n)
    ]


def test_cohort_page_offers_a_search_not_every_employee(client, world, setup):
    candidate = _colleagues(world, 1, last_name="Niet-Getoond")[0]
    client.force_login(world.a.user(HR))
    html = client.get(reverse("traineeship:cohort_detail", args=[setup.cohort.pk])).content
    html = html.decode()
    search_url = reverse("traineeship:trainee_search", args=[setup.cohort.pk])
    add_url = reverse("traineeship:trainee_add", args=[setup.cohort.pk])
    assert f'hx-get="{search_url}"' in html and f'action="{add_url}"' in html
    assert (
        'name="q"' in html
        and "Niet-Getoond" not in html
        and "<select" not in html.split('id="add-trainee"')[1].split("</form>")[0]
    )
    assert f'value="{candidate.pk}"' not in html


def test_search_returns_at_most_20_scoped_matches(client, world, setup):
    _colleagues(world, 25)
    EmployeeFactory(organisation=world.b.organisation, first_name="Buiten", last_name="Zoekbaar")
    EmployeeFactory(organisation=setup.organisations[1], first_name="Ander", last_name="Zoekbaar")
    client.force_login(world.a.user(HR))
    url = reverse("traineeship:trainee_search", args=[setup.cohort.pk])
    response = client.get(url, {"q": "zoekbaar"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<body" not in html
    assert len(response.context["candidates"]) == 20 and response.context["more"]
    assert all(e.organisation_id == world.a.organisation.pk for e in response.context["candidates"])
    assert "Buiten" not in html and "Ander" not in html
    assert html.count('type="radio" name="employee"') == 20
    assert "Alleen de eerste 20" in html
    # Every word must match; an existing trainee of the programme is no candidate.
    response = client.get(url, {"q": "kandidaat07 zoekbaar"}, **HTMX)
    assert [e.first_name for e in response.context["candidates"]] == ["Kandidaat07"]
    assert not response.context["more"] and " checked" in response.content.decode()
    side = world.a.side_entrant
    response = client.get(url, {"q": side.last_name}, **HTMX)
    assert side not in response.context["candidates"]
    # HR of partner C finds C's employees only, not A's.
    client.force_login(setup.extra["hr_c"])
    response = client.get(url, {"q": "zoekbaar"}, **HTMX)
    assert [e.first_name for e in response.context["candidates"]] == ["Ander"]


@pytest.mark.parametrize("q", ["", "   ", "<b>x</b>", "a" * 500, "nul\x00byte", "%", "_"])
def test_search_handles_odd_input(client, world, setup, q):
    client.force_login(world.a.user(HR))
    for name in ("trainee_search", "trainee_add"):
        url = reverse(f"traineeship:{name}", args=[setup.cohort.pk])
        for headers in (HTMX, {}):
            response = client.get(url, {"q": q}, **headers)
            assert response.status_code == 200
            assert "<b>x</b>" not in response.content.decode()


def test_search_without_javascript_and_add(client, world, setup):
    candidate = _colleagues(world, 1)[0]
    client.force_login(world.a.user(HR))
    # Without htmx the search URL shows the whole add page (the GET form goes to trainee_add).
    for name in ("trainee_search", "trainee_add"):
        url = reverse(f"traineeship:{name}", args=[setup.cohort.pk])
        html = client.get(url, {"q": "Kandidaat00"}).content.decode()
        assert "<html" in html and f'value="{candidate.pk}"' in html
    url = reverse("traineeship:trainee_add", args=[setup.cohort.pk])
    response = client.post(url, {"employee": candidate.pk, "source": "direct", "q": "Kandidaat00"})
    assert response.status_code == 302 and response.url == setup.cohort.get_absolute_url()
    assert Trainee.objects.filter(cohort=setup.cohort, employee=candidate).exists()


@pytest.mark.parametrize(
    "employee", ["", "abc", "-1", "0", "1.5", "99999999", str(2**63), str(2**70), "<b>1</b>"]
)
def test_add_refuses_garbage_ids(client, world, setup, employee):
    client.force_login(world.a.user(HR))
    url = reverse("traineeship:trainee_add", args=[setup.cohort.pk])
    before = Trainee.objects.count()
    response = client.post(url, {"employee": employee, "source": "direct", "q": "x"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert Trainee.objects.count() == before


def test_add_refuses_an_employee_outside_the_partners_or_scope(client, world, setup):
    client.force_login(world.a.user(HR))
    url = reverse("traineeship:trainee_add", args=[setup.cohort.pk])
    before = Trainee.objects.count()
    outsiders = [
        world.b.employee,  # not a partner
        EmployeeFactory(organisation=setup.organisations[1]),  # partner, but not A's HR
        world.a.side_entrant,  # already a trainee in the programme
    ]
    for employee in outsiders:
        response = client.post(url, {"employee": employee.pk, "source": "direct"})
        assert response.status_code == 200
        assert "Kies een medewerker van je partnerorganisaties" in response.content.decode()
    response = client.post(url, {"employee": _colleagues(world, 1)[0].pk, "source": "elsewhere"})
    assert response.status_code == 200
    assert Trainee.objects.count() == before
    # HR of organisation B reaches neither the cohort nor its search.
    client.force_login(world.b.user(HR))
    assert (
        client.post(url, {"employee": world.b.employee.pk, "source": "direct"}).status_code == 404
    )
    search = reverse("traineeship:trainee_search", args=[setup.cohort.pk])
    assert client.get(search, {"q": "a"}, **HTMX).status_code == 404


def test_search_query_count_is_exact_and_constant(client, world, setup, django_assert_num_queries):
    _colleagues(world, 1)
    client.force_login(world.a.user(HR))
    url = reverse("traineeship:trainee_search", args=[setup.cohort.pk])
    client.get(url, {"q": "zoekbaar"}, **HTMX)
    with django_assert_num_queries(9):
        response = client.get(url, {"q": "zoekbaar"}, **HTMX)
    assert len(response.context["candidates"]) == 1
    _colleagues(world, 30, last_name="Zoekbaar Ook")
    with django_assert_num_queries(9):
        response = client.get(url, {"q": "zoekbaar"}, **HTMX)
    assert len(response.context["candidates"]) == 20


@pytest.mark.parametrize("page", ["1", "3", "abc", "-1", "0", "99999", "1e3", "<b>"])
def test_budget_lines_are_paginated_with_totals_over_all_rotations(
    client, world, setup, monkeypatch, page
):
    from traineeship import selectors, views

    monkeypatch.setattr(views, "BUDGET_PAGE_SIZE", 4)
    client.force_login(world.a.user(HR))
    response = client.get(reverse("traineeship:budget", args=[setup.programme.pk]), {"page": page})
    assert response.status_code == 200
    everything = selectors.programme_budget(programme=setup.programme)
    assert len(everything["lines"]) == 9
    shown = response.context["lines"]
    expected = {"1": 4, "3": 1, "abc": 4, "-1": 1, "0": 1, "99999": 1, "1e3": 4, "<b>": 4}
    assert len(shown) == expected[page]
    assert (
        response.context["total"]
        == everything["total"]
        == sum(line["total"] for line in everything["lines"])
    )
    html = response.content.decode()
    assert "Pagina" in html and "Totaal van alle rotaties" in html


def test_a_late_trainee_gets_rotations_by_hand(
    client, world, setup, django_capture_on_commit_callbacks
):
    """A trainee added after the plan was generated has no rotations; HR adds them one by
    one, each with its own contract, within the hosts' capacity."""
    from organisations.models import Employee

    late = services.trainee_add(
        cohort=setup.cohort,
        employee=EmployeeFactory(organisation=world.a.organisation, last_name="Laatkomer"),
    )
    host = next(p for p in setup.partners if p.organisation_id == world.a.organisation.pk)
    url = reverse("traineeship:schedule_edit", args=[late.pk])
    client.force_login(world.a.user(HR))
    trainee_page = client.get(late.get_absolute_url()).content.decode()
    assert "Rotaties plannen" in trainee_page
    assert "Nog geen rotaties gepland" in client.get(url).content.decode()
    data = {
        "action": "add",
        "add-partner": host.pk,
        "add-team": "",
        "add-mentor": "",
        "add-start_date": "2026-09-01",
        "add-end_date": "2027-04-30",
    }
    # The generated plan already fills the host in that period (capacity 1).
    response = client.post(url, data)
    assert response.status_code == 200
    assert "is vol" in response.content.decode()
    for bad, message in (
        ({"add-end_date": "2026-08-01"}, "Een rotatie kan niet eindigen voordat ze begint"),
        ({"add-partner": 999999}, "Selecteer een geldige keuze"),
        ({"add-mentor": world.b.employee.pk}, "Selecteer een geldige keuze"),
        ({"add-start_date": "31-02-2026"}, "Voer een geldige datum in"),
    ):
        response = client.post(url, {**data, **bad})
        assert response.status_code == 200
        assert message in response.content.decode(), bad
    assert not Rotation.objects.filter(trainee=late).exists()
    services.partner_update(partner=host, capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    rotation = Rotation.objects.get(trainee=late)
    assert (rotation.partner, rotation.start_date) == (host, datetime.date(2026, 9, 1))
    assert rotation.contract.start_date == datetime.date(2026, 9, 1)
    # An overlapping second rotation is refused; the next period is fine.
    response = client.post(url, {**data, "add-start_date": "2027-04-01"})
    assert "heeft in die periode al een rotatie" in response.content.decode()
    assert Rotation.objects.filter(trainee=late).count() == 1
    # Outsiders cannot add anything.
    client.force_login(world.b.user(HR))
    assert client.post(url, data).status_code == 404
    assert Rotation.objects.filter(trainee=late).count() == 1
    assert Employee.objects.filter(last_name="Laatkomer").exists()
