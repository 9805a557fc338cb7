"""Support data built through the services."""

import datetime

from support import services
from support.models import Level, TargetGroup, Trajectory


def intervention(organisation, *, level=Level.VERSTERKEN, name=None, target_group=TargetGroup.BOTH):
    return services.intervention_create(
        organisation=organisation,
        level=level,
        name=name or f"Interventie {organisation.pk}-{level}-{target_group}",
        providers="Interne coaching",
        themes="Reflectief leren\nLeefstijl",
        target_group=target_group,
    )


def trajectory(
    employee,
    *,
    level=Level.VOORKOMEN,
    start=datetime.date(2026, 10, 1),
    end=datetime.date(2026, 12, 31),
    created_by=None,
    **fields,
) -> Trajectory:
    fields.setdefault("provider", "Arbeidspsycholoog")
    return services.trajectory_create(
        employee=employee,
        created_by=created_by,
        level=level,
        start_date=start,
        planned_end_date=end,
        **fields,
    )
