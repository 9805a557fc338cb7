"""The benchmark scale of training (`seed_demo --scale large`): bulk inserts, deterministic.

Tops up to 2,000 tracks (an open track for every side-entrant without one, then
completed tracks of registered colleagues), each with its route's milestones, and to
20,000 logged tasks: 5,000 for the demo side-entrant (the task page budget of issue 5 is
for that size), the rest over the other side-entrants. Organisations without a
weighting table get the demo one. Bulk inserts bypass the services (and history rows).
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from organisations.models import Employee, Organisation

from .demo import JEUGDBESCHERMING_TASKS
from .models import (
    Level,
    Route,
    RouteMilestone,
    TaskLogEntry,
    Track,
    TrackMilestone,
    WeightedTask,
    WeightingTable,
)

TARGET_TRACKS = 2_000
TARGET_TASKS = 20_000
DEMO_SIDE_ENTRANT_TASKS = 5_000
DEMO_SIDE_ENTRANT_EMAIL = "sanne.mulder"
BATCH = 2000
MARKER = "Benchmarkinstituut"


def _demo_seed_routes() -> dict[int, str]:
    """employee pk -> route code that training/demo.py's side-entrant seed would pick."""
    routes = ["45ec", "evc", "45ec", "practice_programme"]
    names = [
        "Jeugdbescherming Noord",
        "Veilig Thuis Groningen",
        "Jeugdbescherming Overijssel",
        "Jeugdbescherming west",
    ]
    people = Employee.objects.filter(
        organisation__name__in=names, is_side_entrant=True, user__isnull=True
    ).order_by("pk")
    return {pk: routes[i % len(routes)] for i, pk in enumerate(people.values_list("pk", flat=True))}


def seed_large(ctx) -> None:
    if Track.objects.filter(institution=MARKER).exists():
        return  # already at the large scale
    rng = ctx.rng
    today = ctx.today
    routes = list(Route.objects.filter(is_active=True).order_by("pk"))
    milestones = defaultdict(list)
    for m in RouteMilestone.objects.order_by("route_id", "order"):
        milestones[m.route_id].append(m)

    # Tracks: one open track per side-entrant without one, then completed ones.
    with_open = set(
        Track.objects.filter(status__in=Track.OPEN).values_list("employee_id", flat=True)
    )
    missing = max(0, TARGET_TRACKS - Track.objects.count())
    side = list(
        Employee.objects.filter(is_side_entrant=True)
        .exclude(pk__in=with_open)
        .order_by("pk")
        .values_list("pk", "employment_start")
    )
    registered = list(
        Employee.objects.filter(is_side_entrant=False, skj_registration_date__isnull=False)
        .order_by("pk")
        .values_list("pk", "employment_start")[: max(0, missing - len(side))]
    )
    by_code = {r.code: r for r in routes}
    demo_routes = _demo_seed_routes()
    tracks = []
    for n, (employee_id, start) in enumerate(side + registered):
        if len(tracks) >= missing:
            break
        # The demo seed gives side-entrants of its organisations a track on a fixed route
        # on every run: the same route here, so a second seed_demo finds it (idempotent).
        route = by_code.get(demo_routes.get(employee_id)) or routes[n % len(routes)]
        months = route.expected_duration_months or 12
        is_open = n < len(side)
        begin = start + datetime.timedelta(days=rng.randint(0, 30))
        end = begin + datetime.timedelta(days=30 * months)
        tracks.append(
            Track(
                employee_id=employee_id,
                route=route,
                status=Track.Status.ACTIVE if is_open else Track.Status.COMPLETED,
                start_date=begin,
                planned_end=end,
                completed_on=None if is_open else end,
                institution=MARKER,
                credits_required=route.credits_required or 0,
                credits_earned=(route.credits_required or 0) // (2 if is_open else 1),
                areas_required=route.assessment_areas or 0,
                areas_done=(route.assessment_areas or 0) // (2 if is_open else 1),
                registration_deadline=(
                    start + datetime.timedelta(days=30 * (route.registration_deadline_months or 12))
                ),
                cost_tuition=Decimal(route.typical_cost or 0),
                cost_exam=Decimal("350.00"),
                cost_materials=Decimal("120.00"),
            )
        )
    created = Track.objects.bulk_create(tracks, batch_size=BATCH)
    TrackMilestone.objects.bulk_create(
        [
            TrackMilestone(
                track_id=track.pk,
                order=m.order,
                name=m.name,
                planned_date=track.start_date + datetime.timedelta(days=m.offset_days),
                done_on=(
                    track.start_date + datetime.timedelta(days=m.offset_days)
                    if track.start_date + datetime.timedelta(days=m.offset_days) < today
                    else None
                ),
            )
            for track in created
            for m in milestones[track.route_id]
        ],
        batch_size=BATCH,
    )

    # Weighting tables for organisations without one.
    have = set(WeightingTable.objects.values_list("organisation_id", flat=True))
    WeightingTable.objects.bulk_create(
        [
            WeightingTable(organisation_id=pk)
            for pk in Organisation.objects.exclude(pk__in=have).values_list("pk", flat=True)
        ]
    )
    new_tables = WeightingTable.objects.exclude(organisation_id__in=have)
    WeightedTask.objects.bulk_create(
        [
            WeightedTask(
                table=table,
                name=name,
                category=category,
                unsafe=unsafe,
                responsibility=responsibility,
                complexity=complexity,
                impact=impact,
            )
            for table in new_tables
            for name, category, unsafe, responsibility, complexity, impact in JEUGDBESCHERMING_TASKS
        ],
        batch_size=BATCH,
    )
    tasks = defaultdict(list)
    for task in WeightedTask.objects.select_related("table").order_by("pk"):
        tasks[task.table.organisation_id].append(task)
    responsible = defaultdict(list)
    for pk, org_id in Employee.objects.filter(
        is_side_entrant=False, skj_registration_date__isnull=False
    ).values_list("pk", "organisation_id"):
        responsible[org_id].append(pk)

    # Logged tasks: the demo side-entrant first, then round robin over the others.
    demo = Employee.objects.filter(email__startswith=DEMO_SIDE_ENTRANT_EMAIL).first()
    missing = max(0, TARGET_TASKS - TaskLogEntry.objects.count())
    people = list(
        Employee.objects.filter(is_side_entrant=True)
        .exclude(pk=getattr(demo, "pk", None))
        .filter(organisation_id__in=list(tasks))
        .order_by("pk")
        .values_list("pk", "organisation_id")
    )
    own = 0
    if demo is not None and demo.organisation_id in tasks:
        own = max(0, DEMO_SIDE_ENTRANT_TASKS - demo.task_log.count())
    slots = [(demo.pk, demo.organisation_id)] * min(own, missing) if own else []
    slots += [people[k % len(people)] for k in range(missing - len(slots))] if people else []
    entries = []
    for employee_id, org_id in slots:
        task = tasks[org_id][rng.randrange(len(tasks[org_id]))]
        alone = rng.random() < 0.35 or not responsible.get(org_id)
        entries.append(
            TaskLogEntry(
                employee_id=employee_id,
                task=task,
                date=today - datetime.timedelta(days=rng.randint(0, 400)),
                level=Level.INDEPENDENT if alone else Level.UNDER_RESPONSIBILITY,
                category=task.category,
                responsible_id=None if alone else rng.choice(responsible[org_id]),
            )
        )
    TaskLogEntry.objects.bulk_create(entries, batch_size=BATCH)
    ctx.write(
        f"training (large): {Track.objects.count()} tracks, "
        f"{TaskLogEntry.objects.count()} logged tasks"
    )
