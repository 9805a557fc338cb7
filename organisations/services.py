"""Every write to organisations, teams, employees, placements and memberships."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access, leavers
from .models import Employee, Membership, Organisation, Placement, Team
from .roles import GROUP_NAMES, Role

User = get_user_model()


def _save(obj):
    """Validate the whole object, then save it; IntegrityErrors from races become messages."""
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("This change conflicts with existing data: %(error)s")
            % {"error": _constraint_message(exc)}
        ) from exc
    return obj


def _constraint_message(exc: IntegrityError) -> str:
    text = str(exc)
    if "placement_no_overlap" in text:
        return _("this employee already has a placement in this organisation in that period.")
    if "organisation_name_unique_ci" in text or "organisations_organisation" in text:
        return _("an organisation with this name already exists.")
    return _("a uniqueness or validity rule was violated.")


# --- organisations and teams ---------------------------------------------------------------


@transaction.atomic
def organisation_create(*, created_by=None, **fields) -> Organisation:
    """Create an organisation; its creator becomes its functional admin."""
    organisation = _save(Organisation(**fields))
    if created_by is not None and not created_by.is_superuser:
        membership_grant(user=created_by, organisation=organisation, role=Role.FUNCTIONAL_ADMIN)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, **fields) -> Organisation:
    """Change an organisation's reference data."""
    for name, value in fields.items():
        setattr(organisation, name, value)
    return _save(organisation)


@transaction.atomic
def team_create(*, organisation: Organisation, name: str, formation_fte=Decimal("0")) -> Team:
    """Add a team with its budgeted formation to an organisation."""
    return _save(Team(organisation=organisation, name=name, formation_fte=formation_fte))


@transaction.atomic
def team_update(*, team: Team, **fields) -> Team:
    """Rename a team or change its budgeted formation."""
    for name, value in fields.items():
        setattr(team, name, value)
    return _save(team)


# --- employees -------------------------------------------------------------------------------


@transaction.atomic
def employee_create(*, organisation: Organisation, **fields) -> Employee:
    """Register an employee of `organisation`."""
    return _save(Employee(organisation=organisation, **fields))


@transaction.atomic
def employee_update(*, employee: Employee, **fields) -> Employee:
    """Change an employee's record (organisation changes go through placements)."""
    fields.pop("organisation", None)
    for name, value in fields.items():
        setattr(employee, name, value)
    return _save(employee)


# --- placements ------------------------------------------------------------------------------


def _overlapping(placement: Placement):
    far_future = datetime.date.max
    qs = Placement.objects.filter(
        employee_id=placement.employee_id,
        organisation_id=placement.organisation_id,
        start_date__lte=placement.end_date or far_future,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=placement.start_date))
    if placement.pk:
        qs = qs.exclude(pk=placement.pk)
    return qs


@transaction.atomic
def placement_create(
    *,
    employee: Employee,
    team: Team,
    start_date: datetime.date,
    fte: Decimal,
    end_date: datetime.date | None = None,
    formation_kind: str = Placement.FormationKind.REGULAR,
    funding_source: str = Placement.FundingSource.OWN_BUDGET,
    contract_reference: str = "",
) -> Placement:
    """Place an employee in a team for a period; overlapping periods in one organisation fail.

    The employee row is locked so two HR advisors adding placements at once are
    serialised; the database constraint is the last line of defence.
    """
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    placement = Placement(
        employee=employee,
        organisation=team.organisation,
        team=team,
        start_date=start_date,
        end_date=end_date,
        fte=fte,
        formation_kind=formation_kind,
        funding_source=funding_source,
        contract_reference=contract_reference,
    )
    placement.full_clean()
    if _overlapping(placement).exists():
        raise ValidationError(
            _("This employee already has a placement in %(organisation)s in that period.")
            % {"organisation": team.organisation.name}
        )
    return _save(placement)


