"""Writes for programmes: every change validated before it is saved."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Goal, Programme, Step


@transaction.atomic
def programme_create(
    *, organisation, name, starts_on, teams=(), campaigns=(), **fields
) -> Programme:
    """Create a programme of `organisation`; teams and campaigns must belong to it."""
    programme = Programme(organisation=organisation, name=name, starts_on=starts_on, **fields)
    programme.full_clean()
    programme.save()
    _set_scope(programme, teams=teams, campaigns=campaigns)
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, teams=None, campaigns=None, **fields) -> Programme:
    """Change a programme's details, status, teams and campaigns.

    A programme runs only with goals, and never goes back to draft: goals are set in advance.
    """
    # The stored status: a bound form may already have changed the instance.
    stored = Programme.objects.filter(pk=programme.pk).values_list("status", flat=True).first()
    if fields.get("status") == Programme.Status.DRAFT and stored != Programme.Status.DRAFT:
        raise ValidationError(
            {"status": _("A programme that has started cannot go back to draft.")}
        )
    if fields.get("status") == Programme.Status.RUNNING and not programme.goals.exists():
        raise ValidationError(
            {"status": _("Set at least one goal before the programme starts running.")}
        )
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    _set_scope(
        programme,
        teams=programme.teams.all() if teams is None else teams,
        campaigns=programme.campaigns.all() if campaigns is None else campaigns,
    )
    return programme


def _set_scope(programme: Programme, *, teams, campaigns) -> None:
    if any(team.organisation_id != programme.organisation_id for team in teams):
        raise ValidationError({"teams": _("This team does not belong to the chosen organisation.")})
    if any(c.organisation_id != programme.organisation_id for c in campaigns):
        raise ValidationError(
            {"campaigns": _("This campaign does not belong to the chosen organisation.")}
        )
    programme.teams.set(teams)
    programme.campaigns.set(campaigns)


# --- goals: set before the programme starts --------------------------------------------


def _require_draft(programme: Programme) -> None:
    if programme.status != Programme.Status.DRAFT:
        raise ValidationError(
            _("Goals are fixed once a programme runs; they can only change while it is a draft.")
        )


@transaction.atomic
def goal_create(*, programme: Programme, kpi, target, note="") -> Goal:
    _require_draft(programme)
    goal = Goal(programme=programme, kpi=kpi, target=target, note=note)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, **fields) -> Goal:
    _require_draft(goal.programme)
    for name, value in fields.items():
        setattr(goal, name, value)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal) -> None:
    _require_draft(goal.programme)
    goal.delete()


# --- steps: the stappenplan, editable until the programme is closed --------------------


def _require_open(programme: Programme) -> None:
    if programme.status == Programme.Status.CLOSED:
        raise ValidationError(_("A closed programme's steps can no longer change."))


def next_step_order(programme: Programme) -> int:
    last = programme.steps.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def step_create(*, programme: Programme, kind, title, order=None, description="", settings=None):
    _require_open(programme)
    step = Step(
        programme=programme,
        order=order or next_step_order(programme),
        kind=kind,
        title=title,
        description=description,
        settings=settings if settings is not None else {},
    )
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_update(*, step: Step, **fields) -> Step:
    _require_open(step.programme)
    for name, value in fields.items():
        setattr(step, name, {} if name == "settings" and value is None else value)
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_delete(*, step: Step) -> None:
    _require_open(step.programme)
    step.delete()
