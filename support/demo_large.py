"""The benchmark scale of the support pyramid (`seed_demo --scale large`): bulk inserts.

Tops up to 5,000 trajectories: one for each employee without one (so no two overlap at
one level, which the database forbids), over the three levels, mostly completed, some
active or planned; the coordinator's list budget of issue 7 is for that size.
Deterministic (the seed's random generator). Bulk inserts bypass the services.
"""

import datetime
from collections import defaultdict

from organisations.models import Employee

from .models import Intervention, Level, Trajectory

TARGET_TRAJECTORIES = 5_000
PROVIDERS = ["Bedrijfsmaatschappelijk werk", "Vertrouwenspersoon", "Arbodienst", "Coach"]
BATCH = 2000
MARKER = "Benchmark: afspraken volgens plan."


def seed_large(ctx) -> None:
    if Trajectory.objects.filter(notes=MARKER).exists():
        return  # already at the large scale
    rng = ctx.rng
    today = ctx.today
    interventions = defaultdict(lambda: defaultdict(list))
    for i in Intervention.objects.filter(is_active=True):
        interventions[i.organisation_id][i.level].append(i.pk)
    missing = max(0, TARGET_TRAJECTORIES - Trajectory.objects.count())
    people = list(
        Employee.objects.filter(support_trajectories__isnull=True)
        .order_by("pk")
        .values_list("pk", "organisation_id", "employment_start")[:missing]
    )
    levels = [Level.VERSTERKEN] * 6 + [Level.VOORKOMEN] * 3 + [Level.HERSTEL]
    trajectories = []
    for employee_id, org_id, hired in people:
        level = rng.choice(levels)
        start = max(hired, today - datetime.timedelta(days=rng.randint(0, 700)))
        weeks = rng.randint(4, 26)
        planned_end = start + datetime.timedelta(weeks=weeks)
        roll = rng.random()
        if planned_end < today and roll < 0.9:
            status, ended = Trajectory.Status.COMPLETED, planned_end
        elif roll < 0.95 and start <= today:
            status, ended = Trajectory.Status.STOPPED, max(start, today - datetime.timedelta(1))
        else:
            status, ended = Trajectory.Status.ACTIVE, None
        options = interventions[org_id][level]
        trajectories.append(
            Trajectory(
                organisation_id=org_id,
                employee_id=employee_id,
                level=level,
                intervention_id=rng.choice(options) if options else None,
                provider=rng.choice(PROVIDERS),
                start_date=start,
                planned_end_date=planned_end,
                ended_on=ended,
                status=status,
                expected_duration_weeks=weeks,
                availability=rng.choice(["full", "full", "partial", "none"]),
                advised_adjustments="Tijdelijk minder zaken." if level > 1 else "",
                notes=MARKER,
            )
        )
    Trajectory.objects.bulk_create(trajectories, batch_size=BATCH)
    ctx.write(f"support (large): {Trajectory.objects.count()} trajectories")
