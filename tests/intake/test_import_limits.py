"""Imports cannot starve other work: limits checked before parsing, failures that stay
failed, a queue of their own, and a bad line that is one rejected row."""

import datetime
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import time_machine
import yaml
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from intake import import_limits, services
from intake.imports import read_rows
from intake.models import Application, ImportJob
from organisations.roles import Role

from .factories import CampaignFactory, xlsx_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(django_settings.BASE_DIR)
HEADER = "first_name;last_name;email;education_level;education_field"


@pytest.fixture
def campaign(world):
    return CampaignFactory(organisation=world.a.organisation)


@pytest.fixture
def no_parsing(monkeypatch):
    """Fails the test if openpyxl starts reading a workbook."""
    from openpyxl.reader.excel import ExcelReader

    def parsed(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(ExcelReader, "read_strings", parsed)
    monkeypatch.setattr(openpyxl, "load_workbook", parsed)


def _csv(n: int) -> bytes:
    lines = [HEADER] + [
        f"Naam{i};Achternaam{i};persoon{i}@example.org;hbo;related" for i in range(1, n + 1)
    ]
    return ("\n".join(lines) + "\n").encode()


def _xlsx_with_sheet(sheet_xml: bytes, *, stored: bool = False) -> bytes:
    """A real workbook whose first sheet is replaced by `sheet_xml`."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["first_name", "last_name", "email"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            target.writestr(
                member.filename, data, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


def _sheet(rows: bytes, dimension: str | None = None) -> bytes:
    head = (
        b'<?xml version="1.0"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    )
    if dimension:
        head += b'<dimension ref="%s"/>' % dimension.encode()
    return head + b"<sheetData>" + rows + b"</sheetData></worksheet>"


def _bomb() -> bytes:
    """Unpacks to about 3 MB of empty rows, zipped to a few kilobytes."""
    return _xlsx_with_sheet(_sheet(b'<row r="2"/>' * 250_000))


def _job(world, campaign, name: str, content: bytes) -> ImportJob:
    """A stored job, as if the upload form had been bypassed."""
    job = ImportJob(campaign=campaign, original_name=name, created_by=world.a.user(Role.HR_ADVISOR))
    job.file.save(name, SimpleUploadedFile(name, content), save=True)
    return job


def _never_resumed(job: ImportJob) -> None:
    """Hours later, the sweep still leaves the failed job alone."""
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        assert services.import_jobs_resume() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED


# --- the zip bomb: refused before parsing --------------------------------------------------


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_at_upload(
    client, world, campaign, settings, no_parsing
):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    bomb = _bomb()
    assert len(bomb) < 50_000
    client.force_login(world.a.user(Role.HR_ADVISOR))
    response = client.post(
        reverse("intake:import_create", args=[campaign.pk]),
        {"file": SimpleUploadedFile("lijst.xlsx", bomb)},
    )
    assert response.status_code == 200
    assert "Het bestand is te groot" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_zip_bomb_under_the_size_limit_is_refused_by_its_compression_ratio(
    client, world, campaign, no_parsing
):
    # The default 50 MB unpacked would let it through; 3 MB from a few KB is a bomb.
    client.force_login(world.a.user(Role.HR_ADVISOR))
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("intake:import_create", args=[campaign.pk]),
        {"file": SimpleUploadedFile("lijst.xlsx", _bomb())},
    )
    assert response.status_code == 200
    assert "The file is too large" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_zip_bomb_that_reaches_the_job_fails_unparsed_and_is_never_resumed(
    world, campaign, settings, no_parsing
):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    job = _job(world, campaign, "lijst.xlsx", _bomb())
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.failure) == (ImportJob.Status.FAILED, "too_large")
    assert not job.file  # the applicant data is not kept
    _never_resumed(job)


def test_a_large_but_honest_stored_xlsx_is_not_a_bomb(settings):
    # Stored (not compressed) members have ratio 1: only the unpacked size counts.
    content = _xlsx_with_sheet(_sheet(b'<row r="2"/>' * 100_000), stored=True)
    import_limits.check_file(io.BytesIO(content), "lijst.xlsx")
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    with pytest.raises(import_limits.ImportLimitError):
        import_limits.check_file(io.BytesIO(content), "lijst.xlsx")


def test_a_sheet_that_declares_too_many_rows_is_refused_at_upload(
    client, world, campaign, settings, no_parsing
):
    settings.IMPORT_MAX_ROWS = 5
    content = _xlsx_with_sheet(_sheet(b"", dimension="A1:M7"))
    client.force_login(world.a.user(Role.HR_ADVISOR))
    response = client.post(
        reverse("intake:import_create", args=[campaign.pk]),
        {"file": SimpleUploadedFile("lijst.xlsx", content)},
    )
    assert "Het bestand heeft meer dan 5 rijen" in response.content.decode()
    assert not ImportJob.objects.exists()
    # Header plus exactly the limit is fine.
    import_limits.check_file(io.BytesIO(_xlsx_with_sheet(_sheet(b"", "A1:M6"))), "x.xlsx")


def test_a_csv_over_the_file_size_limit_is_refused_at_upload(client, world, campaign, settings):
    settings.IMPORT_MAX_FILE_BYTES = 1000
    client.force_login(world.a.user(Role.HR_ADVISOR))
    response = client.post(
        reverse("intake:import_create", args=[campaign.pk]),
        {"file": SimpleUploadedFile("lijst.csv", _csv(40))},
    )
    assert "Het bestand is te groot" in response.content.decode()
    assert not ImportJob.objects.exists()


# --- the row limit: stops there, fails with its reason, stays failed ---------------------


def test_a_file_over_the_row_limit_stops_there_and_fails_with_its_reason(
    client, world, campaign, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_MAX_ROWS = 5
    client.force_login(world.a.user(Role.HR_ADVISOR))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("intake:import_create", args=[campaign.pk]),
            {"file": SimpleUploadedFile("lijst.csv", _csv(8))},
        )
    assert response.status_code == 302  # rows are only counted while reading
    job = ImportJob.objects.get()
    assert (job.status, job.failure) == (ImportJob.Status.FAILED, "too_many_rows")
    assert (job.imported_rows, job.attempts) == (0, 1)
    assert not Application.objects.filter(campaign=campaign).exists()  # nothing half
    page = client.get(response["Location"]).content.decode()
    assert "Het bestand heeft meer dan 5 rijen" in page
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(response["Location"]).content.decode()
    assert "The file has more than 5 rows" in page
    _never_resumed(job)


def test_reading_stops_at_the_limit_not_at_the_end_of_the_file(settings):
    settings.IMPORT_MAX_ROWS = 5
    content = _csv(5) + b"".join(b"Naam;X;x%d@example.org\n" % i for i in range(100_000))
    rows = read_rows(content, "lijst.csv")
    assert len([next(rows) for _ in range(5)]) == 5
    with pytest.raises(import_limits.ImportLimitError):
        next(rows)


def test_an_xlsx_over_the_row_limit_without_a_dimension_fails_in_the_job(world, campaign, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["first_name", "last_name", "email"]] + [
        [f"Naam{i}", "Visser", f"p{i}@example.org"] for i in range(6)
    ]
    content = xlsx_bytes(rows)
    job = _job(world, campaign, "lijst.xlsx", content)
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.failure) == (ImportJob.Status.FAILED, "too_many_rows")
    _never_resumed(job)


def test_millions_of_empty_rows_cost_no_more_than_the_limit(settings):
    """An empty row is cheap but not free: as many as the limit, then the file fails."""
    settings.IMPORT_MAX_ROWS = 50
    header = b'<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c></row>'
    # One row far down: openpyxl would invent every empty row before it.
    far = b'<row r="900000000"><c r="A900000000" t="inlineStr"><is><t>x</t></is></c></row>'
    content = _xlsx_with_sheet(_sheet(header + far))
    with pytest.raises(import_limits.ImportLimitError):
        list(read_rows(content, "lijst.xlsx"))
    # Trailing empty rows within the limit are skipped.
    content = _xlsx_with_sheet(
        _sheet(
            header
            + b'<row r="2"><c r="A2" t="inlineStr"><is><t>a@example.org</t></is></c></row>'
            + b"".join(b'<row r="%d"/>' % i for i in range(3, 40))
        )
    )
    assert [n for n, _row, _e in read_rows(content, "lijst.xlsx")] == [2]


def test_a_job_that_keeps_losing_its_worker_is_failed_by_the_sweep(world, campaign):
    job = _job(world, campaign, "lijst.csv", _csv(2))
    stale = timezone.now() - datetime.timedelta(hours=1)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, heartbeat_at=stale, attempts=import_limits.MAX_ATTEMPTS
    )
    assert services.import_jobs_resume() == 0
    job.refresh_from_db()
    assert (job.status, job.failure) == (ImportJob.Status.FAILED, "gave_up")
    assert not job.file
    assert not Application.objects.filter(campaign=campaign).exists()


# --- malformed lines: one rejected row each ------------------------------------------------


def test_a_stray_carriage_return_rejects_its_line_and_imports_the_rest(
    world, campaign, django_capture_on_commit_callbacks
):
    content = (
        f"{HEADER}\r\n"
        "Anouk;Bakker;anouk@example.org;hbo;related\r\n"
        "Bram;Smit\rjr;bram@example.org;hbo;related\r\n"
        "Chantal;Visser;chantal@example.org;hbo;related\r\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(
            campaign=campaign,
            upload=SimpleUploadedFile("lijst.csv", content),
            created_by=world.a.user(Role.HR_ADVISOR),
        )
    job.refresh_from_db()
    assert (job.status, job.imported_rows) == (ImportJob.Status.DONE, 2)
    assert [r["row"] for r in job.rejected] == [3]
    assert "regeleinde" in job.rejected[0]["errors"][0]
    names = set(Application.objects.values_list("candidate__first_name", flat=True))
    assert names == {"Anouk", "Chantal"}


def test_a_nul_byte_and_a_line_that_is_not_utf8_are_rejected_rows(
    world, campaign, django_capture_on_commit_callbacks
):
    content = (
        f"{HEADER}\n"
        "Zoë;Bakker;zoe@example.org;hbo;related\n"
        "Bram;Smit;bram\x00@example.org;hbo;related\n"
    ).encode() + b"Daan;M\xfcller;daan@example.org;hbo;related\n"
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(
            campaign=campaign,
            upload=SimpleUploadedFile("lijst.csv", content),
            created_by=world.a.user(Role.HR_ADVISOR),
        )
    job.refresh_from_db()
    assert (job.status, job.imported_rows) == (ImportJob.Status.DONE, 1)
    assert [r["row"] for r in job.rejected] == [3, 4]
    assert "UTF-8" in job.rejected[1]["errors"][0]


def test_a_windows_1252_file_is_read_as_such():
    content = f"{HEADER}\nDaan;Müller;daan@example.org;hbo;related\n".encode("cp1252")
    assert [row["last_name"] for _n, row, _e in read_rows(content, "lijst.csv")] == ["Müller"]


def test_an_xlsx_with_dates_is_read_without_load_workbook(monkeypatch):
    monkeypatch.setattr(openpyxl, "load_workbook", None)
    content = xlsx_bytes(
        [["first_name", "submitted_at"], ["Fleur", datetime.datetime(2026, 10, 1, 9, 0)]]
    )
    assert list(read_rows(content, "lijst.xlsx")) == [
        (2, {"first_name": "Fleur", "submitted_at": "01-10-2026"}, None)
    ]


# --- a queue of their own ------------------------------------------------------------------


def test_imports_are_routed_to_their_own_queue_and_mail_is_not():
    router = celery_app.amqp.router
    route = router.route({}, "intake.tasks.import_applications", args=(1,), kwargs={})
    assert route["queue"].name == "imports"
    mail = router.route({}, "notifications.tasks.deliver_notifications", args=([1],), kwargs={})
    assert mail["queue"].name == celery_app.conf.task_default_queue == "celery"


def test_every_queue_has_a_worker_of_its_own_in_compose_and_make():
    queues = {"celery", "imports"}
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    consumed = [
        set(re.search(r"-Q (\S+)", service["command"]).group(1).split(","))
        for service in compose.values()
        if "config worker" in str(service.get("command", ""))
    ]
    # Each worker serves one queue, and together they serve all.
    assert sorted(map(sorted, consumed)) == [["celery"], ["imports"]]
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nworker: install\n", 1)[1].split("\n\n", 1)[0]
    assert {q for q in queues if f"-Q {q} " in recipe} == queues
