"""Intervision sessions, recurring series and participant sign-off."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Employee, Organisation

from ..models import (
    IntervisionMethod,
    IntervisionParticipant,
    IntervisionSeries,
    IntervisionSession,
)
from ._common import MAX_FUTURE_DAYS, _check_text


def _session_validate(
    *, organisation, date, method, method_other, participants, case_owner, facilitator
):
    errors = {}
    today = timezone.localdate()
    if date > today + datetime.timedelta(days=MAX_FUTURE_DAYS):
        errors["date"] = _("This date is too far in the future.")
    if date < today - datetime.timedelta(days=5 * 366):
        errors["date"] = _("This date is too far in the past.")
    if method == IntervisionMethod.OTHER and not (method_other or "").strip():
        errors["method_other"] = _("Name the method.")
    people = list(participants)
    if not people:
        errors["participants"] = _("Choose at least one participant.")
    if any(p.organisation_id != organisation.pk for p in people):
        errors["participants"] = _("Participants must work in this organisation.")
    if case_owner is not None and case_owner.pk not in {p.pk for p in people}:
        errors["case_owner"] = _("The case owner must be one of the participants.")
    if facilitator is not None and facilitator.organisation_id != organisation.pk:
        errors["facilitator"] = _("The facilitator must work in this organisation.")
    if errors:
        raise ValidationError(errors)
    return people


@transaction.atomic
def intervision_session_create(
    *,
    organisation: Organisation,
    date: datetime.date,
    method: str,
    participants,
    duration_minutes: int = 90,
    start_time=None,
    facilitator: Employee | None = None,
    method_other: str = "",
    case_owner: Employee | None = None,
    question: str = "",
    reflection_dimension: str = "",
    agreements: str = "",
    series: IntervisionSeries | None = None,
    by=None,
) -> IntervisionSession:
    """Log (or plan) an intervision session with its participants."""
    people = _session_validate(
        organisation=organisation,
        date=date,
        method=method,
        method_other=method_other,
        participants=participants,
        case_owner=case_owner,
        facilitator=facilitator,
    )
    _check_text(question=question, agreements=agreements)
    session = IntervisionSession(
        organisation=organisation,
        series=series,
        date=date,
        start_time=start_time,
        duration_minutes=duration_minutes,
        facilitator=facilitator,
        method=method,
        method_other=method_other if method == IntervisionMethod.OTHER else "",
        case_owner=case_owner,
        question=question,
        reflection_dimension=reflection_dimension,
        agreements=agreements,
        created_by=by,
    )
    session.full_clean()
    session.save()
    IntervisionParticipant.objects.bulk_create(
        [
            IntervisionParticipant(session=session, employee=p)
            for p in {p.pk: p for p in people}.values()
        ]
    )
    return session


@transaction.atomic
def intervision_session_update(
    *, session: IntervisionSession, by=None, **fields
) -> IntervisionSession:
    """Record what happened in a (planned) session: case owner, question, dimension, agreements."""
    session = IntervisionSession.objects.select_for_update().get(pk=session.pk)
    for name, value in fields.items():
        setattr(session, name, value)
    people = list(Employee.objects.filter(intervision_participations__session=session))
    _session_validate(
        organisation=session.organisation,
        date=session.date,
        method=session.method,
        method_other=session.method_other,
        participants=people,
        case_owner=session.case_owner,
        facilitator=session.facilitator,
    )
    _check_text(question=session.question, agreements=session.agreements)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def intervision_series_create(
    *,
    organisation: Organisation,
    title: str,
    method: str,
    first_date: datetime.date,
    interval_weeks: int,
    count: int,
    participants,
    duration_minutes: int = 90,
    start_time=None,
    facilitator: Employee | None = None,
    by=None,
) -> IntervisionSeries:
    """Plan fixed recurring intervision moments: one planned session per date."""
    series = IntervisionSeries(
        organisation=organisation,
        title=title,
        method=method,
        first_date=first_date,
        interval_weeks=interval_weeks,
        count=count,
        duration_minutes=duration_minutes,
        start_time=start_time,
        facilitator=facilitator,
    )
    series.full_clean()
    last = first_date + datetime.timedelta(weeks=interval_weeks * (count - 1))
    if last > timezone.localdate() + datetime.timedelta(days=2 * 366):
        raise ValidationError({"count": _("The series reaches more than two years ahead.")})
    series.save()
    people = list(participants)
    for index in range(count):
        intervision_session_create(
            organisation=organisation,
            date=first_date + datetime.timedelta(weeks=interval_weeks * index),
            method=method,
            method_other=_("see series") if method == IntervisionMethod.OTHER else "",
            participants=people,
            duration_minutes=duration_minutes,
            start_time=start_time,
            facilitator=facilitator,
            series=series,
            by=by,
        )
    return series


@transaction.atomic
def participant_sign_off(*, participant: IntervisionParticipant, by) -> IntervisionParticipant:
    """Sign a participant off as present; counts their reflection hours. Only once."""
    if participant.session.date > timezone.localdate():
        raise ValidationError(_("A session can only be signed off once it has taken place."))
    updated = IntervisionParticipant.objects.filter(
        pk=participant.pk, signed_off_at__isnull=True
    ).update(signed_off_at=timezone.now(), signed_off_by=by)
    if not updated:
        raise ValidationError(
            _("%(name)s has already been signed off.") % {"name": participant.employee.full_name}
        )
    participant.refresh_from_db()
    return participant
