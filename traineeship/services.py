"""Every write to traineeship data. Rules across rows live here; row rules on the models."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from notifications.services import notification_create, reminder_claim
from organisations import access
from organisations.models import Employee, Organisation, Team
from organisations.roles import PEOPLE_EDITOR_ROLES

from . import planning
from .models import (
    CRITERIA,
    Absence,
    BlockedPeriod,
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

DEFAULT_HOURS = Decimal("36")


def _save(obj):
    """Validate the whole object, then save it; constraint races become messages."""
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        if "rotation_no_overlap" in str(exc):
            raise ValidationError(_("This trainee already has a rotation in that period.")) from exc
        raise ValidationError(
            _("This change conflicts with existing data; reload the page and try again.")
        ) from exc
    return obj


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


# --- programmes -------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, organisations, coordinators=None, **fields) -> Programme:
    """Create a programme with two or more partner organisations."""
    organisations = list(dict.fromkeys(organisations))
    if len(organisations) < 2:
        raise ValidationError(
            {"organisations": _("A traineeship needs at least two partner organisations.")}
        )
    programme = _save(Programme(**fields))
    coordinators = coordinators or {}
    for organisation in organisations:
        partner_add(
            programme=programme,
            organisation=organisation,
            coordinator=coordinators.get(organisation.pk),
        )
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, **fields) -> Programme:
    """Change a programme's description or lengths (lengths only while no plan exists)."""
    # Compare with the stored row: a bound ModelForm has already changed the instance.
    stored = Programme.objects.filter(pk=programme.pk).values("total_months", "rotation_months")
    stored = stored.first() or {}
    lengths_changed = any(name in fields and fields[name] != stored.get(name) for name in stored)
    if lengths_changed and Rotation.objects.filter(trainee__cohort__programme=programme).exists():
        raise ValidationError(_("The lengths cannot change once rotations have been planned."))
    for name, value in fields.items():
        setattr(programme, name, value)
    return _save(programme)


@transaction.atomic
def partner_add(
    *,
    programme: Programme,
    organisation: Organisation,
    coordinator: Employee | None = None,
    capacity: int = 1,
    hourly_cost: Decimal | None = None,
    employer_charges_pct: Decimal | None = None,
) -> Partner:
    """Add a partner organisation to a programme."""
    partner = Partner(
        programme=programme, organisation=organisation, coordinator=coordinator, capacity=capacity
    )
    if hourly_cost is not None:
        partner.hourly_cost = hourly_cost
    if employer_charges_pct is not None:
        partner.employer_charges_pct = employer_charges_pct
    return _save(partner)


@transaction.atomic
def partner_update(*, partner: Partner, **fields) -> Partner:
    """Change a partner's coordinator, capacity or cost rates."""
    for name, value in fields.items():
        setattr(partner, name, value)
    return _save(partner)


@transaction.atomic
def blocked_period_add(*, partner: Partner, start_date, end_date, reason="") -> BlockedPeriod:
    """Block dates in which a partner cannot host; planned rotations then must move first."""
    block = BlockedPeriod(partner=partner, start_date=start_date, end_date=end_date, reason=reason)
    block.full_clean()
    clash = Rotation.objects.filter(
        partner=partner, start_date__lte=end_date, end_date__gte=start_date
    ).first()
    if clash:
        raise ValidationError(
            _("%(trainee)s is planned at %(partner)s in that period; move that rotation first.")
            % {"trainee": clash.trainee, "partner": partner}
        )
    return _save(block)


# --- cohorts and trainees ------------------------------------------------------------------


@transaction.atomic
def cohort_create(*, programme: Programme, name: str, start_date: datetime.date) -> Cohort:
    """Start a cohort of a programme on a date."""
    return _save(Cohort(programme=programme, name=name, start_date=start_date))


@transaction.atomic
def trainee_add(
    *, cohort: Cohort, employee: Employee, source: str = Trainee.Source.DIRECT
) -> Trainee:
    """Add an employee of one of the partners to a cohort (directly or after intake)."""
    if not cohort.programme.partners.filter(organisation_id=employee.organisation_id).exists():
        raise ValidationError(
            {"employee": _("A trainee must be employed by one of the partner organisations.")}
        )
    if cohort.programme.requires_skj and not employee.is_skj_registered:
        raise ValidationError(
            {"employee": _("This programme is for SKJ registered professionals only.")}
        )
    return _save(Trainee(cohort=cohort, employee=employee, source=source))


@transaction.atomic
def trainee_outcome_record(
    *,
    trainee: Trainee,
    preferred_partner: Partner | None,
    outcome: str,
    outcome_partner: Partner | None = None,
    outcome_date: datetime.date | None = None,
) -> Trainee:
    """Record the trainee's preferred organisation and what became of them."""
    programme_id = trainee.cohort.programme_id
    for partner in (preferred_partner, outcome_partner):
        if partner is not None and partner.programme_id != programme_id:
            raise ValidationError(_("Choose one of the programme's partners."))
    trainee.preferred_partner = preferred_partner
    trainee.outcome = outcome
    trainee.outcome_partner = outcome_partner
    trainee.outcome_date = outcome_date
    return _save(trainee)


