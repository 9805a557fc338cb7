"""Demo training data: Sanne Mulder's 45 EC track, weighting tables, task log, learning plan
and registration ledgers. Idempotent: running seed_demo twice creates nothing twice."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from organisations.models import Employee

from . import services
from .models import LearningActivity, LedgerEntry, TaskLogEntry, Track, WeightedTask

CASE = WeightedTask.Category.CASEWORK
ADMIN = WeightedTask.Category.ADMINISTRATIVE

# name, kind of work, unsafe, responsibility, complexity, impact
JEUGDBESCHERMING_TASKS = [
    ("Rapportage schrijven", ADMIN, 1, 1, 2, 1),
    ("Dossier bijwerken", ADMIN, 1, 1, 1, 1),
    ("Contact met school", CASE, 1, 1, 1, 2),
    ("Huisbezoek (gepland)", CASE, 2, 2, 2, 2),
    ("Casusoverleg voorbereiden", ADMIN, 1, 2, 2, 1),
    ("Gesprek met jeugdige", CASE, 2, 2, 2, 2),
    ("Veiligheidstaxatie", CASE, 3, 3, 2, 3),
    ("Rapport voor de rechtbank", CASE, 2, 3, 3, 3),
    ("Crisisinterventie", CASE, 3, 3, 3, 3),
    ("Plan van aanpak opstellen", CASE, 2, 2, 3, 2),
]
# Veilig Thuis needed its own table (seed 01): every first contact can be unsafe.
VEILIG_THUIS_TASKS = [
    ("Melding aannemen", CASE, 2, 2, 2, 2),
    ("Advies geven aan melder", CASE, 1, 2, 2, 1),
    ("Veiligheidsbeoordeling", CASE, 3, 3, 3, 3),
    ("Huisbezoek onderzoek", CASE, 3, 2, 2, 3),
    ("Overdracht naar lokaal team", CASE, 1, 2, 2, 2),
    ("Registratie in het systeem", ADMIN, 1, 1, 1, 1),
    ("Informatie opvragen bij school of huisarts", ADMIN, 1, 1, 2, 1),
    ("Radarrapportage schrijven", ADMIN, 1, 2, 2, 2),
]

SANNE_TASKS = [
    # days ago, task, responsible needed, explanation
    (2, "Rapportage schrijven", ""),
    (3, "Huisbezoek (gepland)", ""),
    (5, "Contact met school", ""),
    (8, "Gesprek met jeugdige", ""),
    (9, "Dossier bijwerken", ""),
    (12, "Casusoverleg voorbereiden", ""),
    (15, "Huisbezoek (gepland)", ""),
    (
        19,
        "Veiligheidstaxatie",
        "Samen met Jeroen uitgevoerd als leersituatie; hij nam de eindbeslissing.",
    ),
    (22, "Rapportage schrijven", ""),
    (26, "Contact met school", ""),
    (40, "Dossier bijwerken", ""),
]

SANNE_PLAN = [
    (LearningActivity.Kind.ON_THE_JOB, "Meelopen met huisbezoeken van Jeroen", 24, -40, True),
    (LearningActivity.Kind.ON_THE_JOB, "Eigen caseload van drie gezinnen", 120, 30, False),
    (LearningActivity.Kind.ON_THE_JOB, "Zelfstandig rapportage schrijven", 16, 14, False),
    (LearningActivity.Kind.SOCIAL, "Intervisie volgens de incidentmethode", 12, -10, True),
    (LearningActivity.Kind.SOCIAL, "Schaduwen bij de Raad voor de Kinderbescherming", 8, 21, False),
    (LearningActivity.Kind.SOCIAL, "Congres Jeugdbescherming", 8, 60, False),
    (LearningActivity.Kind.FORMAL, "Module Gedwongen kader (45 EC)", 20, -5, True),
    (LearningActivity.Kind.FORMAL, "Training Signs of Safety", 12, 45, False),
]


def seed_large(ctx) -> None:
    """The benchmark top-up; runs after every app's demo seed (see seed_demo)."""
    from .demo_large import seed_large as top_up

    top_up(ctx)


def seed(ctx) -> None:
    noord = ctx.organisations["Jeugdbescherming Noord"]
    vt = ctx.organisations["Veilig Thuis Groningen"]
    noord_table = _seed_table(noord, JEUGDBESCHERMING_TASKS)
    _seed_table(vt, VEILIG_THUIS_TASKS, independent_max=5, registered_only_min=9, axis_3=True)
    # The other youth-protection organisations start from the Noord table.
    for name in ("Jeugdbescherming Overijssel", "Jeugdbescherming west"):
        organisation = ctx.organisations.get(name)
        if organisation is not None and not hasattr(organisation, "weighting_table"):
            services.weighting_table_copy(source=noord_table, organisation=organisation)

    sanne = ctx.employees["sideentrant"]
    mentor = ctx.employees["mentor"]
    track = _seed_sanne_track(ctx, sanne)
    _seed_task_log(ctx, sanne, mentor, noord_table)
    _seed_plan(ctx, sanne)
    _seed_other_tracks(ctx)
    for username in ("mentor", "supervisor", "hr"):
        _seed_ledger(ctx, ctx.employees[username])
    ctx.write(
        f"training: {Track.objects.count()} tracks, {TaskLogEntry.objects.count()} logged tasks, "
        f"Sanne's registration deadline {track.registration_deadline:%d-%m-%Y}"
    )


