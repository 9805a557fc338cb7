from celery import shared_task

from . import services


@shared_task(time_limit=600, soft_time_limit=540)
def send_training_deadline_warnings() -> dict:
    """Daily: planned tracks whose start has come become active; then the warnings for
    registration deadlines at 90/30/7 days, overdue milestones and re-registration."""
    started = services.tracks_start_due()
    return {**services.deadline_warnings_send(), "started": started}
