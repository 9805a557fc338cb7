"""Reads of mentoring data, including the contract other apps code against.

CONTRACT: `intervision_hours`, `current_mentors` and `mentor_pool` are used by training,
traineeship, intake and dashboards; keep the signatures. They are not scoped: the
caller has already decided the user may see these employees / this organisation.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Greatest, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations import access
from organisations import figures as small_numbers
from organisations.models import Employee, Organisation

from . import permissions
from .models import (
    CheckIn,
    Expertise,
    IntervisionParticipant,
    IntervisionSession,
    MentorAssignment,
    MentoringSettings,
    MentorProfile,
    MentorPulse,
    roles_taking,
)

# SKJ: a session counts for reflection hours only when it lasts at least an hour.
MIN_COUNTED_MINUTES = 60


# --- contract --------------------------------------------------------------------------------


def intervision_hours(
    *, employee_ids, start: datetime.date, end: datetime.date
) -> dict[int, Decimal]:
    """Reflection hours from intervision sessions per participant in [start, end].

    Only signed-off participations of sessions of at least one hour count (SKJ rule).
    Employees without hours are absent from the result.
    """
    rows = (
        IntervisionParticipant.objects.filter(
            employee_id__in=list(employee_ids),
            signed_off_at__isnull=False,
            session__date__gte=start,
            session__date__lte=end,
            session__duration_minutes__gte=MIN_COUNTED_MINUTES,
        )
        .values("employee_id")
        .annotate(minutes=Sum("session__duration_minutes"))
    )
    return {
        row["employee_id"]: (Decimal(row["minutes"]) / 60).quantize(Decimal("0.01")) for row in rows
    }


def current_mentors(*, employee_ids) -> dict[int, list[Employee]]:
    """The active main (first) and sub mentor of each employee, by employee id."""
    result: dict[int, list[Employee]] = {}
    assignments = (
        MentorAssignment.objects.filter(mentee_id__in=list(employee_ids), end_date__isnull=True)
        .select_related("mentor")
        .order_by("mentee_id", "kind")  # "main" sorts before "sub"
    )
    for assignment in assignments:
        result.setdefault(assignment.mentee_id, []).append(assignment.mentor)
    return result


def mentor_pool(*, organisation: Organisation) -> QuerySet[Employee]:
    """Employees of `organisation` who are active volunteers in its mentor pool."""
    return Employee.objects.filter(
        organisation=organisation, mentor_profile__is_active=True
    ).select_related("mentor_profile", "team")


# --- settings --------------------------------------------------------------------------------


def settings_by_organisation(org_ids) -> dict[int, MentoringSettings]:
    """Settings per organisation id; unsaved defaults where none are stored."""
    found = {
        s.organisation_id: s for s in MentoringSettings.objects.filter(organisation_id__in=org_ids)
    }
    return {pk: found.get(pk) or MentoringSettings(organisation_id=pk) for pk in org_ids}


# --- pool ------------------------------------------------------------------------------------


def _with_load(queryset: QuerySet[MentorProfile]) -> QuerySet[MentorProfile]:
    return queryset.annotate(
        active_main=Count(
            "employee__mentee_assignments",
            filter=Q(
                employee__mentee_assignments__end_date__isnull=True,
                employee__mentee_assignments__kind="main",
            ),
        ),
        active_sub=Count(
            "employee__mentee_assignments",
            filter=Q(
                employee__mentee_assignments__end_date__isnull=True,
                employee__mentee_assignments__kind="sub",
            ),
        ),
    )


@dataclass
class PoolRow:
    profile: MentorProfile
    active_main: int
    active_sub: int
    hours_planned: Decimal
    pulses: list = field(default_factory=list)
    risks: list = field(default_factory=list)

    @property
    def mentees(self) -> int:
        return self.active_main + self.active_sub

    @property
    def capacity(self) -> int:
        return self.profile.capacity

    @property
    def load_percent(self) -> int:
        return round(100 * self.mentees / self.capacity) if self.capacity else 0

    @property
    def hours_available(self) -> Decimal:
        return self.profile.hours_per_week

    @property
    def over_hours(self) -> bool:
        return self.hours_planned > self.profile.hours_per_week


def mentor_risks(row: PoolRow) -> list[str]:
    """Why a mentor may not keep it up: low energy twice in a row, over hours, unwilling."""
    risks = []
    answered = [p for p in row.pulses if p.answered_at]
    if len(answered) >= 2 and answered[0].energy <= 2 and answered[1].energy <= 2:
        risks.append(_("low energy twice in a row"))
    if row.over_hours:
        risks.append(_("more hours planned than available"))
    if answered and answered[0].still_willing is False:
        risks.append(_("no longer willing to mentor"))
    return risks


def _setting(name: str):
    """The organisation's stored setting `name`, else the model default, as a SQL expression.

    A LEFT JOIN on the one-to-one settings row, not a subquery per mentor.
    """
    field = MentoringSettings._meta.get_field(name)
    return Coalesce(
        F(f"employee__organisation__mentoring_settings__{name}"),
        Value(field.default),
        output_field=DecimalField(max_digits=4, decimal_places=1),
    )


def _pool_queryset(*, org_ids, search: str = "") -> QuerySet[MentorProfile]:
    """Mentor profiles with load, planned hours and risk signals computed in SQL.

    The same annotations feed the table rows and the pool totals, so both always agree.
    """
    answered = MentorPulse.objects.filter(
        profile_id=OuterRef("pk"), answered_at__isnull=False
    ).order_by("-period_start")
    # Load by LEFT JOIN + GROUP BY: totals aggregate over the grouped rows, so PostgreSQL
    # counts each mentor's assignments once, not once per total.
    profiles = _with_load(
        MentorProfile.objects.filter(employee__organisation_id__in=org_ids)
    ).annotate(
        hours_planned=ExpressionWrapper(
            F("active_main") * _setting("hours_per_main_mentee")
            + F("active_sub") * _setting("hours_per_sub_mentee"),
            output_field=DecimalField(max_digits=6, decimal_places=1),
        ),
        last_energy=Subquery(answered.values("energy")[:1]),
        previous_energy=Subquery(answered.values("energy")[1:2]),
        last_willing=Subquery(answered.values("still_willing")[:1]),
    )
    if search:
        profiles = profiles.filter(
            Q(employee__first_name__icontains=search) | Q(employee__last_name__icontains=search)
        )
    return profiles.order_by("employee__last_name", "employee__first_name", "pk")


# The three risk signals as SQL conditions (mirrored for one row in `mentor_risks`).
RISK_LOW_ENERGY = Q(last_energy__lte=2, previous_energy__lte=2)
RISK_OVER_HOURS = Q(hours_planned__gt=F("hours_per_week"))
RISK_UNWILLING = Q(last_willing=False)


def pool_profiles(
    *, user, organisation_id: int | None = None, search: str = ""
) -> QuerySet[MentorProfile]:
    """The scoped, filtered pool as a queryset: paginate it, total it with `pool_totals`."""
    org_ids = permissions.oversight_org_ids(user)
    if organisation_id is not None:
        org_ids &= {organisation_id}
    return _pool_queryset(org_ids=org_ids, search=search)


def pool_rows(profiles) -> list[PoolRow]:
    """Table rows for (a page of) `pool_profiles`, with the latest answered pulses (2 queries)."""
    profiles = list(
        profiles.select_related("employee__team", "employee__organisation").prefetch_related(
            Prefetch(
                "pulses",
                queryset=MentorPulse.objects.filter(answered_at__isnull=False).order_by(
                    "-period_start"
                ),
                to_attr="answered_pulses",
            )
        )
    )
    rows = []
    for profile in profiles:
        row = PoolRow(
            profile=profile,
            active_main=profile.active_main,
            active_sub=profile.active_sub,
            hours_planned=Decimal(profile.hours_planned).quantize(Decimal("0.1")),
            pulses=profile.answered_pulses,
        )
        row.risks = mentor_risks(row)
        rows.append(row)
    return rows


def pool_overview(*, user, organisation_id: int | None = None, search: str = "") -> list[PoolRow]:
    """The whole mentor pool of the user's organisations with load, hours and risks."""
    return pool_rows(pool_profiles(user=user, organisation_id=organisation_id, search=search))


