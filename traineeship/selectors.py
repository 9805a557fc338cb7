"""Reads of traineeship data, and who may see what (registered with organisations.access).

- HR advisors and functional admins of a partner organisation (and each partner's
  coordinator) see the programme: cohorts, trainees, rotations, contracts, funders,
  guidelines, reviews and absences. They do not see the other partners' other
  employees: only the trainees are added to their employee scope.
- A host mentor sees their current trainee and that rotation (from 4 weeks before
  it starts, the first reminder, until 8 weeks after it ends, for the end review).
- A trainee sees their own schedule, contracts, reviews, absences and the guidelines.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import access
from organisations.models import Employee
from organisations.roles import PEOPLE_EDITOR_ROLES

from .models import (
    CRITERIA,
    Absence,
    Cohort,
    Contract,
    Funder,
    Guideline,
    HostRating,
    Partner,
    Payment,
    Programme,
    Review,
    Rotation,
    Trainee,
)

MENTOR_LEAD = datetime.timedelta(days=28)
MENTOR_GRACE = datetime.timedelta(days=56)
WEEKS_PER_MONTH = Decimal("4.33")


def _authenticated(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def managed_programme_ids_q(user) -> Q:
    """Programmes in which the user is HR of a partner or a partner's coordinator."""
    hr_orgs = access.organisation_ids(user, PEOPLE_EDITOR_ROLES)
    return Q(
        pk__in=Partner.objects.filter(
            Q(organisation_id__in=hr_orgs) | Q(coordinator__user=user)
        ).values("programme_id")
    )


def can_manage_programme(user, programme: Programme) -> bool:
    """HR of a partner organisation (or its coordinator) may plan and edit the programme."""
    if not _authenticated(user):
        return False
    hr_orgs = access.organisation_ids(user, PEOPLE_EDITOR_ROLES)
    return any(
        p.organisation_id in hr_orgs or (p.coordinator and p.coordinator.user_id == user.pk)
        for p in programme.partners.all()
    )


def can_create_programme(user) -> bool:
    return _authenticated(user) and bool(access.organisation_ids(user, PEOPLE_EDITOR_ROLES))