def _seed_table(organisation, tasks, *, independent_max=6, registered_only_min=10, axis_3=False):
    table = services.weighting_table_for(organisation=organisation)
    if table.tasks.exists():
        return table
    services.weighting_table_update(
        table=table,
        independent_max=independent_max,
        registered_only_min=registered_only_min,
        registered_only_when_any_axis_3=axis_3,
    )
    for name, category, unsafe, responsibility, complexity, impact in tasks:
        services.weighted_task_create(
            table=table,
            name=name,
            category=category,
            unsafe=unsafe,
            responsibility=responsibility,
            complexity=complexity,
            impact=impact,
        )
    return table


def _seed_sanne_track(ctx, sanne):
    # The employer's condition: SKJ registration within one year of hire (the route default).
    hire = sanne.employment_start
    track = services.track_create_for_hire(
        employee=sanne, route_code="45ec", start_date=hire, created_by=ctx.users["hr"]
    )
    if track.credits_earned == 0:
        track = services.track_update(
            track=track,
            credits_earned=10,
            cost_exam=Decimal("250.00"),
            cost_materials=Decimal("180.00"),
            cost_study_time=Decimal("0.00"),
            paid_by=Track.Payer.EMPLOYER,
        )
    for milestone in track.milestones.order_by("order"):
        if milestone.done_on is not None:
            continue
        if milestone.planned_date is None or milestone.planned_date > ctx.today:
            break
        services.milestone_complete(
            milestone=milestone,
            done_on=milestone.planned_date,
            note="",
            done_by=ctx.users["supervisor"],
        )
    return track


def _seed_task_log(ctx, sanne, mentor, table):
    if TaskLogEntry.objects.filter(employee=sanne).exists():
        return
    tasks = {task.name: task for task in table.tasks.all()}
    for index, (days_ago, name, explanation) in enumerate(SANNE_TASKS):
        task = tasks[name]
        level = table.level_for(task)
        entry = services.task_log_create(
            employee=sanne,
            task=task,
            date=ctx.today - datetime.timedelta(days=days_ago),
            responsible=mentor if level != "independent" else None,
            explanation=explanation,
            created_by=ctx.users["sideentrant"],
        )
        if index >= 3:  # the most recent ones still wait for the mentor
            for signer in ("mentor", "supervisor"):
                try:
                    services.task_log_sign_off(entry=entry, user=ctx.users[signer])
                except ValidationError:
                    continue
                break


def _seed_plan(ctx, sanne):
    if LearningActivity.objects.filter(employee=sanne).exists():
        return
    for kind, title, hours, offset, done in SANNE_PLAN:
        planned = ctx.today + datetime.timedelta(days=offset)
        activity = services.learning_activity_create(
            employee=sanne,
            kind=kind,
            title=title,
            hours=Decimal(hours),
            planned_date=planned,
            created_by=ctx.users["supervisor"],
        )
        if done:
            services.learning_activity_complete(activity=activity, done_on=planned)


def _seed_other_tracks(ctx):
    """Side-entrants of the demo organisations on 45 EC or EVC, so lists are not empty."""
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
    for index, employee in enumerate(people):
        track = services.track_create_for_hire(
            employee=employee,
            route_code=routes[index % len(routes)],
            start_date=employee.employment_start,
            created_by=ctx.users["hr"],
        )
        if track.milestones.filter(done_on__isnull=False).exists():
            continue
        # Some milestones done, the rest planned; a few run late.
        for milestone in track.milestones.order_by("order")[: 1 + index % 3]:
            if milestone.planned_date and milestone.planned_date <= ctx.today:
                services.milestone_complete(
                    milestone=milestone, done_on=milestone.planned_date, done_by=ctx.users["hr"]
                )
    trainee = ctx.employees.get("trainee")
    if trainee is not None:
        services.track_create_for_hire(
            employee=trainee,
            route_code="evc",
            start_date=trainee.employment_start,
            created_by=None,
        )


def _seed_ledger(ctx, employee):
    if not employee.skj_registration_date or LedgerEntry.objects.filter(employee=employee).exists():
        return
    rng = ctx.rng
    for months_ago in range(1, 25, 3):
        day = ctx.today - datetime.timedelta(days=30 * months_ago)
        services.ledger_entry_create(
            employee=employee,
            kind=LedgerEntry.Kind.WORK,
            date=day,
            amount=Decimal(rng.choice([380, 400, 420])),
            description="Uren kwartaal (uit de urenregistratie)",
        )
    for day_offset, points, text in [
        (60, 8, "Training motiverende gespreksvoering"),
        (200, 12, "Module Kindermishandeling en huiselijk geweld"),
        (420, 6, "Congres Jeugdbescherming"),
    ]:
        services.ledger_entry_create(
            employee=employee,
            kind=LedgerEntry.Kind.FORMAL,
            date=ctx.today - datetime.timedelta(days=day_offset),
            amount=Decimal(points),
            description=text,
        )
    for day_offset, hours, form, text in [
        (20, "1.5", LedgerEntry.ReflectionForm.SUPERVISION, "Supervisie (individueel)"),
        (80, "2", LedgerEntry.ReflectionForm.PEER_CONSULTATION, "Casuïstiekbespreking team"),
        (150, "1.5", LedgerEntry.ReflectionForm.SUPERVISION, "Supervisie (individueel)"),
    ]:
        services.ledger_entry_create(
            employee=employee,
            kind=LedgerEntry.Kind.REFLECTION,
            reflection_form=form,
            date=ctx.today - datetime.timedelta(days=day_offset),
            amount=Decimal(hours),
            description=text,
        )
