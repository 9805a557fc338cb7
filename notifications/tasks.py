from celery import shared_task

from . import services


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def deliver_notifications(ids: list[int]) -> int:
    """Send the emails of these notifications (idempotent: each is claimed before sending)."""
    return services.notifications_deliver(ids=ids)


@shared_task(time_limit=300, soft_time_limit=240)
def deliver_pending_notifications() -> int:
    """Every few minutes: send emails that could not be queued (e.g. Redis was down)."""
    return services.notifications_deliver_pending()