def _mentor_window_q(user, prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(
        **{
            f"{prefix}mentor__user": user,
            f"{prefix}start_date__lte": today + MENTOR_LEAD,
            f"{prefix}end_date__gte": today - MENTOR_GRACE,
        }
    )


@access.register_scope(Programme)
def visible_programmes(user) -> QuerySet[Programme]:
    if not _authenticated(user):
        return Programme.objects.none()
    return Programme.objects.filter(managed_programme_ids_q(user))


@access.register_scope(Cohort)
def visible_cohorts(user) -> QuerySet[Cohort]:
    if not _authenticated(user):
        return Cohort.objects.none()
    return Cohort.objects.filter(programme__in=visible_programmes(user))


@access.register_scope(Trainee)
def visible_trainees(user) -> QuerySet[Trainee]:
    if not _authenticated(user):
        return Trainee.objects.none()
    mentored = Rotation.objects.filter(_mentor_window_q(user)).values("trainee_id")
    return Trainee.objects.filter(
        Q(cohort__programme__in=visible_programmes(user))
        | Q(employee__user=user)
        | Q(pk__in=mentored)
    )


@access.register_scope(Rotation)
def visible_rotations(user) -> QuerySet[Rotation]:
    if not _authenticated(user):
        return Rotation.objects.none()
    return Rotation.objects.filter(
        Q(trainee__cohort__programme__in=visible_programmes(user))
        | Q(trainee__employee__user=user)
        | _mentor_window_q(user)
    )


@access.register_scope(Contract)
def visible_contracts(user) -> QuerySet[Contract]:
    if not _authenticated(user):
        return Contract.objects.none()
    return Contract.objects.filter(
        Q(rotation__trainee__cohort__programme__in=visible_programmes(user))
        | Q(rotation__trainee__employee__user=user)
    )


@access.register_scope(Review)
def visible_reviews(user) -> QuerySet[Review]:
    if not _authenticated(user):
        return Review.objects.none()
    return Review.objects.filter(rotation__in=visible_rotations(user))


@access.register_scope(Absence)
def visible_absences(user) -> QuerySet[Absence]:
    if not _authenticated(user):
        return Absence.objects.none()
    return Absence.objects.filter(
        Q(trainee__cohort__programme__in=visible_programmes(user)) | Q(trainee__employee__user=user)
    )


@access.register_scope(Funder)
def visible_funders(user) -> QuerySet[Funder]:
    return Funder.objects.filter(programme__in=visible_programmes(user))


@access.register_scope(Payment)
def visible_payments(user) -> QuerySet[Payment]:
    return Payment.objects.filter(funder__programme__in=visible_programmes(user))


@access.register_scope(Guideline)
def visible_guidelines(user) -> QuerySet[Guideline]:
    if not _authenticated(user):
        return Guideline.objects.none()
    return Guideline.objects.filter(
        Q(programme__in=visible_programmes(user))
        | Q(programme__cohorts__trainees__in=visible_trainees(user))
    ).distinct()


@access.register_employee_scope
def traineeship_employee_scope(user) -> Q:
    """HR of a partner sees the programme's trainees; a host mentor their current trainee."""
    if not _authenticated(user):
        return Q(pk__in=[])
    return Q(
        pk__in=Trainee.objects.filter(
            Q(cohort__programme__in=visible_programmes(user))
            | Q(pk__in=Rotation.objects.filter(_mentor_window_q(user)).values("trainee_id"))
        ).values("employee_id")
    )


# --- lists and pages ---------------------------------------------------------------------


def programme_list(*, user) -> QuerySet[Programme]:
    """The programmes the user manages, with their partners and counts."""
    return (
        visible_programmes(user)
        .annotate(
            cohort_count=Count("cohorts", distinct=True),
            trainee_count=Count("cohorts__trainees", distinct=True),
        )
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.select_related("organisation"))
        )
        .order_by("name")
    )


def own_trainees(*, user) -> QuerySet[Trainee]:
    """The user's own traineeships (as trainee) and the trainees they currently host."""
    if not _authenticated(user):
        return Trainee.objects.none()
    mentored = Rotation.objects.filter(_mentor_window_q(user)).values("trainee_id")
    return (
        Trainee.objects.filter(Q(employee__user=user) | Q(pk__in=mentored))
        .select_related("employee", "cohort__programme")
        .order_by("cohort__start_date")
    )


def programme_detail(*, programme: Programme) -> dict:
    """Partners, cohorts (with trainee counts), guidelines in force and funders of a programme."""
    partners = list(
        programme.partners.select_related("organisation", "coordinator").prefetch_related(
            "blocked_periods"
        )
    )
    cohorts = list(
        programme.cohorts.annotate(trainee_count=Count("trainees")).order_by("-start_date")
    )
    outcomes = dict(
        Trainee.objects.filter(cohort__programme=programme)
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "partners": partners,
        "cohorts": cohorts,
        "outcomes": [
            {"label": label, "count": outcomes.get(value, 0)}
            for value, label in Trainee.Outcome.choices
        ],
        "guidelines": guidelines_in_force(programme_id=programme.pk),
        "funders": list(programme.funders.all()),
    }


