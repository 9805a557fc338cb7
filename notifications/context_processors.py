from .models import Notification


def unread_notifications(request):
    """A lazily counted badge: the query runs only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        return Notification.objects.filter(
            recipient=user, in_app=True, read_at__isnull=True
        ).count()

    return {"unread_notification_count": count}
