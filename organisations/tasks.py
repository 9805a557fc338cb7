from celery import shared_task

from . import services


@shared_task(time_limit=120, soft_time_limit=100)
def deactivate_departed_users() -> int:
    """Daily: leavers lose access the day after their employment ends."""
    return services.users_deactivate_departed()
