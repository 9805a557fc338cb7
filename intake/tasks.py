"""Celery tasks of intake: take ids, call a service."""

from celery import shared_task

from . import services


# On its own queue (CELERY_TASK_ROUTES): mails and reminders never wait behind an import.
@shared_task(time_limit=900, soft_time_limit=840, acks_late=True)
def import_applications(job_id: int) -> None:
    services.import_job_run(job_id=job_id)


@shared_task
def resume_imports() -> int:
    return services.import_jobs_resume()


@shared_task
def erase_expired_applicants() -> int:
    return services.applications_erase_expired()


@shared_task
def send_interview_reminders() -> int:
    return services.interview_reminders_send()


@shared_task
def send_application_confirmation(application_id: int, language: str = "") -> bool:
    # Confirmations now go through the notifications outbox; this drains old messages.
    return services.application_confirmation_send(application_id=application_id, language=language)
