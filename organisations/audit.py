"""The audit page: who changed which important record when, and who read which trajectory.

For the functional admin of an organisation only. One list, newest first, over the
django-simple-history tables of candidates, applications, placements, mentor
assignments, training tracks and support trajectories, plus the support trajectory
read log. Everything is narrowed to the admin's organisations in SQL; the page costs
a fixed number of queries (a count, one UNION for the page, one query per kind of
record on the page for the versions and their previous versions, one for the users).

Support trajectories are special-category data: their changes show which fields
changed, never the values, and the read log shows who opened which trajectory id
when, nothing of its content.
"""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, CharField, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import access
from .forms import DateInput
from .roles import Role

PAGE_SIZE = 50
READ_KIND = "trajectory_read"
MAX_VALUE_LENGTH = 80


@dataclass(frozen=True)
class Source:
    """One audited kind of record: its model (app label, name) and its organisation scope."""

    label: str
    model: str
    # Builds the Q that keeps rows of these organisations (ids), on the historical model.
    scope: object
    # Special-category data: show the changed fields, never their values.
    hide_values: bool = False
    # The user field naming whom the record is about (a role grant: to whom it was given).
    subject_field: str = ""


def _employees_of(org_ids):
    return (
        apps.get_model("organisations", "Employee")
        .objects.filter(organisation_id__in=org_ids)
        .values("pk")
    )


SOURCES = {
    "candidate": Source(
        _("Candidate"),
        "intake.Candidate",
        lambda org_ids: Q(
            id__in=apps.get_model("intake", "Application")
            .objects.filter(campaign__organisation_id__in=org_ids)
            .values("candidate_id")
        ),
    ),
    "application": Source(
        _("Application"),
        "intake.Application",
        lambda org_ids: Q(
            campaign_id__in=apps.get_model("intake", "Campaign")
            .objects.filter(organisation_id__in=org_ids)
            .values("pk")
        ),
    ),
    "placement": Source(
        _("Placement"), "organisations.Placement", lambda org_ids: Q(organisation_id__in=org_ids)
    ),
    "mentor_assignment": Source(
        _("Mentor assignment"),
        "mentoring.MentorAssignment",
        lambda org_ids: Q(mentee_id__in=_employees_of(org_ids)),
    ),
    "track": Source(
        _("Training track"),
        "training.Track",
        lambda org_ids: Q(employee_id__in=_employees_of(org_ids)),
    ),
    "trajectory": Source(
        _("Support trajectory"),
        "support.Trajectory",
        lambda org_ids: Q(organisation_id__in=org_ids),
        hide_values=True,
    ),
    # Support coordinator roles open special-category data: who gave one to whom, and
    # who took it away, is audited (the history row's user is the person who granted it).
    "support_coordinator_role": Source(
        _("Support coordinator role"),
        "organisations.Membership",
        lambda org_ids: Q(organisation_id__in=org_ids, role=Role.SUPPORT_COORDINATOR),
        subject_field="user_id",
    ),
}

KIND_CHOICES = [
    ("", _("All kinds")),
    *[(key, source.label) for key, source in SOURCES.items()],
    (READ_KIND, _("Support trajectory opened")),
]

ACTIONS = {
    "+": _("created"),
    "~": _("changed"),
    "-": _("deleted"),
    "r": _("opened"),
    "x": _("refused"),
}


def admin_organisation_ids(user) -> set[int]:
    return access.organisation_ids(user, {Role.FUNCTIONAL_ADMIN})


