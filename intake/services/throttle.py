"""The database counter behind the public form's rate limit while the cache is down."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import RateLimitCount


@transaction.atomic
def rate_limit_count_add(*, key: str, expires_at) -> int:
    """Add one submission to `key`'s window and return the new count; drops ended windows."""
    RateLimitCount.objects.filter(expires_at__lte=timezone.now()).delete()
    counter, _ = RateLimitCount.objects.get_or_create(key=key, defaults={"expires_at": expires_at})
    # One UPDATE, so two requests at once both count (no lost increment).
    RateLimitCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)
    return RateLimitCount.objects.values_list("count", flat=True).get(pk=counter.pk)