@transaction.atomic
def trainee_preference_set(*, trainee: Trainee, preferred_partner: Partner) -> Trainee:
    """The trainee states the organisation they would like to work for afterwards."""
    if preferred_partner.programme_id != trainee.cohort.programme_id:
        raise ValidationError(_("Choose one of the programme's partners."))
    trainee.preferred_partner = preferred_partner
    return _save(trainee)


# --- rotations: capacity, overlap, generation ---------------------------------------------


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


# --- notifications -------------------------------------------------------------------------


def _recipients(rotation: Rotation, extra=()) -> list:
    """Trainee, both mentors and both HR contacts (this and the previous host)."""
    previous = (
        Rotation.objects.filter(trainee_id=rotation.trainee_id, end_date__lt=rotation.start_date)
        .select_related("mentor__user", "partner__coordinator__user")
        .order_by("-end_date")
        .first()
    )
    people = [
        rotation.trainee.employee,
        rotation.mentor,
        rotation.partner.coordinator,
        *extra,
    ]
    if previous is not None:
        people += [previous.mentor, previous.partner.coordinator]
    users, seen = [], set()
    for person in people:
        user = getattr(person, "user", None)
        if user is not None and user.is_active and user.pk not in seen:
            seen.add(user.pk)
            users.append(user)
    return users


def rotation_changed_notify(*, rotation: Rotation, extra=()) -> int:
    """Tell the people concerned that a rotation changed; returns how many were told."""
    users = _recipients(rotation, extra)
    for user in users:
        notification_create(
            recipient=user,
            kind="traineeship.rotation_changed",
            template="traineeship/email/rotation_changed",
            context={"rotation": rotation, "trainee": rotation.trainee},
            url=rotation.trainee.get_absolute_url(),
        )
    return len(users)


def rotation_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the people concerned 4 weeks and 1 week before a rotation starts, once each.

    The claim key includes the start date, so a rotation that moves is announced again.
    """
    today = today or timezone.localdate()
    due = (
        Rotation.objects.filter(
            start_date__gt=today, start_date__lte=today + datetime.timedelta(28)
        )
        .select_related(
            "trainee__employee__user",
            "trainee__cohort",
            "partner__organisation",
            "partner__coordinator__user",
            "mentor__user",
            "team",
        )
        .order_by("start_date")
    )
    sent = 0
    for rotation in due:
        days = (rotation.start_date - today).days
        which = "1w" if days <= 7 else "4w"
        key = f"traineeship:rotation:{rotation.pk}:{rotation.start_date:%Y%m%d}:{which}"
        if not reminder_claim(key=key):
            continue
        with transaction.atomic():
            for user in _recipients(rotation):
                notification_create(
                    recipient=user,
                    kind="traineeship.rotation_reminder",
                    template="traineeship/email/rotation_reminder",
                    context={"rotation": rotation, "trainee": rotation.trainee, "days": days},
                    url=rotation.trainee.get_absolute_url(),
                )
                sent += 1
    return sent


# --- funders and budget ----------------------------------------------------------------------


def _check_shares(programme: Programme, funder: Funder) -> None:
    others = Funder.objects.filter(programme=programme, share_pct__isnull=False).exclude(
        pk=funder.pk
    ).aggregate(total=Sum("share_pct"))["total"] or Decimal("0")
    if funder.share_pct is not None and others + funder.share_pct > 100:
        raise ValidationError(
            {
                "share_pct": _(
                    "The funders' shares would add up to %(total)s%% of the cost; at most 100%% "
                    "can be funded."
                )
                % {"total": others + funder.share_pct}
            }
        )


@transaction.atomic
def funder_create(*, programme: Programme, **fields) -> Funder:
    """Add a funder (amount or share of the cost) to a programme; shares stay within 100%."""
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    funder = Funder(programme=programme, **fields)
    funder.full_clean()
    _check_shares(programme, funder)
    return _save(funder)


@transaction.atomic
def funder_update(*, funder: Funder, **fields) -> Funder:
    """Change a funder's contribution."""
    Programme.objects.select_for_update().filter(pk=funder.programme_id).first()
    for name, value in fields.items():
        setattr(funder, name, value)
    funder.full_clean()
    _check_shares(funder.programme, funder)
    return _save(funder)


@transaction.atomic
def payment_record(*, funder: Funder, received_on, amount, reference="") -> Payment:
    """Record an invoice paid by / payment received from a funder."""
    return _save(
        Payment(funder=funder, received_on=received_on, amount=amount, reference=reference)
    )


# --- guidelines and absences ---------------------------------------------------------------


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


# --- reviews -------------------------------------------------------------------------------


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