# --- filters ----------------------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of record"), choices=KIND_CHOICES, required=False)
    user = forms.ModelChoiceField(
        label=_("By"), queryset=get_user_model().objects.none(), required=False
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Up to and including"), required=False, widget=DateInput())
    object_id = forms.IntegerField(
        label=_("Record number"), required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, *args, org_ids, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people who actually appear in this audit trail: members of the organisations
        # who changed an audited record or opened a trajectory (not every member: at a
        # large organisation that select would list hundreds of names nobody looks for).
        authored = Q()
        for source in SOURCES.values():
            history = apps.get_model(source.model).history.model
            authored |= Q(
                pk__in=history.objects.filter(
                    source.scope(org_ids), history_user__isnull=False
                ).values("history_user_id")
            )
        reads = apps.get_model("support", "TrajectoryAccessLog").objects.filter(
            trajectory__organisation_id__in=org_ids
        )
        authored |= Q(pk__in=reads.values("user_id"))
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(authored, memberships__organisation_id__in=org_ids)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username
        for name, form_field in self.fields.items():
            css = "form-select" if name in ("kind", "user") else "form-control"
            form_field.widget.attrs["class"] = css

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data


# --- selectors --------------------------------------------------------------------------------


def _history_rows(key: str, source: Source, org_ids, filters: dict):
    """The UNION branch of one historical model: the columns every branch shares."""
    history = apps.get_model(source.model).history.model
    qs = history.objects.filter(source.scope(org_ids))
    if filters.get("user"):
        qs = qs.filter(history_user_id=filters["user"].pk)
    if filters.get("date_from"):
        qs = qs.filter(history_date__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(history_date__date__lte=filters["date_to"])
    if filters.get("object_id"):
        qs = qs.filter(id=filters["object_id"])
    return (
        qs.annotate(
            a_kind=Value(key, output_field=CharField()),
            a_hid=F("history_id"),
            a_at=F("history_date"),
            a_user=F("history_user_id"),
            a_type=F("history_type"),
            a_obj=F("id"),
        )
        .values_list("a_kind", "a_hid", "a_at", "a_user", "a_type", "a_obj")
        .order_by()
    )


def _read_rows(org_ids, filters: dict):
    """The UNION branch of the trajectory read log: who, when, which id; nothing else."""
    log = apps.get_model("support", "TrajectoryAccessLog")
    qs = log.objects.filter(trajectory__organisation_id__in=org_ids)
    if filters.get("user"):
        qs = qs.filter(user_id=filters["user"].pk)
    if filters.get("date_from"):
        qs = qs.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(at__date__lte=filters["date_to"])
    if filters.get("object_id"):
        qs = qs.filter(trajectory_id=filters["object_id"])
    return (
        qs.annotate(
            a_kind=Value(READ_KIND, output_field=CharField()),
            a_hid=F("pk"),
            a_at=F("at"),
            a_user=F("user_id"),
            a_type=Case(When(allowed=True, then=Value("r")), default=Value("x")),
            a_obj=F("trajectory_id"),
        )
        .values_list("a_kind", "a_hid", "a_at", "a_user", "a_type", "a_obj")
        .order_by()
    )


def audit_rows(*, org_ids, filters: dict | None = None):
    """All audit rows of these organisations as one UNION query, newest first.

    Rows are tuples (kind, id, when, user id, action, object id).
    """
    filters = filters or {}
    wanted = filters.get("kind") or None
    branches = [
        _history_rows(key, source, org_ids, filters)
        for key, source in SOURCES.items()
        if wanted in (None, key)
    ]
    if wanted in (None, READ_KIND):
        branches.append(_read_rows(org_ids, filters))
    first, *rest = branches
    return (first.union(*rest, all=True) if rest else first).order_by("-a_at", "-a_hid")


@dataclass
class Change:
    field: str
    old: str = ""
    new: str = ""


@dataclass
class Entry:
    kind: str
    label: str
    action: str
    at: object
    user: object
    object_id: int | None
    changes: list[Change] = field(default_factory=list)
    values_hidden: bool = False
    first_version: bool = False
    subject: object = None


def audit_entries(rows) -> list[Entry]:
    """Turn one page of rows into entries with field changes: one query per kind + users,
    always (an empty page included)."""
    wanted: dict[str, set[int]] = {}
    for kind, hid, *_rest in rows:
        if kind in SOURCES:
            wanted.setdefault(kind, set()).add(hid)
    # Every kind and the users are looked up even when the page has none of them (id 0
    # exists nowhere), so the page costs the same queries whatever is on it.
    previous_of = {kind: _versions_with_previous(kind, wanted.get(kind) or {0}) for kind in SOURCES}
    user_ids = {row[3] for row in rows if row[3]}
    subject_ids = {}
    for kind, hid, *_rest in rows:
        source = SOURCES.get(kind)
        version = previous_of[kind].get(hid, (None, None))[0] if source else None
        if source and source.subject_field and version is not None:
            subject_ids[hid, kind] = getattr(version, source.subject_field)
    users = get_user_model().objects.in_bulk((user_ids | set(subject_ids.values())) or [0])

    entries = []
    for kind, hid, at, user_id, action, obj in rows:
        source = SOURCES.get(kind)
        entry = Entry(
            kind=kind,
            label=str(source.label if source else _("Support trajectory")),
            action=str(ACTIONS.get(action, action)),
            at=at,
            user=users.get(user_id),
            object_id=obj,
            values_hidden=bool(source and source.hide_values),
            subject=users.get(subject_ids.get((hid, kind))),
        )
        if source and action == "~":
            current, before = previous_of[kind].get(hid, (None, None))
            if before is None:
                entry.first_version = True
            elif current is not None:
                entry.changes = _changes(current, before, hide_values=source.hide_values)
        entries.append(entry)
    return entries


def _versions_with_previous(kind: str, history_ids: set[int]) -> dict:
    """{history id: (version, previous version or None)} in one query.

    Fetches these versions and, for each, the version just before it (a correlated
    subquery computed for these rows only, not for the whole history table).
    """
    history = apps.get_model(SOURCES[kind].model).history.model
    previous = (
        history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    previous_ids = (
        history.objects.filter(history_id__in=history_ids)
        .annotate(prev=Subquery(previous, output_field=IntegerField()))
        .exclude(prev=None)
        .values("prev")
    )
    versions = list(
        history.objects.filter(
            Q(history_id__in=history_ids) | Q(history_id__in=previous_ids)
        ).order_by("id", "history_id")
    )
    result, last_of = {}, {}
    for version in versions:  # per object in history order: the one before is the previous
        before = last_of.get(version.id)
        if version.history_id in history_ids:
            result[version.history_id] = (version, before)
        last_of[version.id] = version
    return result


def _changes(current, before, *, hide_values: bool) -> list[Change]:
    delta = current.diff_against(before, foreign_keys_are_objs=False)
    opts = current.instance_type._meta
    changes = []
    for change in delta.changes:
        model_field = opts.get_field(change.field)
        name = str(model_field.verbose_name)
        if hide_values:
            changes.append(Change(field=name))
        else:
            changes.append(
                Change(
                    field=name,
                    old=_display(model_field, change.old),
                    new=_display(model_field, change.new),
                )
            )
    return changes


def _display(model_field, value) -> str:
    if value is None or value == "":
        return "–"
    choices = dict(model_field.flatchoices) if model_field.choices else {}
    if value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= MAX_VALUE_LENGTH else text[: MAX_VALUE_LENGTH - 1] + "…"


# --- view ----------------------------------------------------------------------------------


@login_required
def audit_log(request):
    org_ids = admin_organisation_ids(request.user)
    access.require_permission(bool(org_ids))
    form = AuditFilterForm(request.GET or None, org_ids=org_ids)
    page = entries = None
    if form.is_bound and not form.is_valid():
        pass  # the form shows what to fix; no list with half of the filters applied
    else:
        filters = form.cleaned_data if form.is_bound else {}
        page = Paginator(audit_rows(org_ids=org_ids, filters=filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        entries = audit_entries(list(page.object_list))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "organisations/audit_log.html",
        {"form": form, "page": page, "entries": entries, "query": params.urlencode()},
    )
