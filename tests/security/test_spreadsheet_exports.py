"""Every spreadsheet export goes through organisations/spreadsheets.py and defuses formulas.

- `test_every_export_defuses_hostile_text`: walks every export URL with hostile text in
  the fields that reach the file (and in the others too), and fails on any cell a
  spreadsheet would run as a formula;
- `test_every_export_is_walked`: a new call of `export_response` fails until it has a
  case here;
- `test_no_other_module_writes_spreadsheets`: nothing outside spreadsheets.py writes CSV
  or XLSX for a response (reading imports is fine).
"""

import ast
import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.finance import services as finance_services
from dashboards.programmes import services as programme_services
from organisations.roles import Role
from tests.dashboards.factories import make_programme
from tests.intake.factories import ApplicationFactory, CampaignFactory

HOSTILE = ['=HYPERLINK("http://evil.example","klik")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]
# Valid e-mail addresses that start like a formula.
HOSTILE_EMAILS = [
    "=1+1@example.org",
    "+31@example.org",
    "-2+3@example.org",
    "=2@example.org",
    "+32@example.org",
    "-4@example.org",
]
# A number may start with "-": "-100,00" is a negative amount, not a formula.
NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
# XML stores CR, but reads it back as LF.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

ROOT = Path(settings.BASE_DIR)


@dataclass(frozen=True)
class Export:
    url: object  # world -> url
    role: Role
    kind: str = "csv"
    hostile_reaches_file: bool = False


def _campaign_list(kind):
    def url(world):
        from intake.models import Campaign

        campaign = Campaign.objects.get(organisation=world.a.organisation, slug="vijandig")
        return reverse("intake:application_list", args=[campaign.pk]) + f"?export={kind}"

    return url


def _programme_url(name, query=""):
    def url(world):
        from dashboards.models import Programme

        programme = Programme.objects.get(organisation=world.a.organisation)
        return reverse(name, args=[programme.pk]) + query

    return url


# Every function that calls spreadsheets.export_response, with the exports it serves.
EXPORTS = {
    "intake.views._export": [
        Export(_campaign_list("csv"), Role.HR_ADVISOR, hostile_reaches_file=True),
        Export(_campaign_list("xlsx"), Role.HR_ADVISOR, "xlsx", hostile_reaches_file=True),
    ],
    # Months and amounts only; the line descriptions and the programme name stay out.
    "dashboards.finance.views.finance_export": [
        Export(_programme_url("dashboards:finance_export"), Role.MANAGER),
    ],
    # KPI labels come from the code; the goals' notes and the programme name stay out.
    "dashboards.programmes.views.programme_evaluation": [
        Export(_programme_url("dashboards:programme_evaluation", "?format=csv"), Role.MANAGER),
    ],
}


@pytest.fixture
def hostile_world(world):
    """Organisation A with hostile text in every free-text field an export could show."""
    campaign = CampaignFactory(organisation=world.a.organisation, title=HOSTILE[0])
    campaign.slug = "vijandig"
    campaign.save(update_fields=["slug"])
    for index, value in enumerate(HOSTILE):
        ApplicationFactory(
            campaign=campaign,
            first_name=value,
            last_name=value,
            email=HOSTILE_EMAILS[index],
            diploma=value,
            motivation=value,
        )
    programme = make_programme(world.a.organisation, name=HOSTILE[0])
    programme_services.goal_create(programme=programme, kpi="hired", target=5, note=HOSTILE[1])
    # Costs without funding: the results are negative numbers, which must stay numbers.
    finance_services.finance_line_create(
        programme=programme,
        kind="recruitment",
        description=HOSTILE[2],
        amount=Decimal("100"),
        starts_on=datetime.date(2026, 1, 1),
    )
    return world


def _cells(response, kind):
    """(text, is_formula) of every cell of the downloaded file."""
    body = response.getvalue()
    if kind == "csv":
        assert body.startswith(b"\xef\xbb\xbf")
        for row in csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"):
            for cell in row:
                yield cell, False
        return
    for row in load_workbook(io.BytesIO(body)).active.iter_rows():
        for cell in row:
            if cell.value is not None:
                yield str(cell.value), cell.data_type == "f"


@pytest.mark.django_db
def test_every_export_defuses_hostile_text(client, hostile_world):
    failures = []
    for function, exports in EXPORTS.items():
        for export in exports:
            url = export.url(hostile_world)
            client.force_login(hostile_world.a.user(export.role))
            response = client.get(url)
            assert response.status_code == 200, url
            assert "attachment" in response["Content-Disposition"], url
            cells = list(_cells(response, export.kind))
            for text, is_formula in cells:
                if is_formula or (text.startswith(FORMULA_STARTS) and not NUMBER.match(text)):
                    failures.append(f"{function} {url}: {text!r}")
            if export.hostile_reaches_file:
                texts = {text.replace("\n", "\r") for text, _f in cells}
                missing = [v for v in HOSTILE + HOSTILE_EMAILS if "'" + v not in texts]
                assert not missing, f"{url}: hostile values did not reach the file: {missing}"
    assert not failures, "undefused cells:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_negative_amounts_stay_numbers(client, hostile_world):
    client.force_login(hostile_world.a.user(Role.MANAGER))
    response = client.get(_programme_url("dashboards:finance_export")(hostile_world))
    text = response.getvalue().decode("utf-8-sig")
    assert ";-100,00;" in text and "'-" not in text


@pytest.mark.django_db
def test_candidate_export_writes_labels_dates_and_translated_yes_no(client, world):
    campaign = CampaignFactory(organisation=world.a.organisation)
    application = ApplicationFactory(campaign=campaign, last_name="Bakker")
    client.force_login(world.a.user(Role.HR_ADVISOR))
    url = reverse("intake:application_list", args=[campaign.pk])
    body = client.get(url, {"export": "csv"}).getvalue().decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert header == [
        "Ingediend",
        "Voornaam",
        "Achternaam",
        "E-mail",
        "Fase",
        "Bron",
        "Gewogen totaal",
        "Voldoet niet aan een harde eis",
        "Geadviseerde route",
        "Wachtlijst",
    ]
    submitted = application.submitted_at.astimezone(datetime.UTC).date()
    assert re.match(r"^\d\d-\d\d-\d{4}$", row[0]) and row[0][-4:] == str(submitted.year)
    assert row[2] == "Bakker"
    assert row[4] == str(application.get_stage_display())
    assert row[7] == "nee" and row[9] == "nee"
    assert row[8] == "45 EC-traject (verkort traject)"  # a related HBO degree, not "45ec"
    # In XLSX the date is a date cell.
    sheet = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).getvalue())).active
    assert sheet.title == "Sollicitaties"
    first = next(sheet.iter_rows(min_row=2))
    assert isinstance(first[0].value, datetime.datetime) and first[0].number_format == "dd-mm-yyyy"


