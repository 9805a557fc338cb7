"""Browser tests: Debian's Chromium driven by Playwright against the live server.

No browser is downloaded: Chromium is launched from its installed path. Tests skip
when it is missing (a developer machine without the package); CI installs it.
Set SCREENSHOTS=1 (`make screenshots`) to refresh docs/screenshots/.
"""

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = ROOT / "var" / "browser-artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "instroom-demo"

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from
# the test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


# The demo data, seeded once per session and then copied back row for row before each
# test: seeding goes through every service (15 s), restoring the rows takes a second,
# which keeps the whole browser suite within its five minutes.
_SNAPSHOT: list[tuple[type, list[str], list[tuple]]] = []


def _snapshot_models():
    from django.apps import apps
    from django.db import connection

    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.db_table in connection.introspection.table_names()
    ]


def _take_snapshot() -> None:
    for model in _snapshot_models():
        fields = [f.attname for f in model._meta.concrete_fields]
        rows = list(model._base_manager.order_by("pk").values_list(*fields))
        _SNAPSHOT.append((model, fields, rows))


def _restore_snapshot() -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.core.management.color import no_style
    from django.db import connection, transaction

    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    with transaction.atomic():  # foreign keys are checked at commit, so order is free
        for model, fields, rows in _SNAPSHOT:
            if rows:
                model._base_manager.bulk_create(
                    [model(**dict(zip(fields, row, strict=True))) for row in rows],
                    batch_size=500,
                )
    reset = connection.ops.sequence_reset_sql(no_style(), [m for m, _, _ in _SNAPSHOT])
    with connection.cursor() as cursor:
        for sql in reset:
            cursor.execute(sql)
    ContentType.objects.clear_cache()
    cache.clear()


@pytest.fixture
def demo_site(live_server, transactional_db, settings):
    """The live server with the demo data every role logs in to."""
    settings.DEMO_PASSWORD = PASSWORD
    if _SNAPSHOT:
        _restore_snapshot()
    else:
        call_command("seed_demo", stdout=io.StringIO())
        _take_snapshot()
    return live_server


@pytest.fixture
def page(browser, request, demo_site):
    # bypass_csp lets the test inject axe-core; the app's own pages use no inline script.
    context = browser.new_context(
        base_url=demo_site.url,
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.js_errors = errors
    yield tab
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-120:]
        tab.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
        (ARTIFACTS / f"{stem}.html").write_text(tab.content())
        print(f"\nbrowser artefacts: {ARTIFACTS / stem}.png and .html")
    context.close()


@pytest.fixture
def new_page(browser, demo_site):
    """A second, separate browser (no shared cookies): an applicant, another role."""
    contexts = []

    def make():
        context = browser.new_context(
            base_url=demo_site.url,
            viewport={"width": 1280, "height": 900},
            bypass_csp=True,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def login(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the login page, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/$"))


def check_accessibility(page) -> None:
    """axe-core on the current page: no serious or critical violations."""
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"accessibility violations on {page.url}:\n" + "\n".join(bad)


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    """Save docs/screenshots/<name>.png when SCREENSHOTS=1 (`make screenshots`);
    full_page=False keeps the first screen only, for long pages."""
    if os.environ.get("SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def tab_to(page, selector: str, *, backwards: bool = False, limit: int = 150) -> None:
    """Press Tab (or Shift+Tab) until the element matching selector has the focus,
    the way a keyboard user walks through a page."""
    key = "Shift+Tab" if backwards else "Tab"
    page.wait_for_load_state("load")
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} never received the keyboard focus")
