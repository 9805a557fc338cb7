"""Progress reviews, host ratings and who may review."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import access
from organisations.roles import PEOPLE_EDITOR_ROLES

from ..models import (
    CRITERIA,
    HostRating,
    Review,
    Rotation,
)
from ._base import _save


@transaction.atomic
def review_record(
    *, rotation: Rotation, moment: str, by: str, author, held_on, notes="", **scores
) -> Review:
    """Record a mid-point or end review by the host mentor or the coordinator."""
    missing = [name for name, _label in CRITERIA if name not in scores]
    if missing:
        raise ValidationError(_("Score every criterion."))
    review = Review(
        rotation=rotation,
        moment=moment,
        by=by,
        author=author,
        held_on=held_on,
        notes=notes,
        **{name: scores[name] for name, _label in CRITERIA},
    )
    review._history_user = author
    return _save(review)


@transaction.atomic
def host_rating_record(*, rotation: Rotation, score: int, notes: str = "") -> HostRating:
    """The trainee rates the host organisation of a rotation (once; later changes update it)."""
    if rotation.start_date > timezone.localdate():
        raise ValidationError(_("You can rate a host once the rotation has started."))
    rating = HostRating.objects.filter(rotation=rotation).first() or HostRating(rotation=rotation)
    rating.score = score
    rating.notes = notes
    return _save(rating)


def review_roles(user, rotation: Rotation) -> list[str]:
    """As whom `user` may review this rotation: its host mentor and/or the host coordinator."""
    roles = []
    if rotation.mentor_id and rotation.mentor.user_id == user.pk:
        roles.append(Review.By.MENTOR)
    coordinator = rotation.partner.coordinator
    if (coordinator is not None and coordinator.user_id == user.pk) or access.has_role(
        user, PEOPLE_EDITOR_ROLES, rotation.partner.organisation_id
    ):
        roles.append(Review.By.COORDINATOR)
    return roles
