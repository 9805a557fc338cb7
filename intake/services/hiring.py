"""Hiring a candidate into a supernumerary placement, in one transaction."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring import services as mentoring_services
from organisations import services as org_services
from organisations.models import Employee, Placement, Team
from support import services as support_services
from training import services as training_services

from ..models import (
    Application,
    Hire,
    Stage,
    StageChange,
)
from ._common import _save
from .pipeline import fails_hard_criterion


@transaction.atomic
def application_hire(
    *,
    application: Application,
    team: Team,
    start_date: datetime.date,
    fte: Decimal,
    job_function: str,
    by,
    funding_source: str = Placement.FundingSource.OWN_BUDGET,
    start_mode: str | None = None,
    supporting_role_until: datetime.date | None = None,
    intake_date: datetime.date | None = None,
    main_mentor: Employee | None = None,
) -> Hire:
    """Hire the candidate: a side-entrant Employee, a supernumerary Placement, hand-over.

    With `start_mode`, the onboarding choice of the support pyramid (directly in the
    role or first in a supporting role, and the development intake) is recorded too;
    with `main_mentor`, the mentor assignment is made (the mentoring rules apply).

    All in one transaction; the application row is locked and `Hire.application`
    is unique, so the same application can never be hired twice.
    """
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("campaign", "candidate")
        .get(pk=application.pk)
    )
    if Hire.objects.filter(application=application).exists():
        raise ValidationError(_("This candidate has already been hired."))
    if application.stage != Stage.OFFER:
        raise ValidationError(_("Only a candidate in the offer stage can be hired."))
    if application.is_erased or application.candidate is None:
        raise ValidationError(_("The data of this applicant has been erased."))
    if team.organisation_id != application.campaign.organisation_id:
        raise ValidationError({"team": _("Choose a team of the campaign's organisation.")})
    if not application.hard_override_reason and fails_hard_criterion(application):
        raise ValidationError(_("This candidate fails a hard criterion; an override is needed."))
    candidate = application.candidate
    employee = org_services.employee_create(
        organisation=application.campaign.organisation,
        team=team,
        first_name=candidate.first_name,
        last_name=candidate.last_name,
        email=candidate.email,
        job_function=job_function,
        fte=fte,
        employment_start=start_date,
        is_side_entrant=True,
        previous_sector=application.previous_sector,
        previous_role=application.previous_role,
        previous_seniority=application.previous_seniority,
    )
    placement = org_services.placement_create(
        employee=employee,
        team=team,
        start_date=start_date,
        fte=fte,
        formation_kind=Placement.FormationKind.SUPERNUMERARY,
        funding_source=funding_source,
    )
    track = training_services.track_create_for_hire(
        employee=employee,
        route_code=application.route_code or None,
        start_date=start_date,
        created_by=by,
    )
    if main_mentor is not None:
        try:
            mentoring_services.mentor_assign(
                mentee=employee, mentor=main_mentor, kind="main", start_date=start_date, by=by
            )
        except ValidationError as exc:
            raise ValidationError({"main_mentor": exc.messages}) from exc
    if start_mode:
        support_services.onboarding_record(
            employee=employee,
            start_mode=start_mode,
            supporting_role_until=supporting_role_until,
            intake_date=intake_date,
            recorded_by=by,
        )
    hire = _save(
        Hire(
            application=application,
            employee=employee,
            placement=placement,
            team=team,
            start_date=start_date,
            route_code=application.route_code,
            training_track_created=track is not None,
            hired_by=by,
        )
    )
    now = timezone.now()
    StageChange.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=Stage.HIRED,
        changed_by=by,
        changed_at=now,
        reason=_("Hired in %(team)s") % {"team": team.name},
    )
    application.stage = Stage.HIRED
    application.stage_changed_at = now
    application.ended_at = None
    _save(application)
    return hire
