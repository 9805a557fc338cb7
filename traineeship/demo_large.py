"""The benchmark scale of traineeships (`seed_demo --scale large`): bulk inserts, deterministic.

Adds a regional programme with six partner organisations (five places each) and tops
up to 20 cohorts with 300 trainees in total: the programme overview budget of issue 6 is
for that size. The demo coordinator becomes HR advisor of the six partners so the
overview shows it. Trainees have no rotations yet (a plan is generated per cohort; the
benchmark times that separately). Bulk inserts bypass the services (and history rows).
"""

import datetime

from organisations.models import Employee, Membership, Organisation
from organisations.roles import Role

from .models import Cohort, Partner, Programme, Trainee

PROGRAMME = "Traineeship Benchmarkregio"
TARGET_COHORTS = 20
TARGET_TRAINEES = 300
PARTNERS = 6
COORDINATOR = "coordinator"
BATCH = 2000


def seed_large(ctx) -> None:
    from django.contrib.auth import get_user_model

    if Programme.objects.filter(name=PROGRAMME).exists():
        return  # already at the large scale
    today = ctx.today
    programme = Programme.objects.create(
        name=PROGRAMME,
        region="Benchmarkregio",
        total_months=24,
        rotation_months=4,
        entry_requirements="Hbo-diploma Social Work, SKJ-registratie.",
    )
    taken = set(Partner.objects.values_list("organisation_id", flat=True))
    organisations = list(Organisation.objects.exclude(pk__in=taken).order_by("pk")[:PARTNERS])
    Partner.objects.bulk_create(
        [Partner(programme=programme, organisation=o, capacity=5) for o in organisations]
    )
    coordinator = get_user_model().objects.filter(username=COORDINATOR).first()
    if coordinator is not None:
        Membership.objects.bulk_create(
            [
                Membership(user=coordinator, organisation=o, role=Role.HR_ADVISOR)
                for o in organisations
            ],
            ignore_conflicts=True,
        )

    missing_cohorts = max(1, TARGET_COHORTS - Cohort.objects.count())
    cohorts = Cohort.objects.bulk_create(
        [
            Cohort(
                programme=programme,
                name=f"Cohort {n + 1:02d}",
                start_date=today - datetime.timedelta(days=60 * (missing_cohorts - n)),
            )
            for n in range(missing_cohorts)
        ]
    )
    missing = max(0, TARGET_TRAINEES - Trainee.objects.count())
    busy = set(Trainee.objects.values_list("employee_id", flat=True))
    employees = list(
        Employee.objects.filter(
            organisation__in=organisations, is_side_entrant=False, user__isnull=True
        )
        .exclude(pk__in=busy)
        .order_by("pk")
        .values_list("pk", flat=True)[:missing]
    )
    Trainee.objects.bulk_create(
        [
            Trainee(cohort=cohorts[n % len(cohorts)], employee_id=employee_id)
            for n, employee_id in enumerate(employees)
        ],
        batch_size=BATCH,
    )
    ctx.write(
        f"traineeship (large): {Cohort.objects.count()} cohorts, {Trainee.objects.count()} trainees"
    )