def pulse_trend(*, org_ids, rounds: int = 8) -> list[dict]:
    """Average energy and time pressure per pulse round (latest `rounds`), oldest first."""
    rows = (
        MentorPulse.objects.filter(
            profile__employee__organisation_id__in=org_ids, answered_at__isnull=False
        )
        .values("period_start")
        .annotate(
            energy=Avg("energy"),
            time_pressure=Avg("time_pressure"),
            answers=Count("pk"),
            unwilling=Count("pk", filter=Q(still_willing=False)),
        )
        .order_by("-period_start")[:rounds]
    )
    return [
        {
            **row,
            "energy": round(row["energy"], 1),
            "time_pressure": round(row["time_pressure"], 1),
        }
        for row in reversed(rows)
    ]


def pool_totals(profiles: QuerySet[MentorProfile]) -> dict:
    """Totals over every active mentor of `pool_profiles` (not just one page): one query."""
    mentees = F("active_main") + F("active_sub")
    capacity = F("max_main_mentees") + F("max_sub_mentees")
    totals = (
        profiles.filter(is_active=True)
        .order_by()
        .aggregate(
            total_mentors=Count("pk"),
            total_capacity=Coalesce(Sum(capacity), 0),
            total_mentees=Coalesce(Sum(mentees), 0),
            total_free=Coalesce(Sum(Greatest(capacity - mentees, Value(0))), 0),
            total_hours_planned=Coalesce(
                Sum("hours_planned"),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=8, decimal_places=1),
            ),
            total_hours_available=Coalesce(
                Sum("hours_per_week"),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=8, decimal_places=1),
            ),
            total_at_risk=Count("pk", filter=RISK_LOW_ENERGY | RISK_OVER_HOURS | RISK_UNWILLING),
        )
    )
    # Aliases differ from the annotation names: an aggregate named like an annotation
    # would shadow it inside the other aggregates.
    totals = {key.removeprefix("total_"): value for key, value in totals.items()}
    for key in ("hours_planned", "hours_available"):
        totals[key] = Decimal(totals[key]).quantize(Decimal("0.1"))
    return totals


