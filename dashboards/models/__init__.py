"""The dashboards' own data, one module per concept."""

from .capacity import CapacitySettings
from .finance import FinanceLine, FinancePlan, SubsidyApplication, SubsidyDeadline  # noqa: F401
from .programmes import Programme

__all__ = ["CapacitySettings", "Programme"]
