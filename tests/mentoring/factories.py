"""Mentoring test data, built through the services."""

import datetime
from decimal import Decimal

from mentoring import services
from organisations.models import Employee
from organisations.roles import Role
from tests.organisations.factories import EmployeeFactory, user_with_role

TODAY = datetime.date(2026, 11, 25)


def registered_employee(side, **kwargs) -> Employee:
    """A regular SKJ-registered colleague in `side`'s organisation and team."""
    defaults = {
        "organisation": side.organisation,
        "team": side.team,
        "skj_number": "123456789",
        "skj_registration_date": datetime.date(2020, 1, 1),
    }
    return EmployeeFactory(**{**defaults, **kwargs})


def side_entrant(side, **kwargs) -> Employee:
    defaults = {
        "organisation": side.organisation,
        "team": side.team,
        "is_side_entrant": True,
        "employment_start": datetime.date(2026, 9, 1),
    }
    return EmployeeFactory(**{**defaults, **kwargs})


def mentor_profile(employee, **kwargs):
    defaults = {
        "role": "main",
        "max_main_mentees": 1,
        "max_sub_mentees": 2,
        "hours_per_week": Decimal("4.0"),
        "expertise": ["jeugdbescherming"],
        "briefing_date": datetime.date(2026, 8, 1),
    }
    return services.mentor_profile_create(employee=employee, **{**defaults, **kwargs})


def mentor(side, **kwargs):
    """A registered employee with a user holding the mentor role and an active profile."""
    employee_kwargs = kwargs.pop("employee", {})
    if "user" not in employee_kwargs:
        employee_kwargs["user"] = user_with_role(Role.MENTOR, side.organisation)
    return mentor_profile(registered_employee(side, **employee_kwargs), **kwargs)


def assign(mentee, mentor_employee, kind="main", start=datetime.date(2026, 9, 1), **kwargs):
    return services.mentor_assign(
        mentee=mentee, mentor=mentor_employee, kind=kind, start_date=start, **kwargs
    )