# --- matching --------------------------------------------------------------------------------


KIND_EXPERTISE = {
    Organisation.Kind.YOUTH_PROTECTION: {Expertise.JEUGDBESCHERMING},
    Organisation.Kind.VEILIG_THUIS: {Expertise.VEILIG_THUIS},
    Organisation.Kind.CHILD_PROTECTION_BOARD: {Expertise.RAAD},
    Organisation.Kind.SOCIAL_WORK: {Expertise.OPBOUWWERK, Expertise.SOCIAL_WORK},
    Organisation.Kind.CARE_AND_WELFARE: {Expertise.DISABILITY},
}
KEYWORDS = {
    "reclassering": Expertise.JEUGDRECLASSERING,
    "opbouw": Expertise.OPBOUWWERK,
    "veilig thuis": Expertise.VEILIG_THUIS,
    "kinderopvang": Expertise.CHILDREN,
    "onderwijs": Expertise.CHILDREN,
}


def expected_expertise(mentee: Employee) -> set[str]:
    """The expertise the side-entrant's role asks for, from organisation, team and function."""
    wanted = {str(e) for e in KIND_EXPERTISE.get(mentee.organisation.kind, set())}
    text = " ".join(
        [mentee.team.name if mentee.team_id else "", mentee.job_function, mentee.previous_sector]
    ).lower()
    wanted |= {str(tag) for word, tag in KEYWORDS.items() if word in text}
    return wanted


@dataclass
class Suggestion:
    profile: MentorProfile
    score: int
    free: int
    load: str
    detail: dict = field(default_factory=dict, repr=False)

    @property
    def reasons(self) -> list[str]:
        """The written reasons behind the score (built only for suggestions that are shown)."""
        d, mentor = self.detail, self.profile.employee
        team = mentor.team.name if mentor.team_id else "–"
        labels = dict(Expertise.choices)
        reasons = [
            _("same team (%(team)s)") % {"team": team}
            if d["same_team"]
            else _("other team (%(team)s)") % {"team": team},
            _("expertise fits: %(tags)s")
            % {"tags": ", ".join(str(labels.get(t, t)) for t in sorted(d["fit"]))}
            if d["fit"]
            else _("no matching expertise"),
            _("%(free)d of %(limit)d places free") % {"free": self.free, "limit": d["limit"]},
            _("current load %(used)d/%(capacity)d")
            % {"used": d["used"], "capacity": self.profile.capacity},
            _("briefed on %(date)s") % {"date": self.profile.briefing_date.strftime("%d-%m-%Y")}
            if self.profile.briefing_date
            else _("not yet briefed about what mentoring asks"),
        ]
        if d["skj_required"]:
            reasons.append(_("SKJ registered"))
        if self.profile.is_older_colleague:
            reasons.append(_("experienced older colleague with time available"))
        return reasons


