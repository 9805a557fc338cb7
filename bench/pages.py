"""Every page the benchmark measures: who opens it, how its URL is found, its budget.

Apps add their pages here as they land; the budgets come from their issues
(p95 server time in ms on a 2-core machine on PostgreSQL at the large scale).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Page:
    name: str
    username: str
    url: Callable[[], str]
    budget_ms: float
    issue: str


def _org(name):
    from organisations.models import Organisation

    return Organisation.objects.get(name=name)


def _employee(email_prefix):
    from organisations.models import Employee

    return Employee.objects.filter(email__startswith=email_prefix).order_by("pk").first()


def _programme():
    from dashboards.models import Programme

    return Programme.objects.get(name="Pilot zij-instroom 2026")


PAGES = [
    Page("home (HR advisor)", "hr", lambda: reverse("home"), 150, "#2"),
    Page("home (manager)", "manager", lambda: reverse("home"), 150, "#2"),
    Page(
        "organisation list", "admin", lambda: reverse("organisations:organisation_list"), 150, "#2"
    ),
    Page(
        "organisation detail",
        "hr",
        lambda: reverse(
            "organisations:organisation_detail", args=[_org("Jeugdbescherming Noord").pk]
        ),
        150,
        "#2",
    ),
    Page(
        "team detail",
        "hr",
        lambda: reverse(
            "organisations:team_detail",
            args=[_org("Jeugdbescherming Noord").teams.order_by("pk").first().pk],
        ),
        150,
        "#2",
    ),
    Page(
        "employee list (admin, all)",
        "admin",
        lambda: reverse("organisations:employee_list"),
        150,
        "#2",
    ),
    Page(
        "employee list search",
        "admin",
        lambda: reverse("organisations:employee_list") + "?q=jansen&is_side_entrant=false",
        150,
        "#2",
    ),
    Page(
        "employee detail",
        "hr",
        lambda: reverse("organisations:employee_detail", args=[_employee("sanne.mulder").pk]),
        150,
        "#2",
    ),
    Page("notifications", "hr", lambda: reverse("notifications:list"), 150, "#2"),
    Page(
        "capacity dashboard (all orgs)",
        "manager",
        lambda: reverse("dashboards:capacity"),
        300,
        "#8",
    ),
    Page(
        "programme evaluation",
        "manager",
        lambda: reverse("dashboards:programme_evaluation", args=[_programme().pk]),
        500,
        "#8",
    ),
]
