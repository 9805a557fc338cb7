from celery import shared_task

from .finance import services as finance_services


@shared_task(time_limit=600, soft_time_limit=540)
def send_subsidy_deadline_reminders() -> int:
    """Daily: remind managers and HR 14 and 3 days before a subsidy reporting deadline."""
    return finance_services.subsidy_reminders_send()
