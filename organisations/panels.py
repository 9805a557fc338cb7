"""Panels other apps add to the employee page, so organisations never imports them.

An app registers a template and a context function in its AppConfig.ready():

    panels.register_employee_panel("intake/_employee_handover.html", handover_context)

The function gets the viewing user and the employee and returns the panel's context, or
None to leave the panel out (no permission, nothing to show). Keep it to a query or two.
"""

from collections.abc import Callable

_PANELS: list[tuple[str, Callable]] = []


def register_employee_panel(template: str, context: Callable) -> None:
    if template not in {name for name, _fn in _PANELS}:
        _PANELS.append((template, context))


def employee_panels(*, user, employee) -> list[dict]:
    panels = []
    for template, context in _PANELS:
        data = context(user, employee)
        if data is not None:
            panels.append({"template": template, "context": data})
    return panels
