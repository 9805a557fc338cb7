"""The dashboards' own data, one module per concept."""

from .capacity import CapacitySettings
from .programmes import Goal, Programme, Step

__all__ = ["CapacitySettings", "Goal", "Programme", "Step"]
