"""Importing applications from a CSV/XLSX file, in batches, in the background."""

import datetime
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .. import import_limits, route_advice
from ..import_limits import ImportLimitError
from ..models import (
    Application,
    Campaign,
    Candidate,
    ImportJob,
    Stage,
    StageChange,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def import_job_create(*, campaign: Campaign, upload, created_by) -> ImportJob:
    """Store the uploaded file and queue the import (after commit)."""

    job = ImportJob(campaign=campaign, original_name=upload.name[:200], created_by=created_by)
    job.file.save(upload.name, upload, save=False)
    job.save()
    transaction.on_commit(lambda: _queue_import(job.pk))
    return job


def _queue_import(job_id: int) -> None:
    """Hand the job to Celery; when the broker is down the job waits for the sweep."""
    from ..tasks import import_applications

    try:
        import_applications.delay(job_id)
    except Exception:  # broker unreachable: the job stays pending, nothing is lost
        logger.warning("could not queue import %s; the sweep will start it", job_id, exc_info=True)


# A pending job not started within this time was never queued (broker down); a running
# job without a committed batch for this long lost its worker. Both are (re)started.
PENDING_GRACE = datetime.timedelta(minutes=2)
STALE_AFTER = datetime.timedelta(minutes=20)


def import_jobs_resume(*, now: datetime.datetime | None = None) -> int:
    """The sweep (Celery beat): queue imports that were never queued or lost their worker.

    A resumed job goes on after its last committed batch, so no row is stored twice.
    """
    now = now or timezone.now()
    Status = ImportJob.Status
    # Only pending and running jobs: a failed job (unreadable, over a limit) stays failed.
    stalled = ImportJob.objects.filter(
        Q(status=Status.PENDING, created_at__lt=now - PENDING_GRACE) | _lost(now)
    )
    # A job whose worker died on it time after time would only kill the next one.
    for job in stalled.filter(attempts__gte=import_limits.MAX_ATTEMPTS):
        _fail(job, ImportJob.Failure.GAVE_UP)
    ids = list(
        stalled.filter(attempts__lt=import_limits.MAX_ATTEMPTS)
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    for job_id in ids:
        _queue_import(job_id)
    return len(ids)


def _lost(now: datetime.datetime) -> Q:
    """Running jobs without a committed batch for STALE_AFTER: their worker is gone."""
    Status = ImportJob.Status
    return Q(status=Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER) | Q(
        status=Status.RUNNING, heartbeat_at__isnull=True, created_at__lt=now - STALE_AFTER
    )


IMPORT_BATCH = 500


@transaction.atomic
def applications_import_batch(*, campaign: Campaign, rows: list[tuple[int, dict]]) -> list[dict]:
    """Store a batch of already validated rows in a handful of queries; returns rejections.

    The same rules as the public form: one application per person per campaign (also
    within the file), the same person across campaigns is one candidate, and applications
    beyond the cap go on the waiting list. The campaign row is locked for the batch.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    rejected = []
    keys = {data["email"].strip().lower() for _number, data in rows}
    existing = {
        c.email.lower(): c
        for c in Candidate.objects.annotate(key=Lower("email")).filter(key__in=keys)
    }
    applied = set(
        campaign.applications.filter(candidate__in=list(existing.values())).values_list(
            "candidate_id", flat=True
        )
    )
    in_cap = campaign.applications.filter(on_waiting_list=False).count()
    now = timezone.now()
    seen, new_candidates, planned = set(), [], []
    for number, data in rows:
        data = dict(data)
        email = data.pop("email").strip()
        key = email.lower()
        candidate = existing.get(key)
        if key in seen or (candidate is not None and candidate.pk in applied):
            rejected.append(
                {"row": number, "errors": [_("This person has already applied to this campaign.")]}
            )
            continue
        person = {
            "first_name": data.pop("first_name"),
            "last_name": data.pop("last_name"),
            "phone": data.pop("phone", "") or "",
        }
        try:
            if candidate is None:
                candidate = Candidate(email=email, **person)
                candidate.full_clean(validate_unique=False, validate_constraints=False)
                new_candidates.append(candidate)
            submitted = data.pop("submitted_at", None) or now
            application = Application(
                campaign=campaign,
                candidate=candidate,
                source=Application.Source.IMPORT,
                submitted_at=submitted,
                stage_changed_at=submitted,
                **data,
            )
            application.route_code = route_advice.for_application(application)
            application.full_clean(
                exclude=["campaign", "candidate"], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            rejected.append({"row": number, "errors": exc.messages})
            if new_candidates and new_candidates[-1] is candidate:
                new_candidates.pop()
            continue
        seen.add(key)
        full = campaign.application_cap is not None and in_cap >= campaign.application_cap
        application.on_waiting_list = full
        in_cap += 0 if full else 1
        planned.append(application)
    bulk_create_with_history(new_candidates, Candidate, batch_size=IMPORT_BATCH)
    for application in planned:
        application.candidate_id = application.candidate.pk
    bulk_create_with_history(planned, Application, batch_size=IMPORT_BATCH)
    StageChange.objects.bulk_create(
        [
            StageChange(
                application=application,
                to_stage=Stage.APPLIED,
                changed_at=application.submitted_at,
                reason=_("Imported"),
            )
            for application in planned
        ],
        batch_size=IMPORT_BATCH,
    )
    return rejected


def import_job_run(*, job_id: int, now: datetime.datetime | None = None) -> None:
    """Validate and store every row; rejected rows are reported with their reasons.

    A bad row never undoes good ones. Each batch commits together with the job's progress
    (processed rows, rejections, heartbeat), so a job whose worker died resumes after its
    last committed batch. Running a finished or actively running job does nothing.
    """
    from ..imports import ImportRowForm, read_rows

    now = now or timezone.now()
    Status = ImportJob.Status
    claimed = (
        ImportJob.objects.filter(pk=job_id, attempts__lt=import_limits.MAX_ATTEMPTS)
        .filter(Q(status=Status.PENDING) | _lost(now))
        .update(status=Status.RUNNING, heartbeat_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("campaign").get(pk=job_id)
    try:
        with job.file.open("rb") as handle:
            # Before parsing: a zip bomb or an oversized file is refused unread.
            import_limits.check_file(handle, job.original_name)
            content = handle.read()
        rows = list(read_rows(content, job.original_name))
    except ImportLimitError as exc:
        logger.warning("import %s refused: %s", job_id, exc.code)
        _fail(job, exc.code)
        return
    except SoftTimeLimitExceeded:
        _fail(job, ImportJob.Failure.TIMED_OUT)
        return
    except Exception:  # unreadable file: report it, do not crash the worker
        logger.warning("import %s could not be read", job_id, exc_info=True)
        _fail(job, ImportJob.Failure.UNREADABLE)
        return
    job.total_rows = len(rows)
    job.save(update_fields=["total_rows"])
    rejected, imported = list(job.rejected or []), job.imported_rows
    for start in range(job.processed_rows, len(rows), IMPORT_BATCH):
        valid, batch_rejected = [], []
        for number, row, problem in rows[start : start + IMPORT_BATCH]:
            if problem is not None:  # a line that could not be read at all
                batch_rejected.append({"row": number, "errors": [str(problem)]})
                continue
            form = ImportRowForm(row)
            if form.is_valid():
                valid.append((number, form.application_fields()))
            else:
                batch_rejected.append(
                    {
                        "row": number,
                        "errors": [
                            f"{form.fields[f].label if f in form.fields else ''}: {m}"
                            for f, msgs in form.errors.items()
                            for m in msgs
                        ],
                    }
                )
        with transaction.atomic():
            if valid:
                refused = applications_import_batch(campaign=job.campaign, rows=valid)
                batch_rejected.extend(refused)
                imported += len(valid) - len(refused)
            rejected = sorted(rejected + batch_rejected, key=lambda item: item["row"])[:1000]
            ImportJob.objects.filter(pk=job.pk).update(
                processed_rows=min(start + IMPORT_BATCH, len(rows)),
                imported_rows=imported,
                rejected=rejected,
                heartbeat_at=timezone.now(),
            )
    job.refresh_from_db()
    job.processed_rows = len(rows)
    job.imported_rows = imported
    job.rejected = rejected
    job.status = Status.DONE
    job.finished_at = timezone.now()
    job.save()
    _drop_file(job)


def _fail(job: ImportJob, failure: str) -> None:
    """Mark the job failed for good (the sweep never resumes it) and drop its file."""
    job.status = ImportJob.Status.FAILED
    job.failure = failure
    # `error` keeps the reason for the admin and the log; the page words it from
    # `failure` in the reader's language.
    job.error = import_limits.failure_message(failure)[:500]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "failure", "error", "finished_at"])
    _drop_file(job)


def _drop_file(job: ImportJob) -> None:
    """The uploaded file holds applicant data: delete it once the job has finished."""
    if job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
