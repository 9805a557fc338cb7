"""One object of every admin-registered model for one organisation (the admin scoping test).

FACTORIES maps each model to a builder `(graph) -> object`; builders run in this order
and may use objects built before them (`graph[Model]`). A model registered in the admin
without an entry here makes tests/security/test_admin_scoping.py fail: register its
scope (organisations.admin_scoping) and add a builder.

Rows are created with the ORM where a service needs a whole scenario (a programme needs
two partners, a rotation a generated schedule): the test is about who reaches a row in
the admin, not about how it came to be.
"""

import datetime
from decimal import Decimal

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from intake.models import RejectionReason
from mentoring.models import (
    CheckIn,
    IntervisionSeries,
    IntervisionSession,
    MentorAssignment,
    MentoringSettings,
    MentorProfile,
    MentorPulse,
)
from organisations.admin_scoping import OrganisationScopedAdmin
from organisations.models import Employee, Membership, Organisation, Team
from organisations.roles import Role
from support.models import Intervention
from traineeship.models import (
    Absence,
    BlockedPeriod,
    Cohort,
    Contract,
    Funder,
    Guideline,
    HostRating,
    Partner,
    Payment,
    Programme,
    Review,
    Rotation,
    Trainee,
)
from training.models import Route, Track, WeightingTable

User = get_user_model()
DAY = datetime.date(2026, 9, 1)
LATER = datetime.date(2027, 4, 30)


def _employee(graph, name):
    side = graph["side"]
    return Employee.objects.create(
        organisation=side.organisation,
        team=side.team,
        first_name=name,
        last_name=side.organisation.name,
        email=f"{name.lower()}-{side.organisation.pk}@example.org",
        job_function="Jeugdbeschermer",
        employment_start=datetime.date(2025, 1, 1),
    )


def _member(graph):
    # A user who works only in this organisation: the functional admin's to manage.
    return graph["side"].user(Role.HR_ADVISOR)


FACTORIES = {
    Organisation: lambda g: g["side"].organisation,
    Team: lambda g: g["side"].team,
    User: _member,
    Membership: lambda g: Membership.objects.get(user=_member(g), role=Role.HR_ADVISOR),
    Employee: lambda g: g["side"].employee,
    RejectionReason: lambda g: RejectionReason.objects.create(
        label=f"Reden {g['side'].organisation.name}", organisation=g["side"].organisation
    ),
    Intervention: lambda g: Intervention.objects.create(
        organisation=g["side"].organisation, level=1, name="Buddy", providers="HR"
    ),
    MentoringSettings: lambda g: MentoringSettings.objects.create(
        organisation=g["side"].organisation
    ),
    MentorProfile: lambda g: MentorProfile.objects.create(employee=g["side"].employee, role="main"),
    MentorAssignment: lambda g: MentorAssignment.objects.create(
        mentee=g["side"].side_entrant, mentor=g["side"].employee, kind="main", start_date=DAY
    ),
    CheckIn: lambda g: CheckIn.objects.create(assignment=g[MentorAssignment], planned_date=DAY),
    IntervisionSeries: lambda g: IntervisionSeries.objects.create(
        organisation=g["side"].organisation, title="Intervisie", method="incident", first_date=DAY
    ),
    IntervisionSession: lambda g: IntervisionSession.objects.create(
        organisation=g["side"].organisation,
        date=DAY,
        method="incident",
        series=g[IntervisionSeries],
        facilitator=g["side"].employee,
    ),
    MentorPulse: lambda g: MentorPulse.objects.create(profile=g[MentorProfile], period_start=DAY),
    WeightingTable: lambda g: WeightingTable.objects.create(organisation=g["side"].organisation),
    Track: lambda g: Track.objects.create(
        employee=g["side"].side_entrant, route=Route.objects.get(code="45ec"), start_date=DAY
    ),
    Programme: lambda g: Programme.objects.create(
        name=f"Traineeship {g['side'].organisation.name}", region="IJsselland"
    ),
    Partner: lambda g: Partner.objects.create(
        programme=g[Programme], organisation=g["side"].organisation, coordinator=g[Employee]
    ),
    Cohort: lambda g: Cohort.objects.create(programme=g[Programme], name="Cohort", start_date=DAY),
    Trainee: lambda g: Trainee.objects.create(
        cohort=g[Cohort], employee=_employee(g, "Trainee"), preferred_partner=g[Partner]
    ),
    Rotation: lambda g: Rotation.objects.create(
        trainee=g[Trainee],
        partner=g[Partner],
        start_date=DAY,
        end_date=LATER,
        team=g["side"].team,
        mentor=g["side"].employee,
    ),
    Contract: lambda g: Contract.objects.create(
        rotation=g[Rotation],
        number=f"C-{g['side'].organisation.pk}",
        hours_per_week=Decimal("32"),
        cao="cao Jeugdzorg",
        start_date=DAY,
        end_date=LATER,
    ),
    BlockedPeriod: lambda g: BlockedPeriod.objects.create(
        partner=g[Partner], start_date=DAY, end_date=LATER
    ),
    Funder: lambda g: Funder.objects.create(
        programme=g[Programme],
        name="Gemeente",
        amount=Decimal("1000"),
        start_date=DAY,
        end_date=LATER,
    ),
    Payment: lambda g: Payment.objects.create(
        funder=g[Funder], received_on=DAY, amount=Decimal("100")
    ),
    Guideline: lambda g: _guideline(g),
    Absence: lambda g: Absence.objects.create(trainee=g[Trainee], kind="leave", start_date=DAY),
    Review: lambda g: Review.objects.create(
        rotation=g[Rotation],
        moment="mid",
        by="mentor",
        held_on=DAY,
        enthusiasm=3,
        energy=3,
        eagerness=3,
        realism=3,
        confidence=3,
    ),
    HostRating: lambda g: HostRating.objects.create(rotation=g[Rotation], score=4),
}


def _guideline(graph):
    guideline = Guideline.objects.create(
        programme=graph[Programme],
        topic="leave",
        version=1,
        title="Verlof",
        text="Afspraken",
        agreed_on=DAY,
    )
    guideline.agreed_by.add(graph[Partner])
    return guideline


def build(side) -> dict:
    """{model: object} of every FACTORIES model for `side` (a conftest Side)."""
    graph = {"side": side}
    for model, builder in FACTORIES.items():
        graph[model] = builder(graph)
    return graph


def scoped_models() -> list:
    """Every admin-registered model on the organisation-scoped base."""
    return [m for m, ma in admin.site._registry.items() if isinstance(ma, OrganisationScopedAdmin)]


def admin_url(model, action, obj):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=[obj.pk])