def _conflict_pairs(mentee_ids) -> set[tuple[int, int]]:
    """(mentee, mentor) pairs that ended because the pairing did not work."""
    return set(
        MentorAssignment.objects.filter(
            mentee_id__in=list(mentee_ids), end_reason=MentorAssignment.EndReason.CONFLICT
        ).values_list("mentee_id", "mentor_id")
    )


CANDIDATE_FIELDS = [
    "role",
    "max_main_mentees",
    "max_sub_mentees",
    "expertise",
    "briefing_date",
    "is_older_colleague",
    "employee__first_name",
    "employee__last_name",
    "employee__team_id",
    "employee__organisation_id",
    "employee__skj_registration_date",
    "employee__team__name",
]


def candidate_profiles(organisation_id: int, kind: str | None = None) -> list[MentorProfile]:
    """Active pool members of the organisation with their load; with `kind`, only those
    with a free place of that kind (filtered in the database)."""
    qs = _with_load(
        MentorProfile.objects.filter(employee__organisation_id=organisation_id, is_active=True)
        .select_related("employee__team")
        .only(*CANDIDATE_FIELDS)
    )
    if kind == "main":
        qs = qs.filter(active_main__lt=F("max_main_mentees"), role__in=roles_taking("main"))
    elif kind == "sub":
        qs = qs.filter(active_sub__lt=F("max_sub_mentees"), role__in=roles_taking("sub"))
    return list(qs.order_by("employee__last_name", "employee__first_name", "pk"))


def _score(
    *,
    mentee: Employee,
    profile: MentorProfile,
    kind: str,
    conf: MentoringSettings,
    wanted: set[str],
    main_mentor_id: int | None,
    conflicts: set,
    extra_main: int = 0,
    extra_sub: int = 0,
) -> Suggestion | None:
    mentor = profile.employee
    if mentor.pk == mentee.pk or (mentee.pk, mentor.pk) in conflicts:
        return None
    if kind == "sub" and mentor.pk == main_mentor_id:
        return None
    if kind == "main" and mentee.organisation.is_mandated_care and not mentor.is_skj_registered:
        return None
    active_main, active_sub = profile.active_main + extra_main, profile.active_sub + extra_sub
    limit = profile.max_main_mentees if kind == "main" else profile.max_sub_mentees
    used = active_main if kind == "main" else active_sub
    free = limit - used
    if free <= 0:
        return None
    same_team = bool(mentee.team_id) and mentee.team_id == mentor.team_id
    fit = wanted & set(profile.expertise)
    capacity = profile.capacity or 1
    parts = (
        (conf.weight_team, 1.0 if same_team else 0.0),
        (conf.weight_expertise, len(fit) / len(wanted) if wanted else 0.0),
        (conf.weight_capacity, free / limit if limit else 0.0),
        (conf.weight_load, 1.0 - min((active_main + active_sub) / capacity, 1.0)),
        (conf.weight_briefed, 1.0 if profile.briefing_date else 0.0),
    )
    total_weight = sum(w for w, _v in parts) or 1
    score = round(100 * sum(w * v for w, v in parts) / total_weight)
    return Suggestion(
        profile=profile,
        score=score,
        free=free,
        load=f"{active_main + active_sub}/{profile.capacity}",
        detail={
            "same_team": same_team,
            "fit": fit,
            "limit": limit,
            "used": active_main + active_sub,
            "skj_required": kind == "main" and mentee.organisation.is_mandated_care,
        },
    )


def mentor_suggestions(*, mentee: Employee, kind: str, limit: int = 10) -> list[Suggestion]:
    """Ranked mentors for `mentee` with a score (0-100) and the reasons behind it."""
    conf = settings_by_organisation([mentee.organisation_id])[mentee.organisation_id]
    profiles = candidate_profiles(mentee.organisation_id, kind)
    main = (
        MentorAssignment.objects.filter(mentee=mentee, kind="main", end_date__isnull=True)
        .values_list("mentor_id", flat=True)
        .first()
    )
    conflicts = _conflict_pairs([mentee.pk])
    wanted = expected_expertise(mentee)
    suggestions = [
        s
        for p in profiles
        if (
            s := _score(
                mentee=mentee,
                profile=p,
                kind=kind,
                conf=conf,
                wanted=wanted,
                main_mentor_id=main,
                conflicts=conflicts,
            )
        )
    ]
    suggestions.sort(key=lambda s: (-s.score, s.profile.employee.last_name, s.profile.pk))
    return suggestions[:limit]


