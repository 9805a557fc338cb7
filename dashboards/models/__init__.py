"""The dashboards' own data, one module per concept."""

from .capacity import CapacitySettings
from .finance import FinanceLine, FinancePlan, SubsidyApplication, SubsidyDeadline
from .programmes import Goal, Programme, Step

__all__ = [
    "CapacitySettings",
    "FinanceLine",
    "FinancePlan",
    "Goal",
    "Programme",
    "Step",
    "SubsidyApplication",
    "SubsidyDeadline",
]
