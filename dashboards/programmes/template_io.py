"""A programme's goals and stappenplan as a JSON template, to share with other organisations.

The template holds no personal data and no ids of the source organisation: only the
programme's name and description, its length, its goals (KPI, target, note) and steps.
"""

import datetime
import json
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Programme, Step
from ..models.programmes import Kpi
from . import services

FORMAT = "instroom.programme-template"
VERSION = 1
MAX_BYTES = 200_000


def export_template(programme: Programme) -> dict:
    """The programme as a template dict (json.dumps-ready)."""
    duration = (programme.ends_on - programme.starts_on).days if programme.ends_on else None
    return {
        "format": FORMAT,
        "version": VERSION,
        "programme": {
            "name": programme.name,
            "description": programme.description,
            "duration_days": duration,
        },
        "goals": [
            {"kpi": goal.kpi, "target": str(goal.target), "note": goal.note}
            for goal in programme.goals.all()
        ],
        "steps": [
            {
                "order": step.order,
                "kind": step.kind,
                "title": step.title,
                "description": step.description,
                "settings": step.settings,
            }
            for step in programme.steps.all()
        ],
    }


def parse_template(text: str | bytes) -> dict:
    """Check a template's shape; raise a ValidationError (in Dutch) on anything wrong."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise ValidationError(_("The template is too large (at most 200 kB)."))
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("The file is not a UTF-8 text file.")) from exc
    if len(text) > MAX_BYTES:
        raise ValidationError(_("The template is too large (at most 200 kB)."))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ValidationError(_("This is not valid JSON.")) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(_("This is not an Instroom programme template."))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValidationError(_("The template has no valid version number."))
    if version > VERSION:
        raise ValidationError(
            _(
                "This template comes from a newer version of Instroom (version %(version)s); "
                "this one reads up to version %(supported)s."
            )
            % {"version": version, "supported": VERSION}
        )
    programme = data.get("programme")
    if not isinstance(programme, dict) or not isinstance(programme.get("name", ""), str):
        raise ValidationError(_("The template does not describe a programme."))
    duration = programme.get("duration_days")
    if duration is not None and (
        not isinstance(duration, int) or isinstance(duration, bool) or not 0 <= duration <= 3650
    ):
        raise ValidationError(_("The programme's length in the template is not valid."))
    return {
        "name": programme.get("name", "")[:200],
        "description": str(programme.get("description") or ""),
        "duration_days": duration,
        "goals": [_parse_goal(goal) for goal in _list(data, "goals")],
        "steps": [_parse_step(step) for step in _list(data, "steps")],
    }


def _list(data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValidationError(_("The part '%(key)s' of the template is not a list.") % {"key": key})
    return value


def _parse_goal(goal: dict) -> dict:
    kpi = goal.get("kpi")
    if kpi not in Kpi.values:
        raise ValidationError(_("Unknown KPI in the template: %(kpi)s.") % {"kpi": str(kpi)[:50]})
    label = Kpi(kpi).label
    target = goal.get("target")
    if target is None or target == "":
        raise ValidationError(_("The goal '%(kpi)s' has no target.") % {"kpi": label})
    if isinstance(target, bool) or not isinstance(target, (str, int, float)):
        raise ValidationError(_("The target of '%(kpi)s' is not a number.") % {"kpi": label})
    try:
        value = Decimal(str(target))
    except InvalidOperation as exc:
        raise ValidationError(
            _("The target of '%(kpi)s' is not a number.") % {"kpi": label}
        ) from exc
    if not value.is_finite():
        raise ValidationError(_("The target of '%(kpi)s' is not a number.") % {"kpi": label})
    return {"kpi": kpi, "target": value, "note": str(goal.get("note") or "")}


def _parse_step(step: dict) -> dict:
    order, kind, title = step.get("order"), step.get("kind"), step.get("title")
    if not isinstance(order, int) or isinstance(order, bool):
        raise ValidationError(_("A step in the template has no valid number."))
    if kind not in Step.Kind.values:
        raise ValidationError(
            _("Unknown kind of step in the template: %(kind)s.") % {"kind": str(kind)[:50]}
        )
    if not isinstance(title, str) or not title.strip():
        raise ValidationError(_("A step in the template has no title."))
    settings = step.get("settings") or {}
    if not isinstance(settings, dict):
        raise ValidationError(
            _("The settings of step '%(title)s' are not valid.") % {"title": title}
        )
    return {
        "order": order,
        "kind": kind,
        "title": title,
        "description": str(step.get("description") or ""),
        "settings": settings,
    }


@transaction.atomic
def programme_import(
    *, organisation, template: dict, starts_on: datetime.date, name: str = ""
) -> Programme:
    """A new draft programme of `organisation` with the template's goals and steps.

    All or nothing: any invalid goal or step rolls the whole import back.
    """
    ends_on = None
    if template["duration_days"] is not None:
        ends_on = starts_on + datetime.timedelta(days=template["duration_days"])
    programme = services.programme_create(
        organisation=organisation,
        name=(name or template["name"]).strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        description=template["description"],
        status=Programme.Status.DRAFT,
    )
    for goal in template["goals"]:
        try:
            services.goal_create(programme=programme, **goal)
        except ValidationError as exc:
            raise ValidationError(
                _("Goal '%(kpi)s': %(error)s")
                % {"kpi": Kpi(goal["kpi"]).label, "error": " ".join(_messages(exc))}
            ) from exc
    for step in template["steps"]:
        try:
            services.step_create(programme=programme, **step)
        except ValidationError as exc:
            raise ValidationError(
                _("Step '%(title)s': %(error)s")
                % {"title": step["title"][:80], "error": " ".join(_messages(exc))}
            ) from exc
    return programme


def _messages(exc: ValidationError) -> list[str]:
    return [str(message) for message in exc.messages]