def unmatched_side_entrants(*, organisation_id: int) -> list[Employee]:
    """Side-entrants still employed without an active main mentor."""
    today = timezone.localdate()
    return list(
        Employee.objects.filter(organisation_id=organisation_id, is_side_entrant=True)
        .filter(Q(employment_end__isnull=True) | Q(employment_end__gte=today))
        .exclude(
            pk__in=MentorAssignment.objects.filter(kind="main", end_date__isnull=True).values(
                "mentee_id"
            )
        )
        .select_related("team", "organisation")
        .order_by("employment_start", "last_name", "pk")
    )


def unmatched_by_organisation(*, org_ids, limit: int = 5) -> dict[int, dict]:
    """Per organisation: how many side-entrants lack a main mentor and the first `limit` of them.

    One query for any number of organisations (a window function numbers and counts the
    side-entrants per organisation). Organisations where everybody is matched are absent.
    """
    today = timezone.localdate()
    order = ["employment_start", "last_name", "pk"]
    people = (
        Employee.objects.filter(organisation_id__in=list(org_ids), is_side_entrant=True)
        .filter(Q(employment_end__isnull=True) | Q(employment_end__gte=today))
        .exclude(
            pk__in=MentorAssignment.objects.filter(kind="main", end_date__isnull=True).values(
                "mentee_id"
            )
        )
        .select_related("team")
        .annotate(
            position=Window(RowNumber(), partition_by=F("organisation_id"), order_by=order),
            unmatched_total=Window(Count("pk"), partition_by=F("organisation_id")),
        )
        .filter(position__lte=limit)
        .order_by("organisation_id", *order)
    )
    result: dict[int, dict] = {}
    for person in people:
        group = result.setdefault(
            person.organisation_id, {"total": person.unmatched_total, "people": []}
        )
        group["people"].append(person)
    return result


@dataclass
class Proposal:
    mentee: Employee
    suggestion: Suggestion | None


def match_all_proposal(*, organisation_id: int) -> list[Proposal]:
    """A main mentor for every unmatched side-entrant, spreading load and never over capacity."""
    mentees = unmatched_side_entrants(organisation_id=organisation_id)
    if not mentees:
        return []
    conf = settings_by_organisation([organisation_id])[organisation_id]
    profiles = candidate_profiles(organisation_id)
    conflicts = _conflict_pairs([m.pk for m in mentees])
    extra: dict[int, int] = defaultdict(int)
    proposals = []
    for mentee in mentees:
        wanted = expected_expertise(mentee)
        best = None
        for profile in profiles:
            s = _score(
                mentee=mentee,
                profile=profile,
                kind="main",
                conf=conf,
                wanted=wanted,
                main_mentor_id=None,
                conflicts=conflicts,
                extra_main=extra[profile.pk],
            )
            if s is None:
                continue
            projected = (profile.active_main + profile.active_sub + extra[profile.pk]) / (
                profile.capacity or 1
            )
            # Spread first (lowest projected load), then the best fit.
            key = (round(projected, 2), -s.score, profile.employee.last_name, profile.pk)
            if best is None or key < best[0]:
                best = (key, s)
        if best is not None:
            extra[best[1].profile.pk] += 1
        proposals.append(Proposal(mentee=mentee, suggestion=best[1] if best else None))
    return proposals


# --- assignments and check-ins ---------------------------------------------------------------


def assignment_list(*, user, active_only: bool = True) -> QuerySet[MentorAssignment]:
    qs = access.scoped(user, MentorAssignment).select_related(
        "mentee__team", "mentor__team", "mentee__organisation"
    )
    if active_only:
        qs = qs.filter(end_date__isnull=True)
    return qs.order_by("mentee__last_name", "mentee__first_name", "kind", "pk")


