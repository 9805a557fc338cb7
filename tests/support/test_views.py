"""The permission matrix of every support page, plus the pages' behaviour and bad input."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from organisations import services as org_services
from organisations.roles import Role
from support import services
from support.models import (
    Escalation,
    Intervention,
    Level,
    OnboardingChoice,
    SupportRequest,
    Trajectory,
    TrajectoryAccessLog,
)

from .factories import intervention

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
D = datetime.date


def _statuses(ok, forbidden=(), default=404):
    return lambda role: 200 if role in ok else 403 if role in forbidden else default


# (url name, kwargs builder from world.a, expected for a role of A, expected for a role of B)
# Anonymous visitors are always sent to the login page.
PAGES = [
    ("support:pyramid", lambda a: {}, _statuses(ALL), _statuses(ALL)),
    ("support:request_create", lambda a: {}, _statuses({SIDE}, ALL), _statuses({SIDE}, ALL)),
    ("support:request_propose", lambda a: {}, _statuses({SUP}, ALL), _statuses({SUP}, ALL)),
    ("support:my_support", lambda a: {}, _statuses(ALL), _statuses(ALL)),
    ("support:request_inbox", lambda a: {}, _statuses({SUPP}, ALL), _statuses({SUPP}, ALL)),
    # Trajectory URLs do not exist for anyone but the coordinator (404, attempt logged).
    ("support:trajectory_list", lambda a: {}, _statuses({SUPP}), _statuses({SUPP})),
    ("support:trajectory_create", lambda a: {}, _statuses({SUPP}), _statuses({SUPP})),
    (
        "support:trajectory_detail",
        lambda a: {"pk": a.trajectory.pk},
        _statuses({SUPP, SIDE}),
        _statuses(()),
    ),
    (
        "support:trajectory_update",
        lambda a: {"pk": a.trajectory.pk},
        _statuses({SUPP}, {SIDE}),
        _statuses(()),
    ),
    (
        "support:trajectory_escalate",
        lambda a: {"pk": a.trajectory.pk},
        _statuses({SUPP}, {SIDE}),
        _statuses(()),
    ),
    ("support:catalogue", lambda a: {}, _statuses({ADM}, ALL), _statuses({ADM}, ALL)),
    ("support:intervention_create", lambda a: {}, _statuses({ADM}, ALL), _statuses({ADM}, ALL)),
    (
        "support:intervention_update",
        lambda a: {"pk": a.intervention.pk},
        _statuses({ADM}),
        _statuses(()),
    ),
    (
        "support:onboarding_list",
        lambda a: {},
        _statuses({HR, SUPP}, ALL),
        _statuses({HR, SUPP}, ALL),
    ),
    (
        "support:onboarding_record",
        lambda a: {"employee_pk": a.side_entrant.pk},
        _statuses({HR, SUPP}),
        _statuses(()),
    ),
    ("support:roster", lambda a: {}, _statuses({SUPP}, ALL), _statuses({SUPP}, ALL)),
    ("support:roster_plan", lambda a: {}, _statuses({SUPP}, ALL), _statuses({SUPP}, ALL)),
    ("support:absence_list", lambda a: {}, _statuses({HR}, ALL), _statuses({HR}, ALL)),
    ("support:absence_create", lambda a: {}, _statuses({HR}, ALL), _statuses({HR}, ALL)),
    (
        "support:absence_update",
        lambda a: {"pk": a.employee.absence_records.first().pk},
        _statuses({HR}),
        _statuses(()),
    ),
    ("support:figures", lambda a: {}, _statuses({MAN, SUPP}, ALL), _statuses({MAN, SUPP}, ALL)),
]

# What each role may read on the page when it is allowed in: special-category data
# (reason category, notes, escalation reason) only for the coordinator and the employee.
# (The reason category's label also appears as a choice in the coordinator's form, so the
# pages are checked for the free texts; the detail test checks the category itself.)
SECRETS = ("Geheime afspraak", "Reden die geheim blijft")


@pytest.mark.parametrize("name,kwargs,for_a,for_b", PAGES, ids=[p[0] for p in PAGES])
def test_page_access_matrix(client, support_world, name, kwargs, for_a, for_b):
    url = reverse(name, kwargs=kwargs(support_world.a))
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for side, expected in ((support_world.a, for_a), (support_world.b, for_b)):
        for role in Role:
            client.force_login(side.user(role))
            response = client.get(url)
            assert response.status_code == expected(role), (
                f"{name} as {role} of {side.organisation}: {response.status_code}"
            )
            html = response.content.decode()
            if name == "support:figures" and response.status_code == 200:
                # Too few people behind every figure in this world: all show "<5".
                assert "&lt;5" in html
                assert support_world.a.side_entrant.last_name not in html
            may_see_secrets = side is support_world.a and role in {SUPP, SIDE}
            if not may_see_secrets:
                for secret in SECRETS:
                    assert secret not in html, f"{name} leaks {secret!r} to {role} of {side}"


# POST-only actions: (url name, kwargs builder, expected for a role of A, for a role of B).
# 302 is the redirect after success; only A's coordinator may act.
ACTIONS = [
    (
        "support:request_close",
        lambda a: {"pk": a.request.pk},
        lambda role: 302 if role == SUPP else 404,
        lambda role: 404,
    ),
]


@pytest.mark.parametrize("name,kwargs,for_a,for_b", ACTIONS, ids=[p[0] for p in ACTIONS])
def test_action_access_matrix(client, support_world, name, kwargs, for_a, for_b):
    url = reverse(name, kwargs=kwargs(support_world.a))
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for side, expected in ((support_world.b, for_b), (support_world.a, for_a)):
        for role in sorted(Role, key=lambda r: r == SUPP):  # the allowed one last
            client.force_login(side.user(role))
            status = client.post(url).status_code
            assert status == expected(role), f"{name} as {role} of {side.organisation}: {status}"


def test_no_email_or_notification_contains_details(
    client, support_world, django_capture_on_commit_callbacks
):
    """Every notifying action, in Dutch and English: emails say only "log in"."""
    from notifications.models import Notification
    from notifications.services import preference_update

    a = support_world.a
    preference_update(user=a.user(SIDE), language="en", email_notifications=True)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(a.user(SUPP))
        client.post(reverse("support:request_close", args=[a.request.pk]))
        url = reverse("support:trajectory_escalate", args=[a.trajectory.pk])
        client.post(url, {"direction": "down", "date": "2026-11-20", "reason": "Reden geheim"})
        client.force_login(a.user(SIDE))
        client.post(reverse("support:request_create"), {"preferred_level": "3"})
        services.support_request_propose(
            employee=support_world.b.employee, proposed_by=None, source="checkin"
        )
    assert len(mail.outbox) >= 3
    forbidden = [
        a.side_entrant.first_name,
        a.side_entrant.last_name,
        a.employee.last_name,
        support_world.b.employee.last_name,
        "Geheime",
        "geheim",
        "Reden",
        "Agressie",
        "Aggression",
        "Voorkomen",
        "Herstel",
        "Versterken",
        "Arbeidspsycholoog",
        "coaching",
    ]
    texts = [f"{m.subject}\n{m.body}" for m in mail.outbox]
    texts += [f"{n.title}\n{n.body}" for n in Notification.objects.all()]
    for text in texts:
        for word in forbidden:
            assert word not in text, f"{word!r} in {text!r}"
        assert "Log in" in text


def test_every_support_url_is_in_the_matrix():
    from support import urls

    covered = {name for name, *_ in PAGES} | {name for name, *_ in ACTIONS}
    assert {f"support:{p.name}" for p in urls.urlpatterns} == covered


def test_coordinator_and_employee_see_the_confidential_fields(client, support_world):
    url = support_world.a.trajectory.get_absolute_url()
    for role in (SUPP, SIDE):
        client.force_login(support_world.a.user(role))
        html = client.get(url).content.decode()
        for secret in (*SECRETS, "Agressie"):
            assert secret in html
        # HTML typed into notes is shown as text.
        assert "&lt;b&gt;vet&lt;/b&gt;" in html and "<b>vet</b>" not in html


def test_hr_who_is_also_coordinator_sees_it_but_plain_hr_does_not(client, support_world):
    a = support_world.a
    url = a.trajectory.get_absolute_url()
    client.force_login(a.user(HR))
    assert client.get(url).status_code == 404
    org_services.membership_grant(user=a.user(HR), organisation=a.organisation, role=SUPP)
    client.force_login(a.user(HR))
    assert "Geheime afspraak" in client.get(url).content.decode()


def test_superuser_cannot_open_a_trajectory(client, support_world, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    assert client.get(support_world.a.trajectory.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role", [MAN, MEN, HR, ADM, SUP])
def test_refused_attempt_is_logged_and_shown_to_the_employee(client, support_world, role):
    a = support_world.a
    intruder = a.user(role)
    for suffix in ("", "edit/", "escalate/"):
        client.force_login(intruder)
        assert client.get(a.trajectory.get_absolute_url() + suffix).status_code == 404
    refused = TrajectoryAccessLog.objects.filter(user=intruder, allowed=False)
    assert refused.count() == 3
    assert set(refused.values_list("trajectory", flat=True)) == {a.trajectory.pk}
    client.force_login(a.user(SIDE))
    html = client.get(reverse("support:my_support")).content.decode()
    assert intruder.get_full_name() in html
    assert "geweigerd" in html


def test_attempt_on_a_missing_trajectory_is_logged_too(client, support_world):
    client.force_login(support_world.b.user(MAN))
    assert client.get(reverse("support:trajectory_detail", args=[999999])).status_code == 404
    entry = TrajectoryAccessLog.objects.get(requested_pk="999999")
    assert entry.trajectory is None and not entry.allowed


def test_every_read_is_logged_and_the_employee_sees_who_and_when(client, support_world):
    a = support_world.a
    client.force_login(a.user(SUPP))
    client.get(a.trajectory.get_absolute_url())
    client.get(a.trajectory.get_absolute_url())
    reads = TrajectoryAccessLog.objects.filter(user=a.user(SUPP), allowed=True)
    assert reads.count() == 2
    client.force_login(a.user(SIDE))
    html = client.get(reverse("support:my_support")).content.decode()
    assert a.user(SUPP).get_full_name() in html
    assert "geopend" in html


def test_employee_of_b_sees_nothing_of_a_in_my_support(client, support_world):
    client.force_login(support_world.b.user(SIDE))
    html = client.get(reverse("support:my_support")).content.decode()
    assert "Voorkomen" not in html and "Herstel" not in html


def test_a_manager_or_mentor_on_the_trajectory_list_gets_404_and_is_logged(client, world):
    for role in (MAN, MEN):
        user = world.a.user(role)
        client.force_login(user)
        for name in ("support:trajectory_list", "support:trajectory_create"):
            assert client.get(reverse(name)).status_code == 404
            log = TrajectoryAccessLog.objects.filter(user=user).latest("pk")
            assert (log.allowed, log.path, log.trajectory) == (False, reverse(name), None)
    assert TrajectoryAccessLog.objects.filter(allowed=False).count() == 4


def test_lists_show_only_own_organisation(client, support_world):
    client.force_login(support_world.b.user(SUPP))
    for name in ("support:trajectory_list", "support:request_inbox", "support:roster"):
        html = client.get(reverse(name)).content.decode()
        assert support_world.a.side_entrant.last_name not in html
        assert support_world.a.employee.last_name not in html
    client.force_login(support_world.a.user(SUPP))
    html = client.get(reverse("support:trajectory_list")).content.decode()
    assert support_world.a.side_entrant.last_name in html
    assert "Geheime afspraak" not in html  # the list never shows notes


def test_pyramid_shows_the_offer_for_the_viewers_group(client, world):
    a = world.a
    intervention(
        a.organisation,
        level=Level.VERSTERKEN,
        name="Begeleider persoonlijke ontwikkeling",
        target_group="new",
    )
    intervention(
        a.organisation,
        level=Level.VOORKOMEN,
        name="Loopbaantraject zittend",
        target_group="current",
    )
    intervention(world.b.organisation, level=Level.VERSTERKEN, name="Alleen Bravo")
    # The side-entrant started in 2025: more than a year ago on 2026-11-25? Use a new hire.
    org_services.employee_update(employee=a.side_entrant, employment_start=datetime.date.today())
    client.force_login(a.user(SIDE))
    html = client.get(reverse("support:pyramid")).content.decode()
    assert "Begeleider persoonlijke ontwikkeling" in html
    assert "Loopbaantraject zittend" not in html
    assert "Alleen Bravo" not in html
    assert "vanaf je eerste dag" in html
    client.force_login(a.user(MAN))
    html = client.get(reverse("support:pyramid")).content.decode()
    assert "Loopbaantraject zittend" in html and "Alleen Bravo" not in html


# --- asking and proposing ----------------------------------------------------------------------


def test_employee_asks_and_coordinator_gets_a_detail_free_email(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.a.user(SIDE))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("support:request_create"), {"preferred_level": "3"})
        client.post(reverse("support:request_create"), {"preferred_level": "1"})
    assert response.status_code == 302
    request = SupportRequest.objects.get()
    assert request.source == "self" and request.preferred_level == 3
    assert [m.to for m in mail.outbox] == [[world.a.user(SUPP).email]]
    text = mail.outbox[0].subject + mail.outbox[0].body
    assert world.a.side_entrant.last_name not in text
    assert "Herstel" not in text and "herstel" not in text
    assert "Log in" in text


@pytest.mark.parametrize("value", ["7", "abc", "<script>", "0"])
def test_odd_preferred_level_is_explained(client, world, value):
    client.force_login(world.a.user(SIDE))
    response = client.post(reverse("support:request_create"), {"preferred_level": value})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_coordinator_closes_a_request_of_own_organisation_only(client, support_world):
    url = reverse("support:request_close", args=[support_world.a.request.pk])
    client.force_login(support_world.b.user(SUPP))
    assert client.post(url).status_code == 404
    for role in (MAN, HR, MEN):
        client.force_login(support_world.a.user(role))
        assert client.post(url).status_code == 404
    client.force_login(support_world.a.user(SUPP))
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    support_world.a.request.refresh_from_db()
    assert support_world.a.request.status == "closed"
    assert client.post(url).status_code == 302  # twice: a message, not a 500


# --- trajectories: create, edit, escalate --------------------------------------------------------


def _trajectory_post(world, **overrides):
    data = {
        "employee": world.a.employee.pk,
        "level": "2",
        "intervention": "",
        "provider": "Arbeidspsycholoog",
        "start_date": "2026-12-01",
        "planned_end_date": "2027-02-28",
        "status": "active",
        "expected_duration_weeks": "12",
        "availability": "partial",
        "advised_adjustments": "Minder caseload",
        "trigger_category": "incident",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_coordinator_opens_a_trajectory_from_a_request(client, support_world):
    a = support_world.a
    client.force_login(a.user(SUPP))
    url = reverse("support:trajectory_create") + f"?request={a.request.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, _trajectory_post(support_world))
    assert response.status_code == 302
    created = Trajectory.objects.get(employee=a.employee)
    assert created.request == a.request and created.created_by == a.user(SUPP)
    a.request.refresh_from_db()
    assert a.request.status == "trajectory"
    assert created.history.get().history_user == a.user(SUPP)


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"level": ""}, "Dit veld is verplicht"),
        ({"level": "4"}, "Selecteer een geldige keuze"),
        ({"planned_end_date": "2026-11-01"}, "De geplande einddatum kan niet vóór de start liggen"),
        ({"start_date": "31-02-2026"}, "Voer een geldige datum in"),
        ({"provider": ""}, "Dit veld is verplicht"),
        ({"trigger_category": "diagnose"}, "Selecteer een geldige keuze"),
        ({"expected_duration_weeks": "-3"}, "minstens 0"),
    ],
)
def test_bad_trajectory_input_is_explained_in_dutch(client, support_world, overrides, message):
    client.force_login(support_world.a.user(SUPP))
    response = client.post(
        reverse("support:trajectory_create"), _trajectory_post(support_world, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Trajectory.objects.filter(employee=support_world.a.employee).exists()


def test_overlap_and_wrong_intervention_are_explained(client, support_world):
    a = support_world.a
    client.force_login(a.user(SUPP))
    assert (
        client.post(
            reverse("support:trajectory_create"), _trajectory_post(support_world)
        ).status_code
        == 302
    )
    response = client.post(reverse("support:trajectory_create"), _trajectory_post(support_world))
    assert "heeft al een traject op dit niveau in die periode" in response.content.decode()
    versterken = intervention(a.organisation, level=Level.VERSTERKEN, name="Vitaliteit")
    response = client.post(
        reverse("support:trajectory_create"),
        _trajectory_post(
            support_world,
            start_date="2027-06-01",
            planned_end_date="2027-07-01",
            intervention=versterken.pk,
        ),
    )
    assert "hoort bij een ander niveau" in response.content.decode()
    assert Trajectory.objects.filter(employee=a.employee).count() == 1


def test_coordinator_cannot_open_for_another_organisation(client, support_world):
    client.force_login(support_world.b.user(SUPP))
    response = client.post(reverse("support:trajectory_create"), _trajectory_post(support_world))
    assert response.status_code == 200
    assert not Trajectory.objects.filter(employee=support_world.a.employee).exists()
    url = reverse("support:trajectory_create") + f"?request={support_world.a.request.pk}"
    assert client.get(url).status_code == 404
    assert client.get(reverse("support:trajectory_create") + "?request=abc").status_code == 404


def test_coordinator_edits_a_trajectory_with_names_like_ozdemir(client, support_world):
    a = support_world.a
    client.force_login(a.user(SUPP))
    url = reverse("support:trajectory_update", args=[a.trajectory.pk])
    data = {
        "provider": "Bedrijfsarts Özdemir van 't Hek",
        "start_date": "2026-10-01",
        "planned_end_date": "2027-01-31",
        "ended_on": "",
        "status": "active",
        "expected_duration_weeks": "16",
        "availability": "none",
        "advised_adjustments": "",
        "trigger_category": "aggression",
        "notes": "Nieuwe afspraak",
    }
    assert client.post(url, data).status_code == 302
    a.trajectory.refresh_from_db()
    assert a.trajectory.provider == "Bedrijfsarts Özdemir van 't Hek"
    assert a.trajectory.level == Level.HERSTEL  # level changes only through escalation
    response = client.post(url, {**data, "ended_on": "2026-01-01"})
    assert "kan niet eindigen voordat het begint" in response.content.decode()


def test_escalation_is_one_action_and_refuses_beyond_the_top(client, support_world):
    a = support_world.a  # the fixture already escalated to the top level
    client.force_login(a.user(SUPP))
    url = reverse("support:trajectory_escalate", args=[a.trajectory.pk])
    response = client.post(url, {"direction": "up", "date": "2026-11-20", "reason": "Nog hoger"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Escalation.objects.count() == 1
    response = client.post(url, {"direction": "down", "date": "2026-11-20", "reason": "Beter"})
    assert response.status_code == 302
    a.trajectory.refresh_from_db()
    assert a.trajectory.level == Level.VOORKOMEN
    assert Escalation.objects.count() == 2
    html = client.get(a.trajectory.get_absolute_url()).content.decode()
    assert "Reden die geheim blijft" in html and "Beter" in html


def test_side_entrant_cannot_escalate_own_trajectory(client, support_world):
    client.force_login(support_world.a.user(SIDE))
    url = reverse("support:trajectory_escalate", args=[support_world.a.trajectory.pk])
    assert (
        client.post(url, {"direction": "down", "date": "2026-11-20", "reason": "x"}).status_code
        == 403
    )
    assert Escalation.objects.count() == 1


# --- catalogue, onboarding, roster ----------------------------------------------------------------


def test_functional_admin_edits_the_catalogue(client, world):
    client.force_login(world.a.user(ADM))
    data = {
        "organisation": world.a.organisation.pk,
        "level": "1",
        "name": "Intervisie coaching",
        "providers": "Intervisiecoaches",
        "themes": "Reflectief leren",
        "target_group": "both",
        "is_active": "on",
    }
    assert client.post(reverse("support:intervention_create"), data).status_code == 302
    response = client.post(
        reverse("support:intervention_create"), {**data, "name": "INTERVISIE coaching"}
    )
    assert "heeft al een interventie met deze naam" in response.content.decode()
    response = client.post(
        reverse("support:intervention_create"),
        {**data, "organisation": world.b.organisation.pk, "name": "x"},
    )
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Intervention.objects.count() == 1


def test_onboarding_choice_is_recorded(client, world):
    client.force_login(world.a.user(HR))
    url = reverse("support:onboarding_record", args=[world.a.side_entrant.pk])
    response = client.post(
        url, {"start_mode": "supporting", "supporting_role_until": "", "intake_date": ""}
    )
    assert response.status_code == 200
    assert "Tot wanneer" in response.content.decode()
    response = client.post(
        url,
        {
            "start_mode": "supporting",
            "supporting_role_until": "2026-06-01",
            "intake_date": "2025-03-10",
        },
    )
    assert response.status_code == 302
    assert OnboardingChoice.objects.get().recorded_by == world.a.user(HR)


def test_roster_plans_a_new_group(client, world):
    client.force_login(world.a.user(SUPP))
    url = reverse("support:roster_plan")
    data = {
        "organisation": world.a.organisation.pk,
        "employees": [world.a.employee.pk, world.a.side_entrant.pk],
        "term_start": "2027-01-01",
        "term_end": "2028-12-31",
        "training_date": "2026-12-10",
    }
    response = client.post(url, {**data, "employees": [world.b.employee.pk]})
    assert "Selecteer een geldige keuze" in response.content.decode()
    response = client.post(url, {**data, "term_end": "2026-01-01"})
    assert "kan niet eindigen voordat" in response.content.decode()
    assert client.post(url, data).status_code == 302
    html = client.get(reverse("support:roster")).content.decode()
    assert world.a.side_entrant.last_name in html


def test_hr_records_sick_leave_with_dates_only(client, world):
    from support.models import AbsenceRecord

    client.force_login(world.a.user(HR))
    url = reverse("support:absence_create")
    data = {
        "employee": world.a.employee.pk,
        "start_date": "2026-11-02",
        "end_date": "2026-11-06",
        "percentage": "100",
    }
    for bad, message in (
        ({"end_date": "2026-11-01"}, "Verzuim kan niet eindigen voordat het begint"),
        ({"percentage": "150"}, "Zorg ervoor dat deze waarde"),
        ({"employee": world.b.employee.pk}, "Selecteer een geldige keuze"),
        ({"diagnosis": "griep", "start_date": ""}, "Dit veld is verplicht"),
    ):
        response = client.post(url, {**data, **bad})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not AbsenceRecord.objects.exists()
    assert client.post(url, {**data, "diagnosis": "griep"}).status_code == 302
    record = AbsenceRecord.objects.get()
    assert record.organisation == world.a.organisation
    assert "griep" not in str(record.__dict__)
    client.force_login(world.b.user(HR))
    assert (
        world.a.employee.last_name
        not in client.get(reverse("support:absence_list")).content.decode()
    )


def test_hr_enters_the_recovery_of_an_open_sick_leave(client, world):
    from support.models import AbsenceRecord

    record = services.absence_record_create(employee=world.a.employee, start_date=D(2026, 11, 2))
    client.force_login(world.a.user(HR))
    listing = client.get(reverse("support:absence_list")).content.decode()
    assert "loopt nog" in listing and "Herstel invullen" in listing
    url = reverse("support:absence_update", args=[record.pk])
    for bad, message in (
        ({"end_date": "2026-11-01"}, "Verzuim kan niet eindigen voordat het begint"),
        ({"percentage": "0"}, "Zorg ervoor dat deze waarde"),
        ({"start_date": "morgen"}, "Voer een geldige datum in"),
    ):
        data = {"start_date": "2026-11-02", "end_date": "2026-11-13", "percentage": "100"}
        response = client.post(url, {**data, **bad})
        assert response.status_code == 200
        assert message in response.content.decode()
        record.refresh_from_db()
        assert (record.end_date, record.percentage) == (None, 100)
    response = client.post(
        url,
        {"start_date": "2026-11-02", "end_date": "2026-11-13", "percentage": "50", "employee": 0},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.employee, record.end_date, record.percentage) == (
        world.a.employee,
        D(2026, 11, 13),
        50,
    )
    assert AbsenceRecord.objects.count() == 1
    client.force_login(world.b.user(HR))
    assert client.post(url, {"start_date": "2026-11-02"}).status_code == 404


def test_practice_supervisor_proposes_for_own_organisation_only(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.a.user(SUP))
    url = reverse("support:request_propose")
    response = client.post(url, {"employee": world.b.employee.pk})
    assert "Selecteer een geldige keuze" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"employee": world.a.employee.pk}).status_code == 302
    request = SupportRequest.objects.get()
    assert (request.source, request.requested_by) == ("supervisor", world.a.user(SUP))
    assert [m.to for m in mail.outbox] == [[world.a.user(SUPP).email]]
    assert world.a.employee.last_name not in mail.outbox[0].body


@pytest.mark.parametrize(
    "params",
    [
        {"level": "<script>", "status": "x", "page": "abc"},
        {"level": "99", "page": "-1", "q": "van 't Hek"},
        {"q": "\x00", "status": "active"},
        {"q": "Özdemir" * 30},
    ],
)
def test_odd_list_parameters_never_fail(client, support_world, params):
    client.force_login(support_world.a.user(SUPP))
    response = client.get(reverse("support:trajectory_list"), params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split('id="main"', 1)[1]


def test_huge_trajectory_id_is_a_logged_404(client, support_world):
    client.force_login(support_world.a.user(MAN))
    url = "/support/trajectories/99999999999999999999999/"
    assert client.get(url).status_code == 404
    assert TrajectoryAccessLog.objects.filter(allowed=False, trajectory=None).count() == 1


def test_onboarding_list_is_paginated_with_totals_over_all_rows(client, world):
    from tests.organisations.factories import EmployeeFactory

    a = world.a
    with time_machine.travel(datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC), tick=False):
        for i in range(53):
            EmployeeFactory(
                organisation=a.organisation,
                team=a.team,
                last_name=f"Nieuw {i:02d}",
                employment_start=D(2026, 6, 1) - datetime.timedelta(days=i),
            )
        EmployeeFactory(organisation=world.b.organisation, employment_start=D(2026, 6, 1))
        recorded = EmployeeFactory(
            organisation=a.organisation, team=a.team, employment_start=D(2026, 1, 5)
        )
        services.onboarding_record(
            employee=recorded, start_mode="direct", recorded_by=None, intake_date=D(2026, 1, 20)
        )
        client.force_login(a.user(HR))
        url = reverse("support:onboarding_list")
        first = client.get(url).content.decode()
        # 54 of organisation A in their first year (B's is not shown); 53 without a start.
        assert "54 medewerkers in hun eerste jaar" in first
        assert "53 zonder vastgelegde start" in first
        assert first.count('href="/support/onboarding/') == 50
        assert "Nieuw 00" in first and "Nieuw 49" in first and "Nieuw 50" not in first
        assert "page=2" in first
        second = client.get(url, {"page": "2"}).content.decode()
        assert second.count('href="/support/onboarding/') == 4
        assert "Nieuw 52" in second and recorded.last_name in second
        assert "54 medewerkers in hun eerste jaar" in second
        for garbage in ("abc", "-1", "99999", "1.5", "<b>"):
            response = client.get(url, {"page": garbage})
            assert response.status_code == 200
