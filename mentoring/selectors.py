"""Reads of mentoring data that other apps use (the contract other apps code against).

CONTRACT: the signatures below are used by training, traineeship, intake and
dashboards. The mentoring issue replaces the bodies with real, scoped-by-caller
implementations; keep the signatures.
"""

import datetime
from decimal import Decimal

from django.db.models import QuerySet

from organisations.models import Employee, Organisation


def intervision_hours(
    *, employee_ids, start: datetime.date, end: datetime.date
) -> dict[int, Decimal]:
    """Reflection hours from intervision sessions per participant in [start, end]."""
    return {}


def current_mentors(*, employee_ids) -> dict[int, list[Employee]]:
    """The active main (first) and sub mentor of each employee, by employee id."""
    return {}


def mentor_pool(*, organisation: Organisation) -> QuerySet[Employee]:
    """Employees of `organisation` who are active volunteers in its mentor pool."""
    return Employee.objects.none()
