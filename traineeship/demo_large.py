"""The benchmark scale of traineeships (`seed_demo --scale large`): bulk inserts, deterministic.

Adds a regional programme with six partner organisations and tops up to 20 cohorts with
300 trainees in total: the programme overview budget of issue 6 is for that size. The
demo coordinator becomes HR advisor of the six partners so the overview shows it.

Every benchmark trainee has a generated-style plan: six rotations of four months, one at
each partner (a Latin square per cohort, shifted per cohort so the busy partners differ),
each with its contract, so the cohort, trainee and budget pages show real plans. Cohorts
start every 60 days, so about twelve run at once: each partner has 40 places (the peak
load is checked here). Bulk inserts bypass the services (and history rows); the schedule
generator itself is timed separately by the benchmark.
"""

import datetime
from collections import defaultdict

from organisations.models import Employee, Membership, Organisation, Team
from organisations.roles import Role

from .models import Cohort, Contract, Partner, Programme, Rotation, Trainee
from .services import DEFAULT_HOURS

PROGRAMME = "Traineeship Benchmarkregio"
TARGET_COHORTS = 20
TARGET_TRAINEES = 300
PARTNERS = 6
CAPACITY = 40
COORDINATOR = "coordinator"
BATCH = 2000


def seed_large(ctx) -> None:
    from django.contrib.auth import get_user_model

    existing = Programme.objects.filter(name=PROGRAMME).first()
    if existing is not None:
        _plans(existing)  # a database seeded before the plans were added gets them now
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
        [Partner(programme=programme, organisation=o, capacity=CAPACITY) for o in organisations]
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
    _plans(programme)
    ctx.write(
        f"traineeship (large): {Cohort.objects.count()} cohorts, {Trainee.objects.count()} "
        f"trainees, {Rotation.objects.count()} rotations"
    )


def _plans(programme: Programme) -> None:
    """Rotations and contracts for the programme's trainees (skipped once it has any)."""
    if Rotation.objects.filter(trainee__cohort__programme=programme).exists():
        return
    partners = list(programme.partners.select_related("organisation").order_by("pk"))
    if not partners:
        return
    teams = {}
    for team in Team.objects.filter(
        organisation_id__in=[p.organisation_id for p in partners]
    ).order_by("-pk"):
        teams[team.organisation_id] = team.pk  # the organisation's first team wins
    cohorts = list(programme.cohorts.select_related("programme").order_by("start_date", "pk"))
    by_cohort = defaultdict(list)
    for trainee in Trainee.objects.filter(cohort__in=cohorts).order_by("pk"):
        by_cohort[trainee.cohort_id].append(trainee)
    rotations = []
    for shift, cohort in enumerate(cohorts):
        periods = cohort.periods()
        for i, trainee in enumerate(by_cohort[cohort.pk]):
            for p, (_number, start, end) in enumerate(periods):
                partner = partners[(i + p + shift) % len(partners)]
                rotations.append(
                    Rotation(
                        trainee=trainee,
                        partner=partner,
                        team_id=teams.get(partner.organisation_id),
                        start_date=start,
                        end_date=end,
                    )
                )
    _check_capacity(rotations, partners)
    rotations = Rotation.objects.bulk_create(rotations, batch_size=BATCH)
    Contract.objects.bulk_create(
        [
            Contract(
                rotation=rotation,
                number=f"TR-{rotation.trainee.cohort_id}-{rotation.trainee_id}-{rotation.pk}",
                hours_per_week=DEFAULT_HOURS,
                cao=rotation.partner.organisation.cao_name or "cao Jeugdzorg",
                start_date=rotation.start_date,
                end_date=rotation.end_date,
            )
            for rotation in rotations
        ],
        batch_size=BATCH,
    )


def _check_capacity(rotations: list[Rotation], partners: list[Partner]) -> None:
    """The seed keeps the capacity rule the services enforce: a sweep over start/end days."""
    events = defaultdict(list)
    for r in rotations:
        events[r.partner_id] += [(r.start_date, 1), (r.end_date + datetime.timedelta(days=1), -1)]
    for partner in partners:
        load = peak = 0
        for _day, delta in sorted(events[partner.pk], key=lambda e: (e[0], e[1])):
            load += delta
            peak = max(peak, load)
        assert peak <= partner.capacity, (partner, peak)
