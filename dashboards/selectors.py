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
        sections.append(
            {
                "template": "dashboards/home/supervisor.html",
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
        sections.append(
            {
                "template": "dashboards/home/support.html",
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
            sections.append(
                {
                    "template": "dashboards/home/self.html",
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
