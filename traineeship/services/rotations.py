"""Rotations: capacity, overlap, plan generation and editing, contracts, host mentors."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from organisations.models import Employee, Organisation, Team

from .. import planning
from ..models import (
    BlockedPeriod,
    Cohort,
    Contract,
    Partner,
    Review,
    Rotation,
    Trainee,
)
from ._base import DEFAULT_HOURS, _fmt, _save
from .reminders import rotation_changed_notify


def _lock_partners(partner_ids) -> None:
    """Serialise every write that could over-fill these partners (capacity rule)."""
    list(Partner.objects.select_for_update().filter(pk__in=sorted(set(partner_ids))))


def _peak_load(partner: Partner, start, end, exclude_ids=()) -> int:
    """The most trainees `partner` hosts on any one day in [start, end] (other rotations)."""
    others = list(
        Rotation.objects.filter(partner=partner, start_date__lte=end, end_date__gte=start)
        .exclude(pk__in=list(exclude_ids))
        .values_list("start_date", "end_date")
    )
    days = {start} | {s for s, _e in others if s > start}
    return max((sum(1 for s, e in others if s <= d <= e) for d in days), default=0)


def _check_rotation(rotation: Rotation, exclude_ids=()) -> None:
    """Capacity and blocked periods of the host; the caller holds the partner lock."""
    partner = rotation.partner
    if _peak_load(partner, rotation.start_date, rotation.end_date, exclude_ids) >= partner.capacity:
        raise ValidationError(
            _(
                "%(partner)s can host %(capacity)s trainee(s) at a time and is full "
                "between %(start)s and %(end)s."
            )
            % {
                "partner": partner,
                "capacity": partner.capacity,
                "start": _fmt(rotation.start_date),
                "end": _fmt(rotation.end_date),
            }
        )
    block = partner.blocked_periods.filter(
        start_date__lte=rotation.end_date, end_date__gte=rotation.start_date
    ).first()
    if block:
        raise ValidationError(
            _("%(partner)s hosts no trainees from %(start)s to %(end)s.")
            % {"partner": partner, "start": _fmt(block.start_date), "end": _fmt(block.end_date)}
        )


def _default_contract(rotation: Rotation, number: str) -> Contract:
    return Contract(
        rotation=rotation,
        number=number,
        hours_per_week=DEFAULT_HOURS,
        cao=rotation.partner.organisation.cao_name or _("not set"),
        start_date=rotation.start_date,
        end_date=rotation.end_date,
    )


@transaction.atomic
def rotation_create(
    *,
    trainee: Trainee,
    partner: Partner,
    start_date,
    end_date,
    team: Team | None = None,
    mentor: Employee | None = None,
    contract_number: str = "",
) -> Rotation:
    """Plan one rotation with its own contract; checks overlap, capacity and blocked dates."""
    if partner.programme_id != trainee.cohort.programme_id:
        raise ValidationError(_("Choose one of the programme's partners."))
    _lock_partners([partner.pk])
    Trainee.objects.select_for_update().filter(pk=trainee.pk).first()
    rotation = Rotation(
        trainee=trainee,
        partner=partner,
        team=team,
        start_date=start_date,
        end_date=end_date,
        mentor=mentor,
    )
    rotation.full_clean()
    if Rotation.objects.filter(
        trainee=trainee, start_date__lte=end_date, end_date__gte=start_date
    ).exists():
        raise ValidationError(_("This trainee already has a rotation in that period."))
    _check_rotation(rotation)
    _save(rotation)
    number = contract_number or f"TR-{trainee.cohort_id}-{trainee.pk}-{rotation.pk}"
    _save(_default_contract(rotation, number))
    return rotation


def _period_caps(cohort: Cohort, partners: list[Partner]) -> list[list[int]]:
    """What each partner can still take in each period of the cohort (other cohorts count)."""
    periods = cohort.periods()
    first, last = periods[0][1], periods[-1][2]
    existing = list(
        Rotation.objects.filter(partner__in=partners, start_date__lte=last, end_date__gte=first)
        .exclude(trainee__cohort=cohort)
        .values_list("partner_id", "start_date", "end_date")
    )
    blocks = list(
        BlockedPeriod.objects.filter(
            partner__in=partners, start_date__lte=last, end_date__gte=first
        ).values_list("partner_id", "start_date", "end_date")
    )
    caps = []
    for partner in partners:
        row = []
        for _number, start, end in periods:
            if any(p == partner.pk and s <= end and e >= start for p, s, e in blocks):
                row.append(0)
                continue
            used = sum(1 for p, s, e in existing if p == partner.pk and s <= end and e >= start)
            row.append(max(partner.capacity - used, 0))
        caps.append(row)
    return caps


def _explain(error: planning.PlanningError, cohort, partners, caps, n) -> str:
    periods = cohort.periods()
    if error.period is not None:
        number, start, end = periods[error.period]
        room = sum(min(row[error.period], n) for row in caps)
        return _(
            "Period %(number)s (%(start)s – %(end)s) is short: the partners can host "
            "%(room)s trainee(s) then, the cohort has %(n)s. Raise a capacity or lift a "
            "blocked period."
        ) % {"number": number, "start": _fmt(start), "end": _fmt(end), "room": room, "n": n}
    if error.partner is not None:
        room = sum(min(c, n) for c in caps[error.partner])
        return _(
            "%(partner)s can host %(room)s trainee(s) over the whole programme, but every one "
            "of the %(n)s trainees must visit it once."
        ) % {"partner": partners[error.partner], "room": room, "n": n}
    return _(
        "The capacities and blocked periods leave no plan in which every trainee visits "
        "every partner once. Raise a capacity or lift a blocked period."
    )


@transaction.atomic
def schedule_generate(*, cohort: Cohort, replace: bool = False, changed_by=None) -> list[Rotation]:
    """Generate the cohort's rotations: every trainee visits every partner once, balanced.

    Partners are locked first, so two generations (or a generation and an edit) cannot
    over-fill a partner. With `replace`, an existing plan without reviews is replaced.
    """
    programme = cohort.programme
    partners = list(
        Partner.objects.select_for_update()
        .filter(programme=programme)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    trainees = list(
        Trainee.objects.select_for_update().filter(cohort=cohort).select_related("employee")
    )
    if not trainees:
        raise ValidationError(_("Add trainees to the cohort first."))
    if len(partners) != programme.period_count:
        raise ValidationError(
            _(
                "The programme has %(periods)s rotation periods but %(partners)s partners; "
                "every trainee visits every partner once, so these must be equal."
            )
            % {"periods": programme.period_count, "partners": len(partners)}
        )
    existing = Rotation.objects.filter(trainee__cohort=cohort)
    if existing.exists():
        if not replace:
            raise ValidationError(_("This cohort already has a plan."))
        if Review.objects.filter(rotation__trainee__cohort=cohort).exists():
            raise ValidationError(
                _("The plan already has reviews; edit the rotations one by one instead.")
            )
        existing.delete()
    caps = _period_caps(cohort, partners)
    try:
        plan = planning.generate(len(trainees), caps)
    except planning.PlanningError as error:
        raise ValidationError(_explain(error, cohort, partners, caps, len(trainees))) from error
    periods = cohort.periods()
    first_team = {}
    for team in Team.objects.filter(
        organisation__in=[p.organisation_id for p in partners]
    ).order_by("organisation_id", "name"):
        first_team.setdefault(team.organisation_id, team)
    rotations = []
    for trainee, assignment in zip(trainees, plan, strict=True):
        for (_number, start, end), j in zip(periods, assignment, strict=True):
            partner = partners[j]
            rotation = Rotation(
                trainee=trainee,
                partner=partner,
                team=first_team.get(partner.organisation_id),
                start_date=start,
                end_date=end,
            )
            rotations.append(rotation)
    try:
        rotations = bulk_create_with_history(rotations, Rotation, default_user=changed_by)
    except IntegrityError as exc:
        raise ValidationError(_("This trainee already has a rotation in that period.")) from exc
    if rotations[0].pk is None:  # backends without RETURNING ids
        rotations = list(Rotation.objects.filter(trainee__cohort=cohort).select_related("partner"))
    bulk_create_with_history(
        [
            _default_contract(rotation, f"TR-{cohort.pk}-{rotation.trainee_id}-{rotation.pk}")
            for rotation in rotations
        ],
        Contract,
        default_user=changed_by,
    )
    return rotations


@dataclass
class RotationChange:
    rotation: Rotation
    partner: Partner
    team: Team | None
    mentor: Employee | None
    start_date: datetime.date
    end_date: datetime.date


@transaction.atomic
def schedule_update(*, trainee: Trainee, changes: list[RotationChange], changed_by=None):
    """Edit a trainee's plan as a whole: no overlaps, no gaps, capacity, host mentor and team.

    Contracts whose dates matched the old rotation follow the new dates; the people
    concerned are notified of every rotation that changed.
    """
    programme_id = trainee.cohort.programme_id
    partner_ids = {c.partner.pk for c in changes} | {c.rotation.partner_id for c in changes}
    _lock_partners(partner_ids)
    Trainee.objects.select_for_update().filter(pk=trainee.pk).first()
    ordered = sorted(changes, key=lambda c: c.start_date)
    for change in ordered:
        if change.rotation.trainee_id != trainee.pk:
            raise ValidationError(_("This rotation belongs to another trainee."))
        if change.partner.programme_id != programme_id:
            raise ValidationError(_("Choose one of the programme's partners."))
        if change.end_date < change.start_date:
            raise ValidationError(
                _("The rotation at %(partner)s cannot end before it starts.")
                % {"partner": change.partner}
            )
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start_date <= before.end_date:
            raise ValidationError(
                _("The rotations at %(a)s and %(b)s overlap.")
                % {"a": before.partner, "b": after.partner}
            )
        if after.start_date != before.end_date + datetime.timedelta(days=1):
            raise ValidationError(
                _(
                    "There is a gap between the rotation at %(a)s (until %(end)s) and the one "
                    "at %(b)s (from %(start)s)."
                )
                % {
                    "a": before.partner,
                    "b": after.partner,
                    "end": _fmt(before.end_date),
                    "start": _fmt(after.start_date),
                }
            )
    own_ids = [c.rotation.pk for c in changes]
    changed = []
    for change in ordered:
        rotation = change.rotation
        old = (rotation.partner_id, rotation.team_id, rotation.mentor_id)
        old_dates = (rotation.start_date, rotation.end_date)
        new = (change.partner.pk, change.team.pk if change.team else None)
        new = (*new, change.mentor.pk if change.mentor else None)
        if old == new and old_dates == (change.start_date, change.end_date):
            continue
        old_mentor = rotation.mentor
        rotation.partner = change.partner
        rotation.team = change.team
        rotation.mentor = change.mentor
        rotation.start_date = change.start_date
        rotation.end_date = change.end_date
        try:
            rotation.full_clean()
        except ValidationError as exc:
            raise ValidationError([f"{change.partner}: {m}" for m in exc.messages]) from exc
        if old[0] != new[0] or old_dates != (change.start_date, change.end_date):
            _check_rotation(rotation, exclude_ids=own_ids)
        changed.append((rotation, old_dates, old_mentor))
    # Shift dates in two steps so the overlap rule never sees a half-moved plan.
    for rotation, _old_dates, _m in changed:
        Rotation.objects.filter(pk=rotation.pk).update(
            start_date=datetime.date(1900, 1, 1) + datetime.timedelta(days=rotation.pk % 10000),
            end_date=datetime.date(1900, 1, 1) + datetime.timedelta(days=rotation.pk % 10000),
        )
    for rotation, old_dates, _m in changed:
        if changed_by is not None:
            rotation._history_user = changed_by
        _save(rotation)
        contract = Contract.objects.filter(rotation=rotation).first()
        if contract is not None:
            if (contract.start_date, contract.end_date) == old_dates:
                contract.start_date, contract.end_date = rotation.start_date, rotation.end_date
            contract.rotation = rotation
            try:
                _save(contract)
            except ValidationError as exc:
                raise ValidationError(
                    _(
                        "The contract %(number)s no longer covers the rotation at "
                        "%(partner)s: %(error)s"
                    )
                    % {
                        "number": contract.number,
                        "partner": rotation.partner,
                        "error": " ".join(exc.messages),
                    }
                ) from exc
    for rotation, _old_dates, old_mentor in changed:
        rotation_changed_notify(rotation=rotation, extra=[old_mentor])
    return [rotation for rotation, _d, _m in changed]


@transaction.atomic
def contract_update(*, contract: Contract, changed_by=None, **fields) -> Contract:
    """Change a rotation's contract (number, hours, cao, dates); it must cover the rotation."""
    for name, value in fields.items():
        setattr(contract, name, value)
    if changed_by is not None:
        contract._history_user = changed_by
    return _save(contract)


def mentor_candidates(*, organisation: Organisation):
    """Host mentor candidates: the mentor pool, or every employee when the pool is empty.

    Returns (queryset, from_pool) so the page can say which it shows.
    """
    from mentoring import selectors as mentoring_selectors

    pool = mentoring_selectors.mentor_pool(organisation=organisation)
    if pool.exists():
        return pool, True
    return Employee.objects.filter(organisation=organisation), False
