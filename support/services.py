"""Writes of the support pyramid.

CONTRACT used by mentoring (a check-in marked "escalate") and practice supervisors:
`support_request_propose`. The support issue replaces the body; keep the signature.
"""


def support_request_propose(*, employee, proposed_by, source: str):
    """Propose support for `employee` to its organisation's support coordinators.

    `source` is e.g. "checkin" or "supervisor". The proposal carries no health details.
    Returns the created request (or None while the support app is not built).
    """
    return None