def my_mentee_rows(*, user) -> list[dict]:
    """The mentor's active assignments with next and overdue check-ins (constant queries)."""
    today = timezone.localdate()
    assignments = (
        MentorAssignment.objects.filter(mentor__user=user, end_date__isnull=True)
        .select_related("mentee__team", "mentee__organisation")
        .annotate(
            overdue=Count(
                "checkins",
                filter=Q(checkins__held_on__isnull=True, checkins__planned_date__lt=today),
            ),
            done=Count("checkins", filter=Q(checkins__held_on__isnull=False)),
        )
        .order_by("mentee__last_name", "mentee__first_name", "pk")
    )
    assignments = list(assignments)
    next_by_assignment = {}
    for checkin in (
        CheckIn.objects.filter(
            assignment__in=[a.pk for a in assignments],
            held_on__isnull=True,
            planned_date__gte=today,
        )
        .order_by("assignment_id", "planned_date")
        .values("assignment_id", "planned_date")
    ):
        next_by_assignment.setdefault(checkin["assignment_id"], checkin["planned_date"])
    return [
        {
            "assignment": a,
            "next": next_by_assignment.get(a.pk),
            "overdue": a.overdue,
            "done": a.done,
        }
        for a in assignments
    ]


def assignment_checkins(*, assignment: MentorAssignment) -> list[CheckIn]:
    return list(assignment.checkins.select_related("logged_by").order_by("planned_date", "pk"))


def my_checkins(*, user) -> list[CheckIn]:
    """A side-entrant's own check-ins, all assignments."""
    return list(
        CheckIn.objects.filter(assignment__mentee__user=user)
        .select_related("assignment__mentor")
        .order_by("planned_date", "pk")
    )


def overdue_checkins(*, user, limit: int = 50) -> list[CheckIn]:
    """Overdue check-ins the user oversees (supervisor/HR)."""
    today = timezone.localdate()
    return list(
        CheckIn.objects.filter(
            assignment__mentee__organisation_id__in=permissions.oversight_org_ids(user),
            assignment__end_date__isnull=True,
            held_on__isnull=True,
            planned_date__lt=today,
        )
        .select_related("assignment__mentee", "assignment__mentor")
        .order_by("planned_date", "pk")[:limit]
    )


def mentoring_aggregates(*, org_ids) -> dict:
    """Counts for managers over the given organisations together: no names."""
    per_org = mentoring_aggregates_by_organisation(org_ids=org_ids)
    total = _empty_aggregates()
    for figures in per_org.values():
        for key in total:
            total[key] += figures[key]
    total["free"] = max(total["capacity"] - total["used"], 0)
    return total


_AGGREGATE_KEYS = ("mentors", "capacity", "used", "free", "unmatched", "done", "overdue")
# The people the counts above rest on (mentees with a mentor, mentees with check-ins).
_PEOPLE_KEYS = ("mentored", "done_people", "overdue_people")


def _empty_aggregates() -> dict:
    return dict.fromkeys(_AGGREGATE_KEYS + _PEOPLE_KEYS, 0)


def mentoring_figures(aggregates: dict) -> dict[str, small_numbers.Figure]:
    """The counts of `mentoring_aggregates_by_organisation` as a manager may see them.

    Mentors, mentees in use, side-entrants without a main mentor and check-ins are about
    people: "<5" under five. Capacity is a number of places (what mentors offer), shown
    as it is; the free places are withheld when they would give away a hidden "in use".
    """
    used = small_numbers.count(aggregates["used"], people=aggregates["mentored"])
    free = small_numbers.Figure(
        aggregates["free"],
        None,
        withheld=used.suppressed and aggregates["used"] > 0,
    )
    return {
        "mentors": small_numbers.count(aggregates["mentors"]),
        "capacity": aggregates["capacity"],
        "used": used,
        # Places, not people: only the secondary rule applies.
        "free": str(free) if free.withheld else aggregates["free"],
        "unmatched": small_numbers.count(aggregates["unmatched"]),
        "done": small_numbers.count(aggregates["done"], people=aggregates["done_people"]),
        "overdue": small_numbers.count(aggregates["overdue"], people=aggregates["overdue_people"]),
    }