@transaction.atomic
def placement_move_to_formation(*, employee: Employee, day: datetime.date) -> Placement | None:
    """A side-entrant who is SKJ registered becomes regular staff from `day`.

    The supernumerary placement active on `day` ends the day before and a regular one in
    the same team, with the same FTE and end, starts on `day`; a supernumerary placement
    that starts on or after `day` simply becomes regular. Returns the regular placement,
    or None when there is no supernumerary placement on `day`.
    """
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    placement = (
        Placement.objects.select_for_update()
        .filter(
            employee=employee,
            formation_kind=Placement.FormationKind.SUPERNUMERARY,
            start_date__lte=day,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .select_related("team")
        .first()
    )
    if placement is None:
        return None
    if placement.start_date >= day:
        placement.formation_kind = Placement.FormationKind.REGULAR
        placement.funding_source = Placement.FundingSource.OWN_BUDGET
        return _save(placement)
    old_end = placement.end_date
    placement.end_date = day - datetime.timedelta(days=1)
    _save(placement)
    return placement_create(
        employee=employee,
        team=placement.team,
        start_date=day,
        end_date=old_end,
        fte=placement.fte,
        formation_kind=Placement.FormationKind.REGULAR,
        funding_source=Placement.FundingSource.OWN_BUDGET,
        contract_reference=placement.contract_reference,
    )


@transaction.atomic
def placement_end(*, placement: Placement, end_date: datetime.date) -> Placement:
    """End a placement on `end_date` (e.g. when a side-entrant moves into formation)."""
    if end_date < placement.start_date:
        raise ValidationError(_("A placement cannot end before it starts."))
    placement.end_date = end_date
    return _save(placement)


# --- users and memberships -------------------------------------------------------------------


def membership_grant_check(*, user, granted_by) -> None:
    """Nobody gives themselves a role, in the admin or on the employee page: a second
    person always decides (the Django group and the scope follow the role)."""
    if granted_by is not None and user is not None and granted_by.pk == user.pk:
        raise ValidationError(_("You cannot give yourself a role; ask another functional admin."))


@transaction.atomic
def membership_grant(*, user, organisation: Organisation, role: str, granted_by=None) -> Membership:
    """Give `user` a role in `organisation` (idempotent) and the matching Django group.

    `granted_by` is the person deciding (None: the system, e.g. an organisation's creator
    or the demo data). A new support coordinator role opens special-category data: its
    history row names who granted it (the audit page shows it) and the organisation's
    other functional admins and support coordinators are told (when a person granted it).
    """
    membership_grant_check(user=user, granted_by=granted_by)
    membership = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if membership is None:
        membership = Membership(user=user, organisation=organisation, role=role)
        if granted_by is not None:
            membership._history_user = granted_by
        _save(membership)
        # System grants (an organisation's creator, demo data) have nobody to check on.
        if role == Role.SUPPORT_COORDINATOR and granted_by is not None:
            _announce_support_coordinator(membership=membership, granted_by=granted_by)
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role(role)])
    user.groups.add(group)
    access.clear_cache(user)
    return membership


def _announce_support_coordinator(*, membership: Membership, granted_by) -> None:
    from notifications.services import notification_create

    recipients = (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=membership.organisation_id,
            memberships__role__in=[Role.FUNCTIONAL_ADMIN, Role.SUPPORT_COORDINATOR],
        )
        .exclude(pk=membership.user_id)
        .distinct()
        .order_by("pk")
    )
    if granted_by is not None:
        recipients = recipients.exclude(pk=granted_by.pk)
    context = {
        "organisation": membership.organisation.name,
        "grantee": membership.user.get_full_name() or membership.user.username,
        "granted_by": (granted_by.get_full_name() or granted_by.username) if granted_by else "",
    }
    for recipient in recipients:
        notification_create(
            recipient=recipient,
            kind="support_coordinator_granted",
            template="organisations/email/support_coordinator_granted",
            context=context,
        )


@transaction.atomic
def membership_revoke(*, user, organisation: Organisation, role: str) -> None:
    """Take a role away; the group goes when no organisation grants that role any more."""
    Membership.objects.filter(user=user, organisation=organisation, role=role).delete()
    if not Membership.objects.filter(user=user, role=role).exists():
        user.groups.remove(*Group.objects.filter(name=GROUP_NAMES[Role(role)]))
    access.clear_cache(user)


@transaction.atomic
def users_deactivate_departed(*, today: datetime.date | None = None) -> int:
    """Switch off the accounts of people whose employment has ended; returns how many.

    Ended means on or before `today`: access ends on the end date itself, as it already
    does per request (`config.auth.EmploymentBackend`). Their stored sessions end and their
    calendar link is rotated (by the save, see `leavers`). Superusers with an employee
    record are no exception: a departed administrator is the last account to leave open.
    Idempotent: already inactive accounts are not touched again.
    """
    today = today or timezone.localdate()
    departed = list(
        User.objects.select_for_update(of=("self",))
        .filter(is_active=True, employee__employment_end__lte=today)
        .order_by("pk")
    )
    for user in departed:
        user.is_active = False
        # One save per leaver, not a bulk update: the save rotates the calendar link.
        user.save(update_fields=["is_active"])
    leavers.user_sessions_end(user_ids=[user.pk for user in departed])
    return len(departed)
