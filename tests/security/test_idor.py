"""IDOR: a user of organisation A never reaches B's objects through form fields or
query parameters (ids in the URL path are covered by test_url_matrix.py)."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notification_create
from organisations.models import Employee, Placement, Team
from organisations.roles import Role

pytestmark = pytest.mark.django_db
HR = Role.HR_ADVISOR
FA = Role.FUNCTIONAL_ADMIN


def _employee_data(world, **overrides):
    data = {
        "first_name": "Sanne",
        "last_name": "Özdemir",
        "email": "sanne@example.org",
        "organisation": world.a.organisation.pk,
        "team": world.a.team.pk,
        "job_function": "Jeugdbeschermer",
        "fte": "0,8",
        "employment_start": "01-09-2025",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", [HR, FA])
@pytest.mark.parametrize(
    "fields",
    [
        lambda w: {"organisation": w.b.organisation.pk, "team": w.b.team.pk},
        lambda w: {"team": w.b.team.pk},
        lambda w: {"organisation": w.b.organisation.pk},
    ],
)
def test_employee_cannot_be_created_in_the_other_organisation(client, world, role, fields):
    client.force_login(world.a.user(role))
    response = client.post(
        reverse("organisations:employee_create"), _employee_data(world, **fields(world))
    )
    assert response.status_code == 200
    assert not Employee.objects.filter(email="sanne@example.org").exists()
    assert not world.b.organisation.employees.filter(last_name="Özdemir").exists()


def test_employee_cannot_be_moved_into_a_team_of_the_other_organisation(client, world):
    employee = world.a.employee
    client.force_login(world.a.user(HR))
    response = client.post(
        reverse("organisations:employee_update", args=[employee.pk]),
        _employee_data(
            world, email=employee.email, team=world.b.team.pk, organisation=world.b.organisation.pk
        ),
    )
    assert response.status_code == 200
    employee.refresh_from_db()
    assert employee.team_id == world.a.team.pk
    assert employee.organisation_id == world.a.organisation.pk


def test_placement_cannot_use_a_team_of_the_other_organisation(client, world):
    before = Placement.objects.count()
    client.force_login(world.a.user(HR))
    response = client.post(
        reverse("organisations:placement_create", args=[world.a.employee.pk]),
        {
            "team": world.b.team.pk,
            "start_date": "2026-12-01",
            "fte": "0,5",
            "formation_kind": "regular",
        },
    )
    assert response.status_code == 200
    assert Placement.objects.count() == before
    assert not Placement.objects.filter(team=world.b.team, employee=world.a.employee).exists()


def test_team_create_ignores_a_posted_organisation(client, world):
    client.force_login(world.a.user(HR))
    url = reverse("organisations:team_create", args=[world.a.organisation.pk])
    client.post(
        url, {"name": "Sluiproute", "formation_fte": "3", "organisation": world.b.organisation.pk}
    )
    assert not Team.objects.filter(organisation=world.b.organisation, name="Sluiproute").exists()


@pytest.mark.parametrize(
    "params",
    [
        lambda w: {"organisation": w.b.organisation.pk},
        lambda w: {"team": w.b.team.pk},
        lambda w: {"q": w.b.employee.last_name},
        lambda w: {"organisation": w.b.organisation.pk, "team": w.b.team.pk, "page": "2"},
    ],
)
def test_query_parameters_do_not_reveal_the_other_organisation(client, world, params):
    client.force_login(world.a.user(HR))
    b_org = world.b.organisation.pk
    for name in ("organisations:employee_list", "organisations:organisation_list"):
        response = client.get(reverse(name), params(world))
        assert response.status_code == 200
        shown = list(response.context["page"].object_list)
        orgs = {getattr(obj, "organisation_id", obj.pk) for obj in shown}
        assert b_org not in orgs, name
        html = response.content.decode()
        assert world.b.side_entrant.last_name not in html  # not even in a filter choice
        assert world.b.team.name not in html


def test_notifications_of_someone_else_cannot_be_marked_read(client, world):
    other = world.b.user(HR)
    notification = (
        notification_create(
            recipient=other, kind="test", template="notifications/email/test", email=False
        )
        if _has_test_template()
        else Notification.objects.create(recipient=other, kind="test", title="Geheim")
    )
    client.force_login(world.a.user(HR))
    client.post(reverse("notifications:mark_read"), {"id": [str(notification.pk)]})
    notification.refresh_from_db()
    assert notification.read_at is None
    assert "Geheim" not in client.get(reverse("notifications:list")).content.decode()


def _has_test_template():
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        get_template("notifications/email/test_subject.txt")
    except TemplateDoesNotExist:
        return False
    return True
