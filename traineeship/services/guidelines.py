"""Shared HR guidelines (versioned) and absences."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    Absence,
    Guideline,
    Programme,
    Trainee,
)
from ._base import _save


@transaction.atomic
def guideline_publish(
    *, programme: Programme, topic: str, title: str, text: str, agreed_on, agreed_by
) -> Guideline:
    """Publish a new version of a shared guideline, agreed by one or more partners."""
    agreed_by = list(agreed_by)
    if not agreed_by:
        raise ValidationError({"agreed_by": _("Choose the partners that agreed.")})
    if any(p.programme_id != programme.pk for p in agreed_by):
        raise ValidationError({"agreed_by": _("Choose one of the programme's partners.")})
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    last = (
        Guideline.objects.filter(programme=programme, topic=topic)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    guideline = _save(
        Guideline(
            programme=programme,
            topic=topic,
            title=title,
            text=text,
            agreed_on=agreed_on,
            version=(last or 0) + 1,
        )
    )
    guideline.agreed_by.set(agreed_by)
    return guideline


@transaction.atomic
def absence_record(
    *, trainee: Trainee, kind: str, start_date, end_date=None, expected_days=None, by=None
) -> Absence:
    """Record leave or sick leave: dates and expected duration only, never a cause."""
    absence = Absence(
        trainee=trainee,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        expected_days=expected_days,
    )
    if by is not None:
        absence._history_user = by
    return _save(absence)
