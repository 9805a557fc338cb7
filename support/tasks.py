from celery import shared_task

from . import services


@shared_task(time_limit=300, soft_time_limit=280)
def erase_expired_trajectories() -> int:
    """Daily: erase support data 2 years after employment ended."""
    return services.trajectories_erase_expired()
