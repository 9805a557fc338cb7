"""Hypothesis fuzzing of every registered form: never a 500, nothing half saved."""

import os

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.forms.models import model_to_dict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.form_registry import FORMS

# 15 examples per form keep the whole run (32 forms) near a minute on PostgreSQL;
# FUZZ_EXAMPLES=200 for a deeper run before a release.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))

PAYLOADS = [
    "",
    " ",
    "\x00",
    "Sanne\x00",
    "\x00" * 20,
    "\r\n\t\x0b\x0c",
    "\x1b[31mrood\x1b[0m",
    "\x7f\x08\x07",
    "\u202egnaltnerf",
    "\ufeffBOM",
    "\ud7ff\ue000\uffff",
    "𝕊𝕒𝕟𝕟𝕖 👩🏽‍⚕️",
    "Zoë Özdemir-van 't Hek",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}{% debug %}",
    "' OR '1'='1' --",
    "'; DROP TABLE organisations_employee; --",
    "1; SELECT pg_sleep(10)",
    "%s%s%s%n",
    "../../../../etc/passwd",
    "x" * 256,
    "x" * 5000,
    "é" * 1000,
    "-1",
    "0",
    "-0",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "99999999999999999999999999999",
    "-99999999999999999999999999999",
    "9223372036854775808",
    "2147483648",
    "1,5,5",
    "0,0000000001",
    "31-02-2025",
    "29-02-2023",
    "00-00-0000",
    "2025-13-45",
    "99-99-9999",
    "01-01-0001",
    "31-12-9999",
    "01-01-10000",
    "1-1-1",
    "2025/01/01",
    "morgen",
    "true",
    "on",
    "[]",
    "{}",
]

hostile = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda f: str(f).replace(".", ",")),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
    st.lists(st.sampled_from(PAYLOADS), min_size=2, max_size=3),
)


def _counts(models):
    return {model: model._default_manager.count() for model in models}


def _snapshot(models):
    return {
        model: {obj.pk: model_to_dict(obj) for obj in model._default_manager.all()}
        for model in models
    }


@pytest.mark.django_db
@pytest.mark.parametrize("form", FORMS, ids=str)
def test_fuzz_form(client, world, form, monkeypatch):
    for name, value in form.overrides.items():
        monkeypatch.setattr(django_settings, name, value)
    user = world.a.user(form.role) if form.role is not None else None
    if user is not None:
        client.force_login(user)
    if form.setup is not None:
        form.setup(world, user)
    url = form.url(world)
    valid = form.valid(world)
    fields = sorted(valid) + ["unexpected_field"]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.dictionaries(st.sampled_from(fields), hostile, min_size=1, max_size=4))
    def attack(changes):
        data = {**valid, **changes}
        _rewind(data)
        with transaction.atomic():
            before = _snapshot(form.watch)
            response = client.post(url, data)
            assert response.status_code < 500, (form.name, data)
            after = _snapshot(form.watch)
            if response.status_code not in form.accepted:
                assert _counts_of(after) == _counts_of(before), (form.name, data)
                assert after == before, (form.name, data)
            for model in form.watch:
                for pk, row in after[model].items():
                    if before[model].get(pk) != row:
                        model._default_manager.get(pk=pk).full_clean(
                            exclude=form.clean_exclude.get(model._meta.label, [])
                        )
            transaction.set_rollback(True)

    attack()


def _rewind(data):
    """Uploaded files in a payload are read by every post: start each post at byte 0."""
    for value in data.values():
        if hasattr(value, "seek"):
            value.seek(0)


def _counts_of(snapshot):
    return {model: len(rows) for model, rows in snapshot.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("form", FORMS, ids=str)
def test_valid_payload_is_accepted(client, world, form, monkeypatch):
    """The fuzzer starts from a payload the form accepts, or it tests nothing."""
    for name, value in form.overrides.items():
        monkeypatch.setattr(django_settings, name, value)
    user = world.a.user(form.role) if form.role is not None else None
    if user is not None:
        client.force_login(user)
    if form.setup is not None:
        form.setup(world, user)
    response = client.post(form.url(world), form.valid(world))
    assert response.status_code in form.accepted, (
        form.name,
        response.status_code,
        response.context and response.context.get("form") and response.context["form"].errors,
    )
