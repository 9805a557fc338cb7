"""Security headers on real responses, and no inline script or style anywhere."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from organisations.roles import Role
from tests.security.production import production_settings

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/accounts/login/", "/", "/organisations/", "/healthz"])
def test_every_response_carries_the_security_headers(client, world, path):
    if path != "/accounts/login/":
        client.force_login(world.a.user(Role.HR_ADVISOR))
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = _csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


def test_error_pages_carry_the_headers_too(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response.headers
    assert response.headers["X-Frame-Options"] == "DENY"


def test_hsts_and_https_redirect_in_production(client, settings):
    values = production_settings()
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_SSL_REDIRECT"]
    for name in (
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SECURE_REDIRECT_EXEMPT",
    ):
        setattr(settings, name, values[name])
    settings.SECURE_PROXY_SSL_HEADER = tuple(values["SECURE_PROXY_SSL_HEADER"])
    response = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    hsts = response.headers["Strict-Transport-Security"]
    assert f"max-age={values['SECURE_HSTS_SECONDS']}" in hsts and "includeSubDomains" in hsts
    plain = client.get(reverse("login"))
    assert plain.status_code == 301 and plain.url.startswith("https://")
    # The orchestrator probes /healthz over plain HTTP inside the network.
    assert client.get("/healthz").status_code == 200


def test_deploy_check_has_zero_warnings():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="instroom.example",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.I)


def _templates():
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        yield path


def test_no_template_needs_inline_script_style_or_event_handlers():
    offenders = []
    for path in _templates():
        text = path.read_text()
        if INLINE_SCRIPT.search(text) or INLINE_STYLE.search(text):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"move inline script/style to static files: {offenders}"


def test_rendered_pages_contain_no_inline_script(client, world):
    client.force_login(world.a.user(Role.HR_ADVISOR))
    for path in ["/", "/organisations/", f"/organisations/{world.a.organisation.pk}/"]:
        html = client.get(path).content.decode()
        assert not INLINE_SCRIPT.search(html), path
        assert not INLINE_STYLE.search(html), path
    client.logout()
    html = client.get(reverse("login")).content.decode()
    assert '"includeIndicatorStyles": false' in html  # htmx injects no <style>