@pytest.mark.django_db
def test_export_query_counts_do_not_grow_with_rows(client, world, django_assert_num_queries):
    campaign = CampaignFactory(organisation=world.a.organisation)
    programme = make_programme(world.a.organisation)
    list_url = reverse("intake:application_list", args=[campaign.pk])
    urls = {
        list_url + "?export=csv": (Role.HR_ADVISOR, 8),
        list_url + "?export=xlsx": (Role.HR_ADVISOR, 8),
        reverse("dashboards:finance_export", args=[programme.pk]): (Role.MANAGER, 13),
        reverse("dashboards:programme_evaluation", args=[programme.pk]) + "?format=csv": (
            Role.MANAGER,
            15,
        ),
    }

    def check():
        for url, (role, count) in urls.items():
            client.force_login(world.a.user(role))
            # The CSV is streamed: its rows are read while the body is consumed.
            with django_assert_num_queries(count):
                client.get(url).getvalue()

    ApplicationFactory(campaign=campaign)
    check()
    for _ in range(3):
        ApplicationFactory(campaign=campaign)
    check()


# --- completeness ----------------------------------------------------------------------


def _modules():
    skip = {"tests", ".venv", "node_modules", "static", "migrations", ".git"}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if not skip.intersection(relative.parts):
            yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _dotted(relative: Path) -> str:
    return ".".join(relative.with_suffix("").parts)


def test_every_export_is_walked():
    callers = set()
    for relative, tree in _modules():
        for function in tree.body:
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Call):
                    target = node.func
                    name = (
                        target.attr
                        if isinstance(target, ast.Attribute)
                        else getattr(target, "id", "")
                    )
                    if name == "export_response":
                        callers.add(f"{_dotted(relative)}.{function.name}")
    assert callers == set(EXPORTS), (
        "every function that calls export_response needs a hostile case in EXPORTS "
        f"(missing: {callers - set(EXPORTS)}, stale: {set(EXPORTS) - callers})"
    )


# Writes a CSV upload for the import benchmark: a file sent to the app, not a response.
ALLOWED = {
    Path("organisations/spreadsheets.py"): {"*"},
    Path("bench/jobs.py"): {"csv.DictWriter", "text/csv"},
}


def _spreadsheet_writing(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            found = f"{node.value.id}.{node.attr}"
            if found in {"csv.writer", "csv.DictWriter", "openpyxl.Workbook"}:
                yield found, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module in {"csv", "openpyxl"}:
            for alias in node.names:
                if alias.name in {"writer", "DictWriter", "Workbook"}:
                    yield f"{node.module}.{alias.name}", node.lineno
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for content_type in ("text/csv", "spreadsheetml"):
                if content_type in node.value:
                    yield content_type, node.lineno


def test_no_other_module_writes_spreadsheets():
    offenders = []
    for relative, tree in _modules():
        allowed = ALLOWED.get(relative, set())
        for found, line in _spreadsheet_writing(tree):
            if "*" not in allowed and found not in allowed:
                offenders.append(f"{relative}:{line} {found}")
    assert not offenders, (
        "write CSV/XLSX exports through organisations.spreadsheets.export_response: "
        + ", ".join(offenders)
    )
    # The scan does see what it looks for.
    exporter = ast.parse((ROOT / "organisations/spreadsheets.py").read_text(encoding="utf-8"))
    found = {f for f, _line in _spreadsheet_writing(exporter)}
    assert {"csv.writer", "openpyxl.Workbook", "text/csv"} <= found
