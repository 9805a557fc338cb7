"""Fixtures of the support tests."""

import datetime

import pytest
from django.core import mail

from organisations.roles import Role
from support import services
from support.models import Level

from .factories import intervention, trajectory

D = datetime.date
SUPP, SUP = Role.SUPPORT_COORDINATOR, Role.PRACTICE_SUPERVISOR


@pytest.fixture
def support_world(world):
    """World A with a confidential trajectory of its side-entrant, a request and a catalogue."""
    a = world.a
    coordinator = a.user(SUPP)
    a.intervention = intervention(a.organisation, level=Level.VOORKOMEN, name="Interne coaching")
    a.trajectory = trajectory(
        a.side_entrant,
        level=Level.VOORKOMEN,
        intervention=a.intervention,
        trigger_category="aggression",
        notes="Geheime afspraak <b>vet</b>",
        created_by=coordinator,
    )
    services.trajectory_escalate(
        trajectory=a.trajectory,
        up=True,
        date=D(2026, 10, 20),
        reason="Reden die geheim blijft",
        decided_by=coordinator,
    )
    a.request = services.support_request_propose(
        employee=a.employee, proposed_by=a.user(SUP), source="supervisor"
    )
    services.supervisor_group_plan(
        organisation=a.organisation,
        employees=[a.employee],
        term_start=D(2025, 1, 1),
        term_end=D(2026, 12, 31),
        training_date=D(2024, 12, 1),
    )
    services.absence_record_create(
        employee=a.employee, start_date=D(2026, 10, 5), end_date=D(2026, 10, 9)
    )
    mail.outbox.clear()
    return world