def mentoring_aggregates_by_organisation(*, org_ids) -> dict[int, dict]:
    """The same counts per organisation in three grouped queries, however many there are."""
    today = timezone.localdate()
    result = {org_id: _empty_aggregates() for org_id in org_ids}
    profiles = _with_load(
        MentorProfile.objects.filter(employee__organisation_id__in=org_ids, is_active=True)
    ).values_list(
        "employee__organisation_id",
        "max_main_mentees",
        "max_sub_mentees",
        "active_main",
        "active_sub",
    )
    for org_id, max_main, max_sub, active_main, active_sub in profiles:
        figures = result[org_id]
        figures["mentors"] += 1
        figures["capacity"] += max_main + max_sub
        figures["used"] += active_main + active_sub
    checkins = (
        CheckIn.objects.filter(
            assignment__mentee__organisation_id__in=org_ids, assignment__end_date__isnull=True
        )
        .values("assignment__mentee__organisation_id")
        .annotate(
            done=Count("pk", filter=Q(held_on__isnull=False)),
            overdue=Count("pk", filter=Q(held_on__isnull=True, planned_date__lt=today)),
            done_people=Count("assignment__mentee", filter=Q(held_on__isnull=False), distinct=True),
            overdue_people=Count(
                "assignment__mentee",
                filter=Q(held_on__isnull=True, planned_date__lt=today),
                distinct=True,
            ),
        )
        .order_by()
    )
    for row in checkins:
        figures = result[row["assignment__mentee__organisation_id"]]
        for key in ("done", "overdue", "done_people", "overdue_people"):
            figures[key] = row[key]
    active_assignment = MentorAssignment.objects.filter(
        mentee_id=OuterRef("pk"), end_date__isnull=True
    )
    # One query for both: the side-entrants without a main mentor, and the people with
    # any mentor (what "in use" rests on).
    people = (
        Employee.objects.filter(organisation_id__in=org_ids)
        .values("organisation_id")
        .annotate(
            unmatched=Count(
                "pk",
                filter=Q(is_side_entrant=True)
                & (Q(employment_end__isnull=True) | Q(employment_end__gte=today))
                & ~Q(Exists(active_assignment.filter(kind="main"))),
            ),
            mentored=Count("pk", filter=Q(Exists(active_assignment))),
        )
        .order_by()
    )
    for row in people:
        result[row["organisation_id"]]["unmatched"] = row["unmatched"]
        result[row["organisation_id"]]["mentored"] = row["mentored"]
    for figures in result.values():
        figures["free"] = max(figures["capacity"] - figures["used"], 0)
    return result


# --- intervision -----------------------------------------------------------------------------


