"""Operator-visible behaviour of the platform: health, languages, errors, schedule, compose."""

import gettext
from pathlib import Path
from unittest import mock

import polib
import pytest
import yaml
from celery import current_app
from django.db import OperationalError
from django.urls import reverse

from config.schedule import BEAT_SCHEDULE

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_reports_database_and_redis(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("server closed the connection"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


@pytest.mark.django_db
def test_healthz_reports_redis_error_without_failing(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["redis"] == "error"


@pytest.mark.django_db
def test_healthz_talks_to_real_redis_when_configured(client):
    import os

    if not os.environ.get("REDIS_URL"):
        pytest.skip("no REDIS_URL (CI starts a real Redis)")
    assert client.get("/healthz").json()["redis"] == "ok"


@pytest.mark.django_db
def test_login_page_is_dutch_by_default(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="nl">' in html
    assert "Inloggen bij Instroom" in html
    assert "Wachtwoord vergeten?" in html


@pytest.mark.django_db
def test_language_can_be_switched_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert "Log in to Instroom" in client.get(reverse("login")).content.decode()
    client.post("/i18n/setlang/", {"language": "nl", "next": "/accounts/login/"})
    assert "Inloggen bij Instroom" in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_unknown_page_is_a_templated_dutch_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_500_page_renders_without_context():
    from config.errors import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


@pytest.mark.django_db
def test_dates_are_shown_day_month_year_in_dutch():
    import datetime

    from django.template import Context, Template

    rendered = Template('{{ d|date:"SHORT_DATE_FORMAT" }}').render(
        Context({"d": datetime.date(2026, 3, 9)})
    )
    assert rendered == "09-03-2026"


def test_every_scheduled_task_exists():
    current_app.loader.import_default_modules()
    for name, entry in BEAT_SCHEDULE.items():
        assert entry["task"] in current_app.tasks, name


def test_celery_is_json_only_with_time_limits():
    conf = current_app.conf
    assert conf.accept_content == ["json"]
    assert conf.task_serializer == "json"
    assert conf.task_time_limit and conf.task_soft_time_limit


def test_compose_file_describes_the_full_stack():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(compose["services"])
    assert "gunicorn" in compose["services"]["web"]["command"]
    assert "DatabaseScheduler" in compose["services"]["beat"]["command"]


def test_every_dutch_catalogue_is_complete_and_compiled():
    """No empty or fuzzy Dutch translation, and every .mo matches its .po."""
    catalogues = [
        p for p in ROOT.glob("*/locale/nl/LC_MESSAGES/django.po") if ".venv" not in p.parts
    ] + [ROOT / "locale/nl/LC_MESSAGES/django.po"]
    for po_path in catalogues:
        po = polib.pofile(str(po_path))
        problems = [e.msgid for e in po if e.fuzzy or not e.translated()]
        assert not problems, f"{po_path}: untranslated or fuzzy: {problems[:10]}"
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} missing: run make messages"
        with mo_path.open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        for entry in po:
            if entry.msgid_plural:
                continue
            found = (
                compiled.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else compiled.gettext(entry.msgid)
            )
            assert found == entry.msgstr, (
                f"{mo_path} is stale for {entry.msgid!r}: run make messages"
            )


@pytest.mark.django_db
def test_dutch_even_for_an_english_browser_until_english_is_chosen(client):
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    assert (
        "Inloggen bij Instroom" in client.get(reverse("login"), **english_browser).content.decode()
    )
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Log in to Instroom" in client.get(reverse("login"), **english_browser).content.decode()
