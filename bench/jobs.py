"""The background jobs the benchmark times over their large inputs.

Each job prepares its input inside a transaction that run.py rolls back afterwards, so
the jobs leave the pages' data alone and can run twice (once for time and queries,
once for peak memory). Budgets come from the Speed sections of the issues; a job whose
issue names no budget is measured and reported, not judged.
"""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone


@dataclass(frozen=True)
class Job:
    name: str
    issue: str
    input: str
    prepare: Callable[[], dict]
    run: Callable[[dict], object]
    budget_seconds: float | None = None
    budget_queries: int | None = None


# --- mentoring (#4): reminders over 10,000 due check-ins, bounded queries


def _reminders(context):
    from mentoring.services import checkin_reminders_send

    return checkin_reminders_send().__dict__


# --- training (#5): deadline warnings over 10,000 tracks

DEADLINE_TRACKS = 10_000


def _ten_thousand_tracks() -> dict:
    """Top the large scale's 2,000 tracks up to 10,000: new side-entrants (bulk), each on
    an active track whose registration deadline falls somewhere in the next 200 days, so
    about half of the new ones are inside the 90-day warning window."""
    import random

    from organisations.models import Employee, Team
    from training.models import Route, Track

    missing = DEADLINE_TRACKS - Track.objects.count()
    if missing <= 0:
        return {"tracks": Track.objects.count()}
    rng = random.Random(2026)  # noqa: S311 (benchmark data, not secrets)
    today = timezone.localdate()
    teams = list(Team.objects.order_by("pk").values_list("pk", "organisation_id")[:200])
    routes = list(Route.objects.filter(is_active=True).order_by("pk"))
    employees = Employee.objects.bulk_create(
        [
            Employee(
                organisation_id=teams[n % len(teams)][1],
                team_id=teams[n % len(teams)][0],
                first_name="Bench",
                last_name=f"Deadline {n}",
                email=f"bench.deadline.{n}@example.org",
                job_function="Jeugdbeschermer in opleiding",
                fte=1,
                employment_start=today - datetime.timedelta(days=300),
                is_side_entrant=True,
            )
            for n in range(missing)
        ],
        batch_size=2000,
    )
    Track.objects.bulk_create(
        [
            Track(
                employee_id=employee.pk,
                route=routes[n % len(routes)],
                status=Track.Status.ACTIVE,
                start_date=today - datetime.timedelta(days=300),
                planned_end=today + datetime.timedelta(days=200),
                institution="bench deadline",
                registration_deadline=today + datetime.timedelta(days=rng.randint(1, 200)),
            )
            for n, employee in enumerate(employees)
        ],
        batch_size=2000,
    )
    return {"tracks": Track.objects.count()}


def _deadline_warnings(context):
    from training.services import deadline_warnings_send

    return deadline_warnings_send()


# --- intake (#3): retention over 2,000 expired of 40,000 applications

EXPIRED_APPLICATIONS = 2000


def _expire_applications() -> dict:
    from intake.models import END_STAGES, Application

    ids = list(
        Application.objects.filter(stage__in=list(END_STAGES), erased_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:EXPIRED_APPLICATIONS]
    )
    Application.objects.filter(pk__in=ids).update(
        ended_at=timezone.now() - datetime.timedelta(days=400)
    )
    return {"expired": len(ids)}


def _erase_applications(context):
    from intake.services import applications_erase_expired

    return applications_erase_expired()


# --- support (#7): retention over 500 people who left more than two years ago

LEAVERS = 500


