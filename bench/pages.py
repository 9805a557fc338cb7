"""Every page the benchmark measures: who opens it, how its URL is found, its budget.

Budgets are p95 server time in ms on a 2-core machine on PostgreSQL at the large
scale, from the Speed section of each issue. A page its issue names gets that budget;
other pages of an app get the foundation's 150 ms for lists and detail pages (#2),
marked "(default)". URLs resolve to "the biggest" object (the campaign with the most
applications, the programme with the most trainees...) so the same lambda names the
demo object at the small scale and the benchmark object at the large scale, except
for pages marked `same_object` (detail pages), which keep the object of the small scale.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse


@dataclass(frozen=True)
class Page:
    name: str
    username: str
    url: Callable[[], str]
    budget_ms: float
    issue: str
    # Detail pages: the URL found at the small scale is measured again at the large scale
    # (the same object with more data around it), so the counts compare like with like.
    same_object: bool = False


DEFAULT = 150  # issue 2: lists and detail pages at 5,000 employees


def _org(name):
    from organisations.models import Organisation

    return Organisation.objects.get(name=name)


def _employee(email_prefix):
    from organisations.models import Employee

    return Employee.objects.filter(email__startswith=email_prefix).order_by("pk").first()


def _pilot():
    from dashboards.models import Programme

    return Programme.objects.get(name="Pilot zij-instroom 2026")


def _campaign():
    from intake.models import Campaign

    return (
        Campaign.objects.filter(organisation__name="Jeugdbescherming Noord")
        .annotate(n=Count("applications"))
        .order_by("-n", "pk")
        .first()
    )


def _application():
    return _campaign().applications.order_by("-weighted_total", "pk").first()


def _assignment():
    from mentoring.models import MentorAssignment

    return (
        MentorAssignment.objects.filter(mentor__user__username="mentor", end_date__isnull=True)
        .order_by("pk")
        .first()
    )


def _session():
    from mentoring.models import IntervisionSession

    return (
        IntervisionSession.objects.filter(organisation__name="Jeugdbescherming Noord")
        .annotate(n=Count("participants"))
        .order_by("-n", "-date", "pk")
        .first()
    )


def _track():
    from training.models import Track

    return Track.objects.filter(employee=_employee("sanne.mulder")).order_by("pk").first()


def _programme():
    from traineeship.models import Programme

    return Programme.objects.annotate(n=Count("cohorts__trainees")).order_by("-n", "pk").first()


def _cohort():
    from traineeship.models import Cohort

    return (
        Cohort.objects.filter(programme=_programme())
        .annotate(n=Count("trainees"))
        .order_by("-n", "pk")
        .first()
    )


def _trainee():
    return _cohort().trainees.order_by("pk").first()


def _trajectory():
    from support.models import Trajectory

    return (
        Trajectory.objects.filter(organisation__name="Jeugdbescherming Noord")
        .order_by("-start_date", "pk")
        .first()
    )


def _biggest_org():
    from organisations.models import Organisation

    return Organisation.objects.annotate(n=Count("employees")).order_by("-n", "pk").first()


def _biggest_team():
    from organisations.models import Team

    return (
        Team.objects.filter(organisation__name="Jeugdbescherming Noord")
        .annotate(n=Count("employees"))
        .order_by("-n", "pk")
        .first()
    )


def _r(name, *args):
    return lambda: reverse(name, args=[a() for a in args])


PAGES = [
    # --- foundation (#2)
    Page("home (HR advisor)", "hr", _r("home"), 150, "#2"),
    Page("home (manager)", "manager", _r("home"), 150, "#2"),
    Page("organisation list", "admin", _r("organisations:organisation_list"), 150, "#2"),
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
    Page("employee list (admin, all)", "admin", _r("organisations:employee_list"), 150, "#2"),
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
    Page("notifications", "hr", _r("notifications:list"), 150, "#2"),
    # --- intake (#3): board and candidate list of a 5,000-application campaign
    Page("intake: campaign list", "hr", _r("intake:campaign_list"), DEFAULT, "#3 (default)"),
    Page(
        "intake: campaign detail",
        "hr",
        lambda: reverse("intake:campaign_detail", args=[_campaign().pk]),
        DEFAULT,
        "#3 (default)",
    ),
    Page(
        "intake: pipeline board (5,000)",
        "hr",
        lambda: reverse("intake:board", args=[_campaign().pk]),
        150,
        "#3",
    ),
    Page(
        "intake: candidate list (5,000)",
        "hr",
        lambda: reverse("intake:application_list", args=[_campaign().pk]),
        150,
        "#3",
    ),
    Page(
        "intake: candidate list sorted, stage filter",
        "hr",
        lambda: (
            reverse("intake:application_list", args=[_campaign().pk])
            + "?stage=screening&sort=-weighted_total"
        ),
        150,
        "#3",
    ),
    Page(
        "intake: funnel",
        "hr",
        lambda: reverse("intake:funnel", args=[_campaign().pk]),
        DEFAULT,
        "#3 (default)",
    ),
    Page(
        "intake: application detail",
        "hr",
        lambda: reverse("intake:application_detail", args=[_application().pk]),
        DEFAULT,
        "#3 (default)",
        same_object=True,
    ),
    # --- mentoring (#4): pool with 500 mentors / 2,000 assignments, mentee list, matching
    Page("mentoring: pool overview", "supervisor", _r("mentoring:pool"), 150, "#4"),
    Page("mentoring: pool overview (HR)", "hr", _r("mentoring:pool"), 150, "#4"),
    Page("mentoring: my mentees", "mentor", _r("mentoring:my_mentees"), 150, "#4"),
    Page(
        "mentoring: matching suggestions",
        "hr",
        lambda: reverse("mentoring:match", args=[_employee("sanne.mulder").pk]),
        200,
        "#4",
    ),
    Page(
        "mentoring: assignment list",
        "hr",
        _r("mentoring:assignment_list"),
        DEFAULT,
        "#4 (default)",
    ),
    Page(
        "mentoring: assignment detail",
        "mentor",
        lambda: reverse("mentoring:assignment_detail", args=[_assignment().pk]),
        DEFAULT,
        "#4 (default)",
        same_object=True,
    ),
    Page(
        "mentoring: my check-ins",
        "sideentrant",
        _r("mentoring:my_checkins"),
        DEFAULT,
        "#4 (default)",
    ),
    Page(
        "mentoring: intervision list",
        "supervisor",
        _r("mentoring:session_list"),
        DEFAULT,
        "#4 (default)",
    ),
    Page(
        "mentoring: intervision detail",
        "supervisor",
        lambda: reverse("mentoring:session_detail", args=[_session().pk]),
        DEFAULT,
        "#4 (default)",
        same_object=True,
    ),
    Page("mentoring: figures", "manager", _r("mentoring:figures"), DEFAULT, "#4 (default)"),
    # --- training (#5): track list with 2,000 tracks, task page with 5,000 logged tasks
    Page("training: track list", "hr", _r("training:track_list"), 150, "#5"),
    Page(
        "training: task page (5,000 tasks)",
        "sideentrant",
        lambda: reverse("training:task_page", args=[_employee("sanne.mulder").pk]),
        150,
        "#5",
    ),
    Page(
        "training: task page (mentor)",
        "mentor",
        lambda: reverse("training:task_page", args=[_employee("sanne.mulder").pk]),
        150,
        "#5",
    ),
    Page(
        "training: track summary", "manager", _r("training:track_summary"), DEFAULT, "#5 (default)"
    ),
    Page(
        "training: track detail",
        "hr",
        lambda: reverse("training:track_detail", args=[_track().pk]),
        DEFAULT,
        "#5 (default)",
        same_object=True,
    ),
    Page(
        "training: employee detail",
        "hr",
        lambda: reverse("training:employee_detail", args=[_employee("sanne.mulder").pk]),
        DEFAULT,
        "#5 (default)",
    ),
    Page(
        "training: learning plan",
        "sideentrant",
        lambda: reverse("training:learning_plan", args=[_employee("sanne.mulder").pk]),
        DEFAULT,
        "#5 (default)",
    ),
    Page("training: registration list", "hr", _r("training:ledger_list"), DEFAULT, "#5 (default)"),
    Page(
        "training: registration ledger",
        "hr",
        lambda: reverse("training:ledger_detail", args=[_employee("sanne.mulder").pk]),
        DEFAULT,
        "#5 (default)",
    ),
    Page("training: weighting tables", "admin", _r("training:table_list"), DEFAULT, "#5 (default)"),
    Page(
        "training: weighting table",
        "hr",
        lambda: reverse("training:table_detail", args=[_org("Jeugdbescherming Noord").pk]),
        DEFAULT,
        "#5 (default)",
    ),
    # --- traineeship (#6): programme overview with 20 cohorts and 300 trainees
    Page(
        "traineeship: programme list",
        "coordinator",
        _r("traineeship:programme_list"),
        150,
        "#6",
    ),
    Page(
        "traineeship: programme overview (300 trainees)",
        "coordinator",
        lambda: reverse("traineeship:programme_detail", args=[_programme().pk]),
        150,
        "#6",
    ),
    Page(
        "traineeship: cohort",
        "coordinator",
        lambda: reverse("traineeship:cohort_detail", args=[_cohort().pk]),
        DEFAULT,
        "#6 (default)",
    ),
    Page(
        "traineeship: trainee",
        "coordinator",
        lambda: reverse("traineeship:trainee_detail", args=[_trainee().pk]),
        DEFAULT,
        "#6 (default)",
        same_object=True,
    ),
    Page(
        "traineeship: budget",
        "coordinator",
        lambda: reverse("traineeship:budget", args=[_programme().pk]),
        DEFAULT,
        "#6 (default)",
    ),
    Page(
        "traineeship: own programme",
        "trainee",
        _r("traineeship:programme_list"),
        DEFAULT,
        "#6 (default)",
    ),
    # --- support (#7): coordinator's list with 5,000 trajectories, manager figures
    Page("support: trajectory list (5,000)", "support", _r("support:trajectory_list"), 200, "#7"),
    Page("support: manager figures", "manager", _r("support:figures"), 200, "#7"),
    Page(
        "support: trajectory detail",
        "support",
        lambda: reverse("support:trajectory_detail", args=[_trajectory().pk]),
        200,
        "#7",
        same_object=True,
    ),
    Page("support: pyramid (side-entrant)", "sideentrant", _r("support:pyramid"), 200, "#7"),
    Page("support: my support", "sideentrant", _r("support:my_support"), 200, "#7"),
    Page("support: request inbox", "support", _r("support:request_inbox"), 200, "#7"),
    Page("support: catalogue", "admin", _r("support:catalogue"), 200, "#7"),
    Page("support: onboarding list", "hr", _r("support:onboarding_list"), 200, "#7"),
    Page("support: supervisor roster", "support", _r("support:roster"), 200, "#7"),
    Page("support: absence list", "hr", _r("support:absence_list"), 200, "#7"),
    # --- dashboards (#8)
    Page("capacity dashboard (all orgs)", "manager", _r("dashboards:capacity"), 300, "#8"),
    Page(
        "capacity dashboard (biggest org)",
        "hr",
        lambda: reverse("dashboards:capacity") + f"?organisation={_biggest_org().pk}",
        300,
        "#8",
    ),
    Page(
        "programme evaluation",
        "manager",
        lambda: reverse("dashboards:programme_evaluation", args=[_pilot().pk]),
        500,
        "#8",
    ),
    Page(
        "capacity of a team",
        "manager",
        lambda: reverse("dashboards:capacity_team", args=[_biggest_team().pk]),
        300,
        "#8",
    ),
    Page("forecast (all orgs)", "hr", _r("dashboards:forecast"), 500, "#8"),
    Page(
        "forecast (manager, 60 months)",
        "manager",
        lambda: reverse("dashboards:forecast") + "?months=60",
        500,
        "#8",
    ),
    Page("programme list", "manager", _r("dashboards:programme_list"), DEFAULT, "#8 (default)"),
    Page(
        "programme detail",
        "manager",
        lambda: reverse("dashboards:programme_detail", args=[_pilot().pk]),
        DEFAULT,
        "#8 (default)",
    ),
    Page(
        "financial plan",
        "manager",
        lambda: reverse("dashboards:finance_plan", args=[_pilot().pk]),
        500,
        "#8 (as the forecast)",
    ),
    Page("subsidy list", "manager", _r("dashboards:subsidy_list"), DEFAULT, "#8 (default)"),
    Page(
        "team headroom (campaign form)",
        "hr",
        lambda: reverse("dashboards:team_headroom") + f"?team={_biggest_team().pk}",
        DEFAULT,
        "#8 (default)",
    ),
    Page("audit log", "admin", _r("organisations:audit_log"), DEFAULT, "#11 (default)"),
]
