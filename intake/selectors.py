"""Every non-trivial read in intake, scoped to the user; also who may do what."""

from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncDate
from django.utils import timezone

from organisations import access
from organisations.roles import Role

from . import route_advice
from .models import (
    END_STAGES,
    Application,
    Campaign,
    ErasureLog,
    Interview,
    RejectionReason,
    SelectionCriterion,
    Stage,
    StageChange,
)

# HR runs everything; practice supervisors assess (scores, interview notes); admins look.
MANAGE_ROLES = frozenset({Role.HR_ADVISOR})
ASSESS_ROLES = frozenset({Role.HR_ADVISOR, Role.PRACTICE_SUPERVISOR})
VIEW_ROLES = frozenset({Role.HR_ADVISOR, Role.PRACTICE_SUPERVISOR, Role.FUNCTIONAL_ADMIN})


@access.register_scope(Campaign)
def visible_campaigns(user) -> QuerySet[Campaign]:
    return Campaign.objects.filter(organisation_id__in=access.organisation_ids(user, VIEW_ROLES))


@access.register_scope(Application)
def visible_applications(user) -> QuerySet[Application]:
    return Application.objects.filter(
        campaign__organisation_id__in=access.organisation_ids(user, VIEW_ROLES)
    )


@access.register_scope(Interview)
def visible_interviews(user) -> QuerySet[Interview]:
    return Interview.objects.filter(
        application__campaign__organisation_id__in=access.organisation_ids(user, VIEW_ROLES)
    )


@access.register_scope(SelectionCriterion)
def visible_criteria(user) -> QuerySet[SelectionCriterion]:
    return SelectionCriterion.objects.filter(
        campaign__organisation_id__in=access.organisation_ids(user, VIEW_ROLES)
    )


def can_view_intake(user) -> bool:
    return access.has_role(user, VIEW_ROLES)


def can_manage_campaigns(user, organisation=None) -> bool:
    return access.has_role(user, MANAGE_ROLES, organisation)


def can_assess(user, organisation) -> bool:
    return access.has_role(user, ASSESS_ROLES, organisation)


# --- campaigns ---


