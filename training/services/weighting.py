"""Weighting tables (wegingstabel) and their tasks."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisations.models import Organisation

from ..models import WeightedTask, WeightingTable
from ._common import _save


@transaction.atomic
def weighting_table_for(*, organisation: Organisation) -> WeightingTable:
    """The organisation's table, created empty with default thresholds on first use."""
    table, _created = WeightingTable.objects.get_or_create(organisation=organisation)
    return table


@transaction.atomic
def weighting_table_update(
    *,
    table: WeightingTable,
    independent_max: int,
    registered_only_min: int,
    registered_only_when_any_axis_3: bool = False,
) -> WeightingTable:
    """Change the thresholds that derive a task's level from its total score."""
    table.independent_max = independent_max
    table.registered_only_min = registered_only_min
    table.registered_only_when_any_axis_3 = registered_only_when_any_axis_3
    if not (4 <= independent_max < registered_only_min <= 12):
        raise ValidationError(
            _("Thresholds must satisfy 4 <= zelfstandig < alleen geregistreerd <= 12.")
        )
    return _save(table)


@transaction.atomic
def weighted_task_create(
    *,
    table: WeightingTable,
    name: str,
    unsafe: int,
    responsibility: int,
    complexity: int,
    impact: int,
    category: str = WeightedTask.Category.CASEWORK,
) -> WeightedTask:
    """Add a task to a weighting table with its four scores (1-3 each)."""
    if WeightedTask.objects.filter(table=table, name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("This table already has a task with this name.")})
    return _save(
        WeightedTask(
            table=table,
            name=name.strip(),
            category=category,
            unsafe=unsafe,
            responsibility=responsibility,
            complexity=complexity,
            impact=impact,
        )
    )


@transaction.atomic
def weighted_task_update(*, task: WeightedTask, **fields) -> WeightedTask:
    """Rescore or rename a task; logged entries keep the level they had."""
    for name, value in fields.items():
        setattr(task, name, value)
    if (
        WeightedTask.objects.filter(table=task.table_id, name__iexact=task.name.strip())
        .exclude(pk=task.pk)
        .exists()
    ):
        raise ValidationError({"name": _("This table already has a task with this name.")})
    return _save(task)


@transaction.atomic
def weighting_table_copy(*, source: WeightingTable, organisation: Organisation) -> WeightingTable:
    """Give `organisation` a copy of another table to adapt (tasks not yet there are added)."""
    if source.organisation_id == organisation.pk:
        raise ValidationError(_("An organisation cannot copy its own table."))
    table = weighting_table_for(organisation=organisation)
    table = WeightingTable.objects.select_for_update().get(pk=table.pk)
    table.independent_max = source.independent_max
    table.registered_only_min = source.registered_only_min
    table.registered_only_when_any_axis_3 = source.registered_only_when_any_axis_3
    table.copied_from = source.organisation
    _save(table)
    existing = {name.lower() for name in table.tasks.values_list("name", flat=True)}
    WeightedTask.objects.bulk_create(
        WeightedTask(
            table=table,
            name=task.name,
            category=task.category,
            unsafe=task.unsafe,
            responsibility=task.responsibility,
            complexity=task.complexity,
            impact=task.impact,
        )
        for task in source.tasks.all()
        if task.name.lower() not in existing
    )
    return table
