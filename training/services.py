"""Writes of training tracks.

CONTRACT used by intake when a candidate is hired: `track_create_for_hire`.
Route codes (shared with intake's route advice): "none" (no route needed: HBO Social
Work profile Jeugd), "45ec", "evc", "practice_programme", "hbo_parttime", "internal",
"onboarding". The training issue replaces the body; keep the signature.
"""

import datetime


def track_create_for_hire(
    *, employee, route_code: str | None, start_date: datetime.date, created_by
):
    """Enrol a newly hired side-entrant in the advised route; None when no route applies."""
    return None