def _count(model_filter: Q):
    return Coalesce(
        Subquery(
            Application.objects.filter(model_filter, campaign=OuterRef("pk"))
            .order_by()
            .values("campaign")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def campaign_list(*, user) -> QuerySet[Campaign]:
    """The user's campaigns with their application, waiting-list and hired counts."""
    return (
        access.scoped(user, Campaign)
        .select_related("organisation")
        .annotate(
            application_count=_count(Q(on_waiting_list=False)),
            waiting_count=_count(Q(on_waiting_list=True)),
            hired_count=_count(Q(stage=Stage.HIRED)),
        )
    )


def campaign_get(*, user, pk) -> Campaign:
    return access.get_object_for(user, Campaign, pk, queryset=campaign_list(user=user))


def public_campaign(*, slug) -> Campaign | None:
    """A published campaign by its web address (open or not), with its fill level."""
    return (
        Campaign.objects.filter(slug=slug, is_published=True)
        .select_related("organisation")
        .annotate(application_count=_count(Q(on_waiting_list=False)))
        .first()
    )


def campaign_is_full(campaign: Campaign) -> bool:
    count = getattr(campaign, "application_count", None)
    if count is None:
        count = campaign.applications.filter(on_waiting_list=False).count()
    return campaign.application_cap is not None and count >= campaign.application_cap


def rejection_reasons_for(organisation) -> QuerySet[RejectionReason]:
    return RejectionReason.objects.filter(
        Q(organisation__isnull=True) | Q(organisation=organisation), is_active=True
    )


# --- applications ---


def with_assessment(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Kept for callers: the weighted total and hard-criterion flag are stored columns now."""
    return qs


def application_list(*, user, campaign: Campaign, elsewhere: bool = True) -> QuerySet[Application]:
    """A campaign's applications with candidate, weighted total, hard-criterion flag and
    (with `elsewhere`) whether the person also applied to another campaign the user can see.

    A page of the list passes `elsewhere=False` and calls `mark_applied_elsewhere` on its
    rows: PostgreSQL plans the EXISTS as a hash over every other application (tens of
    thousands) even when only 50 rows are shown.
    """
    visible = access.scoped(user, Application)
    qs = visible.filter(campaign=campaign).select_related("candidate", "rejection_reason")
    if elsewhere:
        qs = qs.annotate(
            applied_elsewhere=Exists(
                visible.filter(candidate_id=OuterRef("candidate_id")).exclude(
                    campaign_id=campaign.pk
                )
            )
        )
    return with_assessment(qs)


def mark_applied_elsewhere(applications, *, user, campaign: Campaign) -> list[Application]:
    """Set `applied_elsewhere` on these (few) applications in one indexed query."""
    applications = list(applications)
    candidate_ids = {a.candidate_id for a in applications if a.candidate_id}
    elsewhere = set(
        access.scoped(user, Application)
        .filter(candidate_id__in=candidate_ids)
        .exclude(campaign_id=campaign.pk)
        .values_list("candidate_id", flat=True)
    )
    for application in applications:
        application.applied_elsewhere = application.candidate_id in elsewhere
    return applications


def application_get(*, user, pk) -> Application:
    return access.get_object_for(
        user,
        Application,
        pk,
        queryset=with_assessment(
            access.scoped(user, Application).select_related(
                "campaign__organisation", "candidate", "rejection_reason", "hard_override_by"
            )
        ),
    )


BOARD_CARDS_PER_COLUMN = 20
# Best first: the weighted total (unscored last), then who applied first; the pk breaks ties.
BOARD_ORDER = [F("weighted_total").desc(nulls_last=True), F("submitted_at").asc(), F("pk").asc()]


def board(*, user, campaign: Campaign) -> list[dict]:
    """The pipeline board: one column per stage with its true count and best-ranked cards.

    Three queries whatever the size of the campaign: the counts per stage (an SQL
    aggregate), the ids of the top cards of every column (a window function over the
    narrow index `application_board_rank`, filtered in SQL), and those cards with their
    candidate and whether the person also applied elsewhere. Ranking ids first keeps
    the wide rows and the candidate join out of the window over every application.
    """
    stages = [*campaign.pipeline, Stage.REJECTED, Stage.WITHDRAWN]
    columns = {stage: [] for stage in stages}
    visible = access.scoped(user, Application)
    counts = {
        row["stage"]: row["n"]
        for row in visible.filter(campaign=campaign)
        .order_by()
        .values("stage")
        .annotate(n=Count("pk"))
    }
    ranked_ids = list(
        Application.objects.filter(campaign=campaign)
        .annotate(rank=Window(RowNumber(), partition_by=[F("stage")], order_by=BOARD_ORDER))
        .filter(rank__lte=BOARD_CARDS_PER_COLUMN)
        .values_list("pk", flat=True)
    )
    cards = (
        visible.filter(campaign=campaign, pk__in=ranked_ids)
        .select_related("candidate")
        .annotate(
            applied_elsewhere=Exists(
                visible.filter(candidate_id=OuterRef("candidate_id")).exclude(
                    campaign_id=campaign.pk
                )
            )
        )
        .order_by("stage", *BOARD_ORDER)
    )
    for card in cards:
        columns.setdefault(card.stage, []).append(card)
    return [
        {
            "stage": stage,
            "label": Stage(stage).label,
            "cards": column_cards,
            "count": counts.get(stage, 0),
            "more": max(counts.get(stage, 0) - len(column_cards), 0),
            "is_end": stage in END_STAGES,
        }
        for stage, column_cards in columns.items()
    ]


def assessment(application: Application) -> dict:
    """Scores per criterion and assessor, each assessor's weighted score, total and spread."""
    criteria = list(application.campaign.criteria.all())
    scores = list(application.scores.select_related("assessor", "criterion"))
    assessors = sorted({s.assessor for s in scores}, key=lambda u: (u.get_full_name(), u.pk))
    by_key = {(s.criterion_id, s.assessor_id): s for s in scores}
    rows = []
    for criterion in criteria:
        cells = [by_key.get((criterion.pk, a.pk)) for a in assessors]
        values = [c.value for c in cells if c is not None and c.value is not None]
        rows.append(
            {
                "criterion": criterion,
                "cells": cells,
                "spread": (max(values) - min(values)) if len(values) > 1 else None,
                "failed": criterion.is_hard
                and any(c is not None and c.passed is False for c in cells),
            }
        )
    per_assessor = []
    for assessor in assessors:
        mine = [s for s in scores if s.assessor_id == assessor.pk and s.criterion.kind == "soft"]
        weight = sum(s.criterion.weight for s in mine)
        total = sum(s.value * s.criterion.weight for s in mine)
        per_assessor.append(_round(total / weight) if weight else None)
    present = [v for v in per_assessor if v is not None]
    soft_weight = sum(s.criterion.weight for s in scores if s.criterion.kind == "soft")
    soft_total = sum(s.value * s.criterion.weight for s in scores if s.criterion.kind == "soft")
    return {
        "assessors": assessors,
        "rows": rows,
        "per_assessor": per_assessor,
        "weighted_total": _round(soft_total / soft_weight) if soft_weight else None,
        "spread": _round(max(present) - min(present)) if len(present) > 1 else None,
        "fails_hard": any(r["failed"] for r in rows),
        "mine": {s.criterion_id: s for s in scores},
    }


def _round(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def other_applications(application: Application, *, user) -> list[Application]:
    """The same person's applications to other campaigns the user may see (never another
    organisation's: that an applicant applied elsewhere is not ours to know)."""
    if application.candidate_id is None:
        return []
    return list(
        access.scoped(user, Application)
        .filter(candidate_id=application.candidate_id)
        .exclude(pk=application.pk)
        .select_related("campaign")
    )


def stage_history(application: Application) -> list[StageChange]:
    return list(application.stage_changes.select_related("changed_by"))


def interviews_of(application: Application) -> list[Interview]:
    return list(application.interviews.prefetch_related("panel", "notes__author"))


def assessors_for(organisation):
    """Users who may sit on an interview panel for `organisation`."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            memberships__organisation=organisation, memberships__role__in=list(ASSESS_ROLES)
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


# --- figures ---


def funnel(*, campaign: Campaign) -> dict:
    """Anonymous figures: per day, source, stage; conversion, time per stage, rejection reasons."""
    apps = Application.objects.filter(campaign=campaign).order_by()
    per_day = list(
        apps.annotate(day=TruncDate("submitted_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    per_source = {
        row["source"]: row["n"]
        for row in apps.values("source").annotate(n=Count("pk")).order_by("-n")
    }
    per_stage = {row["stage"]: row["n"] for row in apps.values("stage").annotate(n=Count("pk"))}
    total = sum(per_stage.values())
    reached = Counter()
    durations = defaultdict(list)
    changes = StageChange.objects.filter(application__campaign=campaign).order_by(
        "application_id", "changed_at", "pk"
    )
    previous = None
    for change in changes.values("application_id", "to_stage", "changed_at"):
        reached[(change["application_id"], change["to_stage"])] = 1
        if previous and previous["application_id"] == change["application_id"]:
            seconds = (change["changed_at"] - previous["changed_at"]).total_seconds()
            durations[previous["to_stage"]].append(seconds / 86400)
        previous = change
    reached_stage = Counter(stage for (_app, stage) in reached)
    pipeline = campaign.pipeline
    conversion = []
    for index, stage in enumerate(pipeline):
        count = reached_stage.get(stage, 0) if stage != Stage.APPLIED else total
        prev_count = total if index == 0 else conversion[-1]["count"]
        conversion.append(
            {
                "stage": stage,
                "label": Stage(stage).label,
                "count": count,
                "percent": round(100 * count / prev_count) if prev_count else 0,
                "current": per_stage.get(stage, 0),
                "days": round(sum(durations[stage]) / len(durations[stage]), 1)
                if durations.get(stage)
                else None,
            }
        )
    reasons = list(
        apps.filter(stage=Stage.REJECTED)
        .values("rejection_reason__label")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return {
        "total": total,
        "per_day": per_day,
        "per_source": [(Application.Source(k).label, v) for k, v in per_source.items()],
        "per_stage": [(Stage(s).label, per_stage.get(s, 0)) for s in [*pipeline, *END_STAGES]],
        "conversion": conversion,
        "rejection_reasons": reasons,
        "erased": ErasureLog.objects.filter(campaign=campaign).count(),
        "waiting_list": apps.filter(on_waiting_list=True).count(),
    }


# --- the applicant's data ---


def application_export(application: Application) -> dict:
    """Everything stored about the applicant in this application (AVG right of access)."""
    candidate = application.candidate
    assess = assessment(application)
    return {
        "exported_at": timezone.now().isoformat(),
        "candidate": None
        if candidate is None
        else {
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "email": candidate.email,
            "phone": candidate.phone,
        },
        "application": {
            "campaign": application.campaign.title,
            "organisation": application.campaign.organisation.name,
            "submitted_at": application.submitted_at.isoformat(),
            "source": application.source,
            "stage": application.stage,
            "on_waiting_list": application.on_waiting_list,
            "consent_to_keep": application.consent_to_keep,
            "consent_at": application.consent_at.isoformat() if application.consent_at else None,
            "education_level": application.education_level,
            "education_field": application.education_field,
            "diploma": application.diploma,
            "diploma_obtained": application.diploma_obtained,
            "previous_sector": application.previous_sector,
            "previous_role": application.previous_role,
            "previous_seniority": application.previous_seniority,
            "years_experience": application.years_experience,
            "years_relevant_hbo_work": application.years_relevant_hbo_work,
            "life_experience": application.life_experience,
            "motivation": application.motivation,
            "route_advice": str(route_advice.route_label(application.route_code)),
            "has_cv": bool(application.cv),
            "rejection_reason": application.rejection_reason.label
            if application.rejection_reason
            else None,
        },
        "stage_history": [
            {
                "from": c.from_stage,
                "to": c.to_stage,
                "at": c.changed_at.isoformat(),
                "reason": c.reason,
            }
            for c in stage_history(application)
        ],
        "scores": [
            {
                "criterion": s.criterion.name,
                "value": s.value,
                "passed": s.passed,
            }
            for s in application.scores.select_related("criterion")
        ],
        "weighted_total": str(assess["weighted_total"]) if assess["weighted_total"] else None,
        "interviews": [
            {"starts_at": i.starts_at.isoformat(), "location": i.location or i.video_url}
            for i in application.interviews.all()
        ],
    }


def employee_handover(user, employee) -> dict | None:
    """The employee page's hand-over panel: what recruitment still has to arrange for a
    hire (training track, main mentor). Only for those who manage the organisation's
    campaigns; None when the employee was not hired through intake or all is done."""
    if not can_manage_campaigns(user, employee.organisation_id):
        return None
    from .models import Hire

    hire = Hire.objects.filter(employee=employee).first()
    if hire is None:
        return None
    from mentoring.models import MentorAssignment

    has_main_mentor = MentorAssignment.objects.filter(
        mentee=employee, kind=MentorAssignment.Kind.MAIN, end_date__isnull=True
    ).exists()
    todo = not hire.training_track_created or not has_main_mentor
    return {"hire": hire, "has_main_mentor": has_main_mentor, "todo": todo}


def hired_employee_ids(*, campaign_ids):
    """Employees hired through these campaigns, as a subquery (read by the dashboards'
    programmes; not scoped: the caller decided)."""
    from .models import Hire

    return Hire.objects.filter(application__campaign_id__in=campaign_ids).values("employee_id")