def guidelines_in_force(*, programme_id: int, day: datetime.date | None = None) -> list[Guideline]:
    """The latest agreed version of every guideline topic on `day`.

    Each guideline gets `agreed_partners` (partners with their organisation). Always two
    queries, whether or not the programme has guidelines: a prefetch would be skipped
    when there are none, and a page's query count must not depend on its data.
    """
    day = day or timezone.localdate()
    rows = list(
        Guideline.objects.filter(programme_id=programme_id, agreed_on__lte=day).order_by(
            "topic", "-version"
        )
    )
    latest = {}
    for guideline in rows:
        latest.setdefault(guideline.topic, guideline)
    agreed = defaultdict(list)
    links = (
        Guideline.agreed_by.through.objects.filter(
            guideline__programme_id=programme_id, guideline__agreed_on__lte=day
        )
        .select_related("partner__organisation")
        .order_by("partner__organisation__name")
    )
    for link in links:
        agreed[link.guideline_id].append(link.partner)
    for guideline in latest.values():
        guideline.agreed_partners = agreed[guideline.pk]
    return list(latest.values())


def cohort_plan(*, cohort: Cohort) -> dict:
    """The cohort's plan as a grid: one row per trainee, one cell per period."""
    periods = cohort.periods()
    trainees = list(
        cohort.trainees.select_related("employee", "employee__organisation").prefetch_related(
            Prefetch(
                "rotations",
                queryset=Rotation.objects.select_related(
                    "partner__organisation", "team", "mentor"
                ).order_by("start_date"),
            )
        )
    )
    rows = []
    load = defaultdict(lambda: defaultdict(int))
    for trainee in trainees:
        cells = []
        rotations = list(trainee.rotations.all())
        for number, start, end in periods:
            here = [r for r in rotations if r.start_date <= end and r.end_date >= start]
            for rotation in here:
                load[rotation.partner_id][number] += 1
            cells.append(here)
        rows.append({"trainee": trainee, "cells": cells, "rotations": rotations})
    partners = list(cohort.programme.partners.select_related("organisation"))
    loads = [{"partner": p, "counts": [load[p.pk][n] for n, _s, _e in periods]} for p in partners]
    return {"periods": periods, "rows": rows, "loads": loads, "partners": partners}


def trainee_page(*, trainee: Trainee, user) -> dict:
    """Everything on a trainee's page that the user may see."""
    rotations = list(
        visible_rotations(user)
        .filter(trainee=trainee)
        .select_related(
            "partner__organisation", "partner__coordinator", "team", "mentor", "contract"
        )
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.order_by("held_on")),
        )
        .order_by("start_date")
    )
    ratings = {
        r.rotation_id: r for r in HostRating.objects.filter(rotation__in=[r.pk for r in rotations])
    }
    for rotation in rotations:
        rotation.host_rating_obj = ratings.get(rotation.pk)
    return {
        "rotations": rotations,
        "reviews": [review for rotation in rotations for review in rotation.reviews.all()],
        "absences": list(visible_absences(user).filter(trainee=trainee)),
        "guidelines": guidelines_in_force(programme_id=trainee.cohort.programme_id),
    }


def criteria_series(reviews) -> dict:
    """Chart data: labels (review date and moment) and one average per criterion per review."""
    reviews = sorted(reviews, key=lambda r: (r.held_on, r.pk))
    labels = [r.held_on.strftime("%d-%m-%Y") for r in reviews]
    return {
        "labels": labels,
        "series": [
            {"key": name, "label": str(label), "values": [getattr(r, name) for r in reviews]}
            for name, label in CRITERIA
        ],
    }


def cohort_criteria(*, cohort: Cohort) -> dict:
    """Average score per criterion per period over the cohort's reviews (chart and table)."""
    periods = cohort.periods()
    reviews = list(
        Review.objects.filter(rotation__trainee__cohort=cohort).values(
            "rotation__start_date", *[name for name, _l in CRITERIA]
        )
    )
    rows = []
    for number, start, end in periods:
        here = [r for r in reviews if start <= r["rotation__start_date"] <= end]
        averages = [
            (round(Decimal(sum(r[name] for r in here)) / len(here), 1) if here else None)
            for name, _label in CRITERIA
        ]
        rows.append(
            {"number": number, "start": start, "end": end, "averages": averages, "n": len(here)}
        )
    return {
        "rows": rows,
        "labels": [_("Period %(number)s") % {"number": n} for n, _s, _e in periods],
        "series": [
            {
                "key": name,
                "label": str(label),
                "values": [
                    float(row["averages"][i]) if row["averages"][i] is not None else None
                    for row in rows
                ],
            }
            for i, (name, label) in enumerate(CRITERIA)
        ],
    }


