"""What each role sees first on the home page: the things that need attention."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from organisations import access
from organisations import selectors as org_selectors
from organisations.models import Employee, Membership, Organisation, Team
from organisations.roles import Role


def _orgs(user, role) -> list[int]:
    return sorted(access.organisation_ids(user, {role}))


def home_sections(*, user, today: datetime.date | None = None) -> list[dict]:
    """One section per role the user holds, each with the data its template needs."""
    today = today or timezone.localdate()
    roles = access.user_roles(user)
    sections: list[dict] = []

    if Role.HR_ADVISOR in roles:
        org_ids = _orgs(user, Role.HR_ADVISOR)
        sections.append(
            {
                "template": "dashboards/home/hr.html",
                "summary": org_selectors.side_entrant_summary(organisation_ids=org_ids, day=today),
                "ending": list(
                    org_selectors.placements_ending(organisation_ids=org_ids, day=today)[:10]
                ),
                "recent": list(
                    Employee.objects.filter(organisation_id__in=org_ids, is_side_entrant=True)
                    .select_related("team", "organisation")
                    .order_by("-employment_start", "last_name")[:8]
                ),
            }
        )
    if Role.PRACTICE_SUPERVISOR in roles:
        org_ids = _orgs(user, Role.PRACTICE_SUPERVISOR)
        from mentoring import selectors as mentoring_selectors

        unmatched = [
            employee
            for org_id in org_ids
            for employee in mentoring_selectors.unmatched_side_entrants(organisation_id=org_id)
        ]
        sections.append(
            {
                "template": "dashboards/home/supervisor.html",
                "unmatched": unmatched[:10],
                "unmatched_count": len(unmatched),
                "overdue": mentoring_selectors.overdue_checkins(user=user, limit=8),
                "side_entrants": list(
                    Employee.objects.filter(
                        organisation_id__in=org_ids,
                        is_side_entrant=True,
                        skj_registration_date__isnull=True,
                    )
                    .select_related("team")
                    .order_by("employment_start", "last_name")[:15]
                ),
            }
        )
    if Role.MANAGER in roles:
        org_ids = _orgs(user, Role.MANAGER)
        teams = list(
            org_selectors.with_staffing(
                Team.objects.filter(organisation_id__in=org_ids).select_related("organisation"),
                day=today,
            ).order_by("organisation__name", "name")
        )
        sections.append(
            {
                "template": "dashboards/home/manager.html",
                "teams": teams,
                "summary": org_selectors.side_entrant_summary(organisation_ids=org_ids, day=today),
            }
        )
    if Role.SUPPORT_COORDINATOR in roles:
        org_ids = _orgs(user, Role.SUPPORT_COORDINATOR)
        new_since = today - datetime.timedelta(days=365)
        from support import selectors as support_selectors

        sections.append(
            {
                "template": "dashboards/home/support.html",
                "open_requests": support_selectors.request_inbox(user=user).count(),
                "organisations": list(
                    Organisation.objects.filter(pk__in=org_ids)
                    .annotate(
                        employees_total=Count("employees", distinct=True),
                        employees_new=Count(
                            "employees",
                            filter=Q(employees__employment_start__gte=new_since),
                            distinct=True,
                        ),
                    )
                    .order_by("name")
                ),
            }
        )
    if Role.MENTOR in roles or Role.SIDE_ENTRANT in roles:
        employee = (
            Employee.objects.filter(user=user)
            .select_related("organisation", "team")
            .prefetch_related("placements__team")
            .first()
        )
        if employee is not None:
            from mentoring import selectors as mentoring_selectors
            from training import selectors as training_selectors

            attention = {}
            if Role.MENTOR in roles:
                attention["mentees"] = mentoring_selectors.my_mentee_rows(user=user)
                attention["pulse"] = mentoring_selectors.open_pulse(user=user)
            if Role.SIDE_ENTRANT in roles:
                open_checkins = [
                    c for c in mentoring_selectors.my_checkins(user=user) if c.held_on is None
                ]
                attention["overdue_checkins"] = [c for c in open_checkins if c.planned_date < today]
                attention["next_checkin"] = next(
                    (c for c in open_checkins if c.planned_date >= today), None
                )
                deadline = training_selectors.planned_registration_dates(
                    employee_ids=[employee.pk]
                ).get(employee.pk)
                attention["registration_by"] = deadline
                attention["registration_days"] = (deadline - today).days if deadline else None
            sections.append(
                {
                    "template": "dashboards/home/self.html",
                    "attention": attention,
                    "employee": employee,
                    "placement": org_selectors.current_placement(employee, today),
                    "days_employed": (today - employee.employment_start).days,
                    "is_mentor": Role.MENTOR in roles,
                    "is_side_entrant": Role.SIDE_ENTRANT in roles,
                }
            )
    if Role.FUNCTIONAL_ADMIN in roles:
        org_ids = _orgs(user, Role.FUNCTIONAL_ADMIN)
        sections.append(
            {
                "template": "dashboards/home/admin.html",
                "counts": {
                    "organisations": len(org_ids),
                    "teams": Team.objects.filter(organisation_id__in=org_ids).count(),
                    "employees": Employee.objects.filter(organisation_id__in=org_ids).count(),
                    "memberships": Membership.objects.filter(organisation_id__in=org_ids).count(),
                },
            }
        )
    return sections
