import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from organisations.roles import Role
from tests.security.admin_objects import build

User = get_user_model()


@pytest.fixture
def two(world):
    """A's and B's objects of every model; B's functional admin is staff with every
    model permission (the scoping, not a missing permission, must stop them)."""
    a, b = build(world.a), build(world.b)
    user = world.b.user(Role.FUNCTIONAL_ADMIN)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.all())
    return world, a, b, User.objects.get(pk=user.pk)
