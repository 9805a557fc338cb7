import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import translation

from organisations.models import Employee, Organisation, Team
from organisations.roles import Role
from tests.organisations.factories import (
    EmployeeFactory,
    OrganisationFactory,
    PlacementFactory,
    TeamFactory,
    UserFactory,
    user_with_role,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Tests do not share cached state (rate-limit counters, lockout counts): the in-memory
    test cache is emptied before each one (never a real Redis)."""
    from django.conf import settings
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _dutch_by_default(settings):
    """Every test starts in the default language, like a new visitor."""
    settings.LANGUAGE_CODE = "nl"
    with translation.override("nl"):
        yield


@dataclass
class Side:
    """One organisation with a team, two employees and a user for every role."""

    organisation: Organisation
    team: Team
    employee: Employee
    side_entrant: Employee
    users: dict = field(default_factory=dict)

    def user(self, role):
        return self.users[Role(role)]


def _build_side(name: str) -> Side:
    organisation = OrganisationFactory(name=name)
    team = TeamFactory(organisation=organisation, name=f"Team {name}")
    employee = EmployeeFactory(organisation=organisation, team=team, last_name=f"Vast {name}")
    side_entrant = EmployeeFactory(
        organisation=organisation, team=team, is_side_entrant=True, last_name=f"Nieuw {name}"
    )
    PlacementFactory(employee=employee, team=team)
    PlacementFactory(
        employee=side_entrant,
        team=team,
        start_date=datetime.date(2025, 3, 1),
        formation_kind="supernumerary",
    )
    side = Side(organisation, team, employee, side_entrant)
    for role in Role:
        side.users[role] = user_with_role(role, organisation, username=f"{role.value}-{name}")
    # The side-entrant role's user is the side-entrant employee's own account.
    side_entrant.user = side.users[Role.SIDE_ENTRANT]
    side_entrant.save()
    return side


@dataclass
class World:
    a: Side
    b: Side


@pytest.fixture
def world(db) -> World:
    """Two organisations, A and B, each with a user for every role."""
    return World(a=_build_side("Alfa"), b=_build_side("Bravo"))


@pytest.fixture
def outsider(db):
    """A signed-up user without any role anywhere."""
    return UserFactory(username="outsider")


def _is_transactional(node) -> bool:
    marker = node.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(node, "fixturenames", ())))


def _restore_reference_data() -> None:
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    # The flush recreated the content types under new ids; a cached old id would give
    # the role groups no permissions.
    ContentType.objects.clear_cache()

    for module, function in REFERENCE_DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


# The data migrations that create reference data (run again after each flush).
REFERENCE_DATA_MIGRATIONS = [
    ("organisations.migrations.0003_role_groups", "forwards"),
    ("intake.migrations.0002_rejection_reason_admin", "forwards"),
    ("training.migrations.0002_seed_routes", "seed_routes"),
    ("training.migrations.0003_admin_permissions", "forwards"),
    ("support.migrations.0002_trajectory_no_overlap_and_admin_permissions", "grant_catalogue"),
]


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush every table afterwards, including the reference data
    that data migrations created (training routes, role groups). Put it back first, the
    way the migrations do, so a test's outcome never depends on the order tests run in."""
    if not _is_transactional(request.node):
        return
    request.getfixturevalue("transactional_db")
    _restore_reference_data()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """...and put it back after the flush too, for the ordinary tests that follow on the
    same process (in parallel runs the order of files per process is not fixed)."""
    yield
    # After the last test the test database is already gone.
    if nextitem is None or not _is_transactional(item):
        return
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        _restore_reference_data()


# Tests that stop or restart the shared PostgreSQL cluster (or dump and restore it)
# would break tests running beside them: `make test` runs these on their own after
# the parallel part.
SERIAL_FILES = (
    "tests/security/test_fault_tolerance.py",
    "tests/security/test_backup.py",
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith(SERIAL_FILES):
            item.add_marker(pytest.mark.serial)
