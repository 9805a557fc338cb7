from celery import shared_task

from . import services


@shared_task(time_limit=300, soft_time_limit=270)
def send_rotation_reminders() -> int:
    """Daily: remind trainee, mentors and HR contacts 4 weeks and 1 week before a rotation."""
    return services.rotation_reminders_send()
