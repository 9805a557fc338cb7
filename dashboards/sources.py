"""What the dashboards read from other apps, through those apps' selectors only.

A capability app that has not landed yet simply contributes nothing; the page says so.
"""

from decimal import Decimal


def mentor_headroom(*, team_ids) -> dict[int, dict] | None:
    """Free main/sub mentor slots and hours per team, or None when mentoring has no data."""
    try:
        from mentoring import selectors as mentoring_selectors
    except ImportError:
        return None
    fn = getattr(mentoring_selectors, "mentor_headroom", None)
    if fn is None:
        return None
    return fn(team_ids=list(team_ids))


ZERO = Decimal("0")


def planned_registration_dates(*, employee_ids) -> dict | None:
    """Planned SKJ registration date per employee from training tracks, when known."""
    try:
        from training import selectors as training_selectors
    except ImportError:
        return None
    fn = getattr(training_selectors, "planned_registration_dates", None)
    if fn is None:
        return None
    return fn(employee_ids=list(employee_ids))