# --- budget ---------------------------------------------------------------------------------


def rotation_cost(contract: Contract, partner: Partner) -> dict:
    """Wage cost and employer charges of one rotation from its contract."""
    return _cost(
        contract.start_date,
        contract.end_date,
        contract.hours_per_week,
        partner.hourly_cost,
        partner.employer_charges_pct,
    )


def _cost(start, end, hours_per_week, hourly_cost, charges_pct) -> dict:
    months = Decimal((end - start).days + 1) / Decimal("30.4375")
    hours = hours_per_week * WEEKS_PER_MONTH * months
    wages = (hours * hourly_cost).quantize(Decimal("0.01"))
    charges = (wages * charges_pct / 100).quantize(Decimal("0.01"))
    return {
        "hours": hours.quantize(Decimal("1")),
        "wages": wages,
        "charges": charges,
        "total": wages + charges,
    }


def programme_budget(*, programme: Programme, page=None, page_size: int | None = None) -> dict:
    """Cost per rotation (contract hours x hourly cost + employer charges) against funding.

    The totals cover every rotation with a contract, from one light query of the cost
    inputs; `lines` (with the rotation objects) are only those of page `page` when
    `page_size` is given (`page` is the Paginator page, garbage-proof), else all of them.
    Always four queries, however many rotations.
    """
    rotations = Rotation.objects.filter(
        trainee__cohort__programme=programme, contract__isnull=False
    ).order_by("trainee__cohort__start_date", "trainee__employee__last_name", "start_date", "pk")
    inputs = list(
        rotations.values_list(
            "pk",
            "contract__start_date",
            "contract__end_date",
            "contract__hours_per_week",
            "partner__hourly_cost",
            "partner__employer_charges_pct",
        )
    )
    costs = {row[0]: _cost(*row[1:]) for row in inputs}
    total_wages = sum((c["wages"] for c in costs.values()), Decimal("0"))
    total_charges = sum((c["charges"] for c in costs.values()), Decimal("0"))
    paginator = Paginator(inputs, page_size or max(len(inputs), 1))
    current = paginator.get_page(page)
    offset = (current.number - 1) * paginator.per_page
    shown = rotations.select_related(
        "contract", "partner__organisation", "trainee__employee", "trainee__cohort"
    )[offset : offset + paginator.per_page]
    lines = [
        {"rotation": rotation, "contract": rotation.contract, **costs[rotation.pk]}
        for rotation in shown
        if rotation.pk in costs
    ]
    total = total_wages + total_charges
    funders = list(programme.funders.all())
    paid = defaultdict(Decimal)
    for funder_id, amount in Payment.objects.filter(funder__programme=programme).values_list(
        "funder_id", "amount"
    ):
        paid[funder_id] += amount
    funding_rows = []
    total_funding = total_received = Decimal("0")
    for funder in funders:
        base = {
            Funder.Covers.WAGES: total_wages,
            Funder.Covers.CHARGES: total_charges,
        }.get(funder.covers, total)
        pledged = (
            funder.amount
            if funder.amount is not None
            else (base * funder.share_pct / 100).quantize(Decimal("0.01"))
        )
        total_funding += pledged
        total_received += paid[funder.pk]
        funding_rows.append({"funder": funder, "pledged": pledged, "received": paid[funder.pk]})
    return {
        "lines": lines,
        "page": current,
        "total_wages": total_wages,
        "total_charges": total_charges,
        "total": total,
        "funding": funding_rows,
        "total_funding": total_funding,
        "total_received": total_received,
        "balance": total_funding - total,
        "overfunded": total_funding > total,
    }