def _participant_count(**filters):
    return Coalesce(
        Subquery(
            IntervisionParticipant.objects.filter(session_id=OuterRef("pk"), **filters)
            .order_by()
            .values("session_id")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def session_list(*, user) -> QuerySet[IntervisionSession]:
    return (
        access.scoped(user, IntervisionSession)
        .select_related("facilitator", "organisation", "series")
        .annotate(
            # Correlated counts rather than a GROUP BY, so a page of 50 only counts its own.
            participant_count=_participant_count(),
            signed_count=_participant_count(signed_off_at__isnull=False),
        )
        .order_by("-date", "-pk")
    )


def session_participants(*, session: IntervisionSession) -> list[IntervisionParticipant]:
    return list(
        session.participants.select_related("employee").order_by("employee__last_name", "pk")
    )


# --- pulse -----------------------------------------------------------------------------------


def open_pulse(*, user) -> MentorPulse | None:
    return (
        MentorPulse.objects.filter(profile__employee__user=user, answered_at__isnull=True)
        .select_related("profile__employee")
        .order_by("-period_start")
        .first()
    )


# --- calendar --------------------------------------------------------------------------------


def calendar_items(*, employee: Employee, since: datetime.date) -> dict:
    """Check-ins (as mentor or side-entrant) and intervision sessions for the calendar feed."""
    checkins = (
        CheckIn.objects.filter(
            Q(assignment__mentor=employee) | Q(assignment__mentee=employee),
            planned_date__gte=since,
            assignment__end_date__isnull=True,
        )
        .select_related("assignment__mentor", "assignment__mentee")
        .order_by("planned_date", "pk")
    )
    took_part = IntervisionParticipant.objects.filter(employee=employee).values("session_id")
    sessions = (
        IntervisionSession.objects.filter(
            Q(pk__in=took_part) | Q(facilitator=employee), date__gte=since
        )
        .select_related("organisation")
        .order_by("date", "pk")
    )
    return {"checkins": list(checkins), "sessions": list(sessions)}


def mentor_headroom(*, team_ids) -> dict[int, dict]:
    """Free mentor places and hours per team (active pool members of that team).

    Per team: free main and sub places, free hours a week (available minus what the
    current mentees take at the organisation's hours per mentee), and `main_with_time`:
    the main places whose mentor also has the hours for one more main mentee. Read by
    the capacity dashboard: how many more side-entrants a team can mentor now. One query.
    """
    settings = MentoringSettings.objects.filter(
        organisation_id=OuterRef("employee__organisation_id")
    )
    rows = (
        _with_load(MentorProfile.objects.filter(is_active=True, employee__team_id__in=team_ids))
        .annotate(
            per_main=Subquery(settings.values("hours_per_main_mentee")[:1]),
            per_sub=Subquery(settings.values("hours_per_sub_mentee")[:1]),
        )
        .values_list(
            "employee__team_id",
            "max_main_mentees",
            "max_sub_mentees",
            "active_main",
            "active_sub",
            "hours_per_week",
            "per_main",
            "per_sub",
            "role",
        )
    )
    result: dict[int, dict] = {}
    for team_id in team_ids:
        result[team_id] = {
            "main_free": 0,
            "sub_free": 0,
            "hours_free": Decimal("0"),
            "main_with_time": 0,
            "mentors": 0,
        }
    main_roles, sub_roles = set(roles_taking("main")), set(roles_taking("sub"))
    for team_id, max_main, max_sub, active_main, active_sub, hours, per_main, per_sub, role in rows:
        max_main = max_main if role in main_roles else 0
        max_sub = max_sub if role in sub_roles else 0
        per_main = DEFAULT_HOURS_PER_MAIN if per_main is None else per_main
        per_sub = DEFAULT_HOURS_PER_SUB if per_sub is None else per_sub
        entry = result[team_id]
        main_free = max(0, max_main - active_main)
        hours_free = max(Decimal("0"), hours - active_main * per_main - active_sub * per_sub)
        entry["main_free"] += main_free
        entry["sub_free"] += max(0, max_sub - active_sub)
        entry["hours_free"] += hours_free
        entry["main_with_time"] += (
            min(main_free, int(hours_free // per_main)) if per_main > 0 else main_free
        )
        entry["mentors"] += 1
    return result


DEFAULT_HOURS_PER_MAIN = MentoringSettings._meta.get_field("hours_per_main_mentee").default
DEFAULT_HOURS_PER_SUB = MentoringSettings._meta.get_field("hours_per_sub_mentee").default


# --- programme evaluation (read by dashboards) ------------------------------------------


def checkin_score_trend(*, mentee_ids, days) -> dict:
    """Per day: (average 'how it goes' score of the check-ins held up to that day, count,
    number of mentees they are about).

    `mentee_ids` may be a subquery; one query for all days. Not scoped: the caller decided.
    """
    aggregates = {}
    for i, day in enumerate(days):
        held = Q(held_on__lte=day, how_it_goes__isnull=False)
        aggregates[f"avg{i}"] = Avg("how_it_goes", filter=held)
        aggregates[f"n{i}"] = Count("pk", filter=held)
        aggregates[f"people{i}"] = Count("assignment__mentee", filter=held, distinct=True)
    row = CheckIn.objects.filter(assignment__mentee_id__in=mentee_ids).aggregate(**aggregates)
    return {day: (row[f"avg{i}"], row[f"n{i}"], row[f"people{i}"]) for i, day in enumerate(days)}


def mentor_energy_trend(*, mentee_ids, days) -> dict:
    """Per day: (average pulse energy of the mentees' mentors up to that day, count of answers,
    number of mentors who answered).

    Every mentor who was ever assigned to one of `mentee_ids` counts; one query for all days.
    """
    mentors = MentorAssignment.objects.filter(mentee_id__in=mentee_ids).values("mentor_id")
    aggregates = {}
    for i, day in enumerate(days):
        answered = Q(period_start__lte=day)
        aggregates[f"avg{i}"] = Avg("energy", filter=answered)
        aggregates[f"n{i}"] = Count("pk", filter=answered)
        aggregates[f"people{i}"] = Count("profile", filter=answered, distinct=True)
    row = MentorPulse.objects.filter(
        profile__employee_id__in=mentors, energy__isnull=False
    ).aggregate(**aggregates)
    return {day: (row[f"avg{i}"], row[f"n{i}"], row[f"people{i}"]) for i, day in enumerate(days)}