def _leavers() -> dict:
    from organisations.models import Employee

    cutoff = timezone.localdate() - datetime.timedelta(days=3 * 366)
    ids = list(
        Employee.objects.filter(
            support_trajectories__isnull=False,
            employment_start__lt=cutoff,
            employment_end__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()[:LEAVERS]
    )
    Employee.objects.filter(pk__in=ids).update(employment_end=cutoff)
    return {"leavers": len(ids)}


def _erase_trajectories(context):
    from support.services import trajectories_erase_expired

    return trajectories_erase_expired()


# --- traineeship (#6): schedule for 30 trainees over 6 partners with capacities


def _cohort_of_30() -> dict:
    from organisations.models import Employee
    from traineeship.models import Cohort, Partner, Programme, Trainee

    programme = (
        Programme.objects.filter(partners__capacity__gte=5).distinct().order_by("-pk").first()
    )
    partners = Partner.objects.filter(programme=programme)
    cohort = Cohort.objects.create(
        programme=programme,
        name="Benchmark cohort van 30",
        start_date=timezone.localdate() + datetime.timedelta(days=400),
    )
    busy = Trainee.objects.values("employee_id")
    employees = (
        Employee.objects.filter(
            organisation__in=partners.values("organisation_id"),
            is_side_entrant=False,
            user__isnull=True,
        )
        .exclude(pk__in=busy)
        .order_by("-pk")[:30]
    )
    Trainee.objects.bulk_create([Trainee(cohort=cohort, employee=e) for e in employees])
    return {"cohort": cohort}


def _generate(context):
    from traineeship.services import schedule_generate

    return f"{len(schedule_generate(cohort=context['cohort']))} rotations"


# --- intake (#3): import of 10,000 rows

IMPORT_ROWS = 10_000


def _import_file() -> dict:
    from django.contrib.auth import get_user_model

    from intake.imports import COLUMNS
    from intake.models import Campaign
    from intake.services import import_job_create

    campaign = Campaign.objects.filter(slug="bench-campagne-01").first() or (
        Campaign.objects.order_by("pk").first()
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for i in range(IMPORT_ROWS):
        writer.writerow(
            {
                "first_name": ["Anouk", "Bram", "Özlem", "Joëlle"][i % 4],
                "last_name": f"van 't Hek {i:05d}",
                "email": f"import{i:05d}@bench.example",
                "phone": f"06{20000000 + i}",
                "education_level": "hbo",
                "education_field": "sw_youth",
                "diploma": "Social Work",
                "previous_sector": "Onderwijs",
                "previous_role": "Leerkracht",
                "years_experience": i % 30,
                "years_relevant_hbo_work": i % 5,
                "motivation": "Ik wil jeugdbeschermer worden.",
                "submitted_at": "01-09-2026",
            }
        )
    upload = SimpleUploadedFile("import.csv", out.getvalue().encode(), "text/csv")
    hr = get_user_model().objects.get(username="hr")
    job = import_job_create(campaign=campaign, upload=upload, created_by=hr)
    return {"job": job}


def _import(context):
    from intake.models import ImportJob
    from intake.services import import_job_run

    import_job_run(job_id=context["job"].pk)
    job = ImportJob.objects.get(pk=context["job"].pk)
    return f"{job.imported_rows} imported, {len(job.rejected)} rejected"


JOBS = [
    Job(
        "mentoring: check-in reminders",
        "#4",
        "10,000 due check-ins, 500 mentors",
        prepare=dict,
        run=_reminders,
        budget_seconds=20,
        budget_queries=10_000,  # "not one query per check-in"
    ),
    Job(
        "training: deadline warnings",
        "#5",
        f"{DEADLINE_TRACKS:,} tracks (the large scale's 2,000 plus 8,000 added for this job)",
        prepare=_ten_thousand_tracks,
        run=_deadline_warnings,
        budget_seconds=20,
        budget_queries=DEADLINE_TRACKS // 10,  # batched: a bounded number, not one per track
    ),
    Job(
        "intake: retention (erase expired)",
        "#3",
        f"{EXPIRED_APPLICATIONS:,} expired of 40,000 applications",
        prepare=_expire_applications,
        run=_erase_applications,
    ),
    Job(
        "support: retention (erase expired)",
        "#7",
        f"{LEAVERS} leavers of 5,000 trajectories",
        prepare=_leavers,
        run=_erase_trajectories,
    ),
    Job(
        "traineeship: schedule generation",
        "#6",
        "30 trainees, 6 partners x 5 places, 6 periods",
        prepare=_cohort_of_30,
        run=_generate,
        budget_seconds=1,
    ),
    Job(
        "intake: import",
        "#3",
        f"{IMPORT_ROWS:,} CSV rows",
        prepare=_import_file,
        run=_import,
        budget_seconds=60,
    ),
]