def trainee_candidates(*, user, programme: Programme) -> QuerySet[Employee]:
    """Employees the user may add as trainee: of partners where the user is HR."""
    hr_orgs = access.organisation_ids(user, PEOPLE_EDITOR_ROLES)
    return (
        Employee.objects.filter(
            organisation_id__in=hr_orgs,
            organisation__traineeship_partnerships__programme=programme,
        )
        .exclude(traineeships__cohort__programme=programme)
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )


CANDIDATE_LIMIT = 20


def trainee_candidate_search(
    *, user, programme: Programme, query: str, limit: int = CANDIDATE_LIMIT
) -> tuple[list[Employee], bool]:
    """At most `limit` candidates whose name or email matches every word of `query`.

    Returns (matches, more): `more` says that further employees match (refine the search).
    An empty query matches nobody: the page never lists every employee of the partners.
    """
    words = query.split()[:5]
    if not words:
        return [], False
    matches = trainee_candidates(user=user, programme=programme)
    for word in words:
        word = word[:100]
        matches = matches.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    found = list(matches[: limit + 1])
    return found[:limit], len(found) > limit


def outcome_figures(*, user) -> list[dict]:
    """Retention figures per programme the user may see: trainees per final outcome.

    For dashboards: one query, counts only (no names).
    """
    rows = (
        Trainee.objects.filter(cohort__programme__in=visible_programmes(user))
        .values("cohort__programme_id", "cohort__programme__name", "outcome")
        .annotate(n=Count("pk"))
        .order_by("cohort__programme__name")
    )
    figures: dict[int, dict] = {}
    for row in rows:
        entry = figures.setdefault(
            row["cohort__programme_id"],
            {"programme": row["cohort__programme__name"], "total": 0}
            | {value or "pending": 0 for value, _label in Trainee.Outcome.choices},
        )
        entry[row["outcome"] or "pending"] += row["n"]
        entry["total"] += row["n"]
    return list(figures.values())


# --- programme evaluation (read by dashboards) ------------------------------------------

# A review "meets the success criteria" when its five scores average at least this (of 5).
SUCCESS_AVERAGE = 4


def success_share_trend(*, employee_ids, days) -> dict:
    """Per day: (share in % of the reviews up to that day that meet the success criteria,
    count, number of trainees the share rests on: the fewer of those with a review that met
    them and of those with any review).

    A review meets them when its five criteria average at least SUCCESS_AVERAGE; one query
    for all days; `employee_ids` may be a subquery. Not scoped: the caller decided.
    """
    from django.db.models import F

    total = sum((F(name) for name, _label in CRITERIA[1:]), F(CRITERIA[0][0]))
    aggregates = {}
    for i, day in enumerate(days):
        held = Q(held_on__lte=day)
        aggregates[f"met{i}"] = Count(
            "pk", filter=held & Q(criteria_total__gte=SUCCESS_AVERAGE * len(CRITERIA))
        )
        aggregates[f"n{i}"] = Count("pk", filter=held)
        aggregates[f"met_people{i}"] = Count(
            "rotation__trainee",
            filter=held & Q(criteria_total__gte=SUCCESS_AVERAGE * len(CRITERIA)),
            distinct=True,
        )
        aggregates[f"people{i}"] = Count("rotation__trainee", filter=held, distinct=True)
    row = (
        Review.objects.filter(rotation__trainee__employee_id__in=employee_ids)
        .annotate(criteria_total=total)
        .aggregate(**aggregates)
    )
    return {
        day: (
            (Decimal(row[f"met{i}"]) * 100 / row[f"n{i}"]) if row[f"n{i}"] else None,
            row[f"n{i}"],
            min(row[f"met_people{i}"], row[f"people{i}"]),
        )
        for i, day in enumerate(days)
    }
