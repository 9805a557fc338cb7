"""The dashboards' own data, one module per concept."""

from .capacity import CapacitySettings
from .programmes import Programme

__all__ = ["CapacitySettings", "Programme"]
