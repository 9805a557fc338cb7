"""Moving applications through the pipeline, hard-criterion overrides and scoring."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    END_STAGES,
    Application,
    RejectionReason,
    Score,
    SelectionCriterion,
    Stage,
    StageChange,
)
from ._common import _save, application_ref


def fails_hard_criterion(application: Application) -> bool:
    return application.scores.filter(criterion__kind="hard", passed=False).exists()


@transaction.atomic
def application_move(
    *,
    application: Application,
    to_stage: str,
    by,
    reason: str = "",
    rejection_reason: RejectionReason | None = None,
    send_rejection_email: bool = False,
) -> Application:
    """Move an application to another stage, recording who, when and why.

    Hiring goes through `application_hire`; a rejection needs a reason from the
    configured list; a candidate failing a hard criterion reaches "offer" only
    after an HR override.
    """
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=application.pk)
    )
    campaign = application.campaign
    if to_stage not in Stage.values or not campaign.allows_stage(to_stage):
        raise ValidationError(
            {
                "to_stage": _("The stage “%(stage)s” does not exist in this campaign.")
                % {"stage": to_stage}
            }
        )
    if application.is_erased:
        raise ValidationError(_("The data of this applicant has been erased."))
    if application.stage == Stage.HIRED:
        raise ValidationError(_("This candidate has been hired; the application is closed."))
    if to_stage == Stage.HIRED:
        raise ValidationError(
            {"to_stage": _("Use “Hire” on an application in the offer stage to hire someone.")}
        )
    if to_stage == application.stage:
        raise ValidationError({"to_stage": _("The application is already in this stage.")})
    if to_stage == Stage.REJECTED and rejection_reason is None:
        raise ValidationError({"rejection_reason": _("Choose a reason for the rejection.")})
    if (
        to_stage == Stage.OFFER
        and not application.hard_override_reason
        and fails_hard_criterion(application)
    ):
        raise ValidationError(
            {
                "to_stage": _(
                    "This candidate fails a hard criterion; an HR override with a written "
                    "reason is needed before an offer."
                )
            }
        )
    now = timezone.now()
    StageChange.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=to_stage,
        changed_by=by,
        changed_at=now,
        reason=reason,
    )
    application.stage = to_stage
    application.stage_changed_at = now
    application.rejection_reason = rejection_reason if to_stage == Stage.REJECTED else None
    application.ended_at = now if to_stage in END_STAGES else None
    if to_stage not in {Stage.APPLIED, *END_STAGES}:
        application.on_waiting_list = False
    _save(application)
    if to_stage == Stage.REJECTED and send_rejection_email and application.candidate:
        _mail_candidate(application, "rejection")
    return application


def _mail_candidate(application: Application, name: str) -> None:
    from notifications.outbox import email_queue

    # In the language the applicant applied in (Dutch for imported applications).
    email_queue(
        to=application.candidate.email,
        language=application.language or settings.LANGUAGE_CODE,
        kind=f"intake.{name}",
        template=f"intake/email/{name}",
        context={
            "application": application,
            "candidate": application.candidate,
            "campaign": application.campaign,
        },
        ref=application_ref(application.pk),
    )


@transaction.atomic
def application_override_hard(*, application: Application, by, reason: str) -> Application:
    """HR lets a candidate who fails a hard criterion continue, with a written reason."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Write down why (at least 10 characters).")})
    application = Application.objects.select_for_update().get(pk=application.pk)
    application.hard_override_reason = reason
    application.hard_override_by = by
    application.hard_override_at = timezone.now()
    return _save(application)


# --- scoring ---


@transaction.atomic
def score_set(
    *,
    application: Application,
    criterion: SelectionCriterion,
    assessor,
    value: int | None = None,
    passed: bool | None = None,
) -> Score:
    """Record an assessor's score; a second score for the same criterion replaces the first."""
    if criterion.campaign_id != application.campaign_id:
        raise ValidationError(_("This criterion belongs to another campaign."))
    if application.is_erased:
        raise ValidationError(_("The data of this applicant has been erased."))
    if criterion.is_hard:
        if passed is None:
            raise ValidationError({"passed": _("Say whether the requirement is met.")})
        value = None
    else:
        if value is None or not 1 <= int(value) <= 5:
            raise ValidationError({"value": _("A score is a whole number from 1 to 5.")})
        passed = None
    Application.objects.select_for_update(of=("self",)).filter(pk=application.pk).first()
    score = (
        Score.objects.select_for_update()
        .filter(application=application, criterion=criterion, assessor=assessor)
        .first()
    )
    if score is None:
        score = Score(application=application, criterion=criterion, assessor=assessor)
    score.value, score.passed = value, passed
    try:
        _save(score, exclude=["application", "criterion", "assessor"])
    except ValidationError:
        # Two tabs saved at once: the other insert won, so update that row.
        score = Score.objects.get(application=application, criterion=criterion, assessor=assessor)
        score.value, score.passed = value, passed
        score.save(update_fields=["value", "passed", "updated_at"])
    application_assessment_refresh(application=application)
    return score


def application_assessment_refresh(*, application: Application) -> None:
    """Store the weighted mean of all soft scores and whether any hard criterion failed."""
    soft = Score.objects.filter(application=application, criterion__kind="soft").aggregate(
        total=Sum(F("value") * F("criterion__weight")), weight=Sum("criterion__weight")
    )
    weighted = soft["total"] / soft["weight"] if soft["weight"] else None
    fails = Score.objects.filter(
        application=application, criterion__kind="hard", passed=False
    ).exists()
    Application.objects.filter(pk=application.pk).update(weighted_total=weighted, fails_hard=fails)
    application.weighted_total, application.fails_hard = weighted, fails
