"""Traineeship test data, built through the services."""

import datetime
from dataclasses import dataclass, field

from organisations.roles import Role
from tests.organisations.factories import (
    EmployeeFactory,
    OrganisationFactory,
    TeamFactory,
    user_with_role,
)
from traineeship import services
from traineeship.models import Cohort, Programme, Trainee

START = datetime.date(2026, 9, 1)


@dataclass
class Setup:
    programme: Programme
    cohort: Cohort
    partners: list
    trainees: list[Trainee]
    organisations: list
    extra: dict = field(default_factory=dict)


def programme_with_partners(organisations, *, name="Traineeship IJsselland", **fields):
    return services.programme_create(
        organisations=organisations, name=name, region="IJsselland", **fields
    )


def seed_case(world, *, generate=True) -> Setup:
    """Seed 02: three trainees, partners A (world.a), C and D, 3 x 8 months."""
    orgs = [world.a.organisation]
    for name in ("Charlie", "Delta"):
        org = OrganisationFactory(name=f"Veilig Thuis {name}")
        TeamFactory(organisation=org, name=f"Team {name}")
        orgs.append(org)
    programme = programme_with_partners(orgs)
    partners = list(programme.partners.order_by("organisation__name"))
    for partner in partners:
        coordinator = (
            world.a.employee
            if partner.organisation_id == world.a.organisation.pk
            else EmployeeFactory(organisation=partner.organisation, last_name="Coördinator")
        )
        services.partner_update(partner=partner, coordinator=coordinator)
    cohort = services.cohort_create(programme=programme, name="Cohort 2026", start_date=START)
    employees = [
        world.a.side_entrant,
        EmployeeFactory(organisation=orgs[1], first_name="Fatma", last_name="Özdemir"),
        EmployeeFactory(organisation=orgs[2], first_name="Joost", last_name="van 't Hek"),
    ]
    trainees = [services.trainee_add(cohort=cohort, employee=e) for e in employees]
    if generate:
        services.schedule_generate(cohort=cohort)
    setup = Setup(programme, cohort, partners, trainees, orgs)
    # An HR advisor of partner C (another partner than world.a).
    setup.extra["hr_c"] = user_with_role(Role.HR_ADVISOR, orgs[1], username="hr-charlie")
    return setup
