"""The apps depend on each other one way (docs/architecture.md, "Apps and their imports").

Read from the source with `ast`, every import counts, also one inside a function: a
lazy import hides an upward dependency from the import order, not from the design.
"""

import ast
from pathlib import Path

from config.project_apps import PROJECT_APPS

ROOT = Path(__file__).resolve().parents[2]

# organisations is the base every app builds on and reaches the others through
# registries only. The one exception: the invitation email goes through the email
# outbox, which lives in notifications (notifications itself needs organisations only
# for its menu entry, registered in ready()).
ALLOWED_UPWARD = {
    # The invitation mail goes through the notifications outbox.
    ("organisations.accounts", "notifications"),
    # A changed password or a switched-off account rotates the calendar link, kept in
    # notifications' user preferences.
    ("organisations.leavers", "notifications"),
    # The invitation's set-password link is registered as a secret built at send time.
    ("organisations.apps", "notifications"),
    # A support coordinator grant is announced to the organisation's admins and coordinators.
    ("organisations.services", "notifications"),
}


def _imports() -> dict[tuple[str, str], set[str]]:
    """{(module, app it imports): line numbers} for every cross-app import of a project app."""
    found: dict[tuple[str, str], set[str]] = {}
    for app in PROJECT_APPS:
        for path in (ROOT / app).rglob("*.py"):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    target = name.split(".")[0]
                    if target in PROJECT_APPS and target != app:
                        found.setdefault((module, target), set()).add(str(node.lineno))
    return found


def _app_graph(imports) -> dict[str, set[str]]:
    graph = {app: set() for app in PROJECT_APPS}
    for (module, target), _lines in imports.items():
        if (module, target) not in ALLOWED_UPWARD:
            graph[module.split(".")[0]].add(target)
    return graph


def _report(imports, keep) -> list[str]:
    return sorted(
        f"{module}:{','.join(sorted(lines, key=int))} imports {target}"
        for (module, target), lines in imports.items()
        if keep(module, target)
    )


def test_nothing_imports_dashboards():
    assert _report(_imports(), lambda module, target: target == "dashboards") == []


def test_organisations_imports_no_other_app():
    def upward(module, target):
        return module.startswith("organisations.") and (module, target) not in ALLOWED_UPWARD

    assert _report(_imports(), upward) == []


def test_the_allowed_exceptions_still_exist():
    # An exception nobody needs any more should leave the list, so it cannot hide a new one.
    assert ALLOWED_UPWARD.issubset(_imports())


def test_the_app_graph_has_no_cycle():
    graph = _app_graph(_imports())
    done: set[str] = set()

    def visit(app, path):
        assert app not in path, "import cycle: " + " -> ".join([*path, app])
        if app in done:
            return
        for target in sorted(graph[app]):
            visit(target, [*path, app])
        done.add(app)

    for app in PROJECT_APPS:
        visit(app, [])
    # Everyone builds on organisations; dashboards reads from every other app.
    assert all("organisations" in graph[app] for app in PROJECT_APPS if app != "organisations")
    assert graph["dashboards"] == set(PROJECT_APPS) - {"dashboards"}
