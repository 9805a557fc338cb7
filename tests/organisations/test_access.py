"""The scoping module: a user of organisation A sees nothing of organisation B."""

import pytest
from django.http import Http404

from organisations import access
from organisations.models import Employee, Organisation, Placement, Team
from organisations.roles import STAFF_ROLES, Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_no_role_in_a_sees_anything_of_b(world, role):
    user = world.a.user(role)
    for model in (Organisation, Team, Employee, Placement):
        visible = access.scoped(user, model)
        assert not visible.filter(**_in_org(model, world.b.organisation)).exists(), model


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_staff_roles_see_their_own_organisation(world, role):
    user = world.a.user(role)
    assert set(access.scoped(user, Employee)) == {world.a.employee, world.a.side_entrant}
    assert list(access.scoped(user, Organisation)) == [world.a.organisation]


@pytest.mark.parametrize("role", [Role.MENTOR, Role.SIDE_ENTRANT])
def test_mentor_and_side_entrant_see_no_colleagues(world, role):
    user = world.a.user(role)
    visible = set(access.scoped(user, Employee))
    expected = {world.a.side_entrant} if role == Role.SIDE_ENTRANT else set()
    assert visible == expected


def test_side_entrant_sees_own_placements_only(world):
    user = world.a.user(Role.SIDE_ENTRANT)
    assert set(access.scoped(user, Placement)) == set(world.a.side_entrant.placements.all())


def test_user_without_membership_sees_nothing(world, outsider):
    for model in (Organisation, Team, Employee, Placement):
        assert not access.scoped(outsider, model).exists()


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    for model in (Organisation, Team, Employee, Placement):
        assert not access.scoped(AnonymousUser(), model).exists()


def test_inactive_user_sees_nothing(world):
    user = world.a.user(Role.HR_ADVISOR)
    user.is_active = False
    user.save()
    access.clear_cache(user)
    assert not access.scoped(user, Employee).exists()


def test_unregistered_model_is_denied_by_default(world):
    from django.contrib.auth.models import Group

    assert not access.scoped(world.a.user(Role.HR_ADVISOR), Group).exists()


@pytest.mark.parametrize("pk", [None, "abc", 10**12, -1])
def test_get_object_for_answers_404_for_bad_ids(world, pk):
    with pytest.raises(Http404):
        access.get_object_for(world.a.user(Role.HR_ADVISOR), Employee, pk)


def test_get_object_for_answers_404_across_organisations(world):
    with pytest.raises(Http404):
        access.get_object_for(world.a.user(Role.HR_ADVISOR), Employee, world.b.employee.pk)


def test_permissions_follow_roles(world):
    org = world.a.organisation
    assert access.can_change_employee(world.a.user(Role.HR_ADVISOR), org)
    assert not access.can_change_employee(world.a.user(Role.MANAGER), org)
    assert not access.can_change_employee(world.b.user(Role.HR_ADVISOR), org)
    assert access.can_change_organisation(world.a.user(Role.FUNCTIONAL_ADMIN), org)
    assert not access.can_change_organisation(world.a.user(Role.HR_ADVISOR), org)


def _in_org(model, organisation):
    return {"pk": organisation.pk} if model is Organisation else {"organisation": organisation}
