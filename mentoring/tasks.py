from celery import shared_task

from . import services


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def send_due_checkin_reminders() -> dict:
    """Mail mentors about due and overdue check-ins; escalate long-overdue ones (idempotent)."""
    result = services.checkin_reminders_send()
    return result.__dict__


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def request_mentor_pulses() -> int:
    """Open the mentor pulse of the current round and notify each mentor once."""
    return services.pulses_request()


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def plan_checkins_ahead() -> int:
    """Keep a year of check-ins planned for assignments that run long."""
    return services.checkins_plan_ahead()
