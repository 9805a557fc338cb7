"""The permission matrix: every named URL x every principal, from url_matrix.URLS."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from organisations.models import Team
from organisations.roles import Role
from tests.security import url_matrix
from tests.security.admin_objects import admin_url, scoped_models
from tests.security.url_matrix import LOGIN, NOT_FOUND, REDIRECT, RULES, URLS

User = get_user_model()

PRINCIPALS = [(None, None)] + [(side, role) for side in ("a", "b") for role in Role]


def named_urls() -> dict[str, bool]:
    """{name: takes arguments} for every named pattern, with namespaces."""
    found: dict[str, bool] = {}

    def walk(resolver, namespace, has_args):
        for pattern in resolver.url_patterns:
            args = has_args or bool(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, ns, args)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found[name] = found.get(name, False) or args

    walk(get_resolver(), "", False)
    return found


def _covered_by_rule(name):
    return any(name.startswith(rule.prefix) for rule in RULES)


def test_every_named_url_has_an_entry():
    names = named_urls()
    missing = sorted(n for n in names if n not in URLS and not _covered_by_rule(n))
    assert not missing, f"add these URLs to tests/security/url_matrix.py: {missing}"
    stale = sorted(set(URLS) - set(names))
    assert not stale, f"url_matrix.py names URLs that no longer exist: {stale}"


def test_object_urls_are_never_reachable_from_the_other_organisation():
    """IDOR guard on the table itself: B gets 404 on A's objects unless marked shared."""
    names = named_urls()
    for name, cases in URLS.items():
        for entry in cases if isinstance(cases, list) else [cases]:
            if not names.get(name) or entry.shared or entry.kwargs(_NoWorld()) == {}:
                continue
            for role in Role:
                assert entry.expected("b", role) == NOT_FOUND, (name, role)


class _NoWorld:
    """Lets the guard call kwargs(world) only to see whether a URL takes ids."""

    def __getattr__(self, name):
        return _NoWorld()

    def __getitem__(self, key):
        return _NoWorld()

    def __call__(self, *args, **kwargs):
        return _NoWorld()

    def __iter__(self):
        return iter(())

    pk = 0


def _outcome(response, login_url):
    if response.status_code == 302:
        return LOGIN if response.url.startswith(login_url) else REDIRECT
    return response.status_code


def _user(world, side, role):
    return getattr(world, side).user(role)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(URLS))
def test_url_matrix(client, world, name):
    cases = URLS[name]
    login_url = reverse("login")
    failures = []
    for index, entry in enumerate(cases if isinstance(cases, list) else [cases]):
        url = reverse(name, kwargs=entry.kwargs(world))
        data = entry.data(world) if callable(entry.data) else (entry.data or {})
        for side, role in PRINCIPALS:
            client.logout()
            if side is not None:
                client.force_login(_user(world, side, role))
            response = getattr(client, entry.method)(url, data)
            got = _outcome(response, login_url)
            want = entry.expected(side, role)
            if got != want:
                who = "anonymous" if side is None else f"{side}:{role.value}"
                failures.append(
                    f"case {index} {entry.method.upper()} {url} as {who}: "
                    f"expected {want}, got {got}"
                )
    assert not failures, "\n".join(failures)


# --- the admin rule ------------------------------------------------------------------------


@pytest.fixture
def staff_admins(world):
    """Functional admins are staff (as in the demo data); everyone else is not."""
    for side in (world.a, world.b):
        user = side.user(Role.FUNCTIONAL_ADMIN)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return world


@pytest.mark.django_db
def test_admin_rule(client, staff_admins):
    world = staff_admins
    admin_login = reverse("admin:login")
    index = reverse("admin:index")
    changelists = [
        reverse(n)
        for n, args in named_urls().items()
        if n.startswith("admin:") and n.endswith("_changelist") and not args
    ]
    assert changelists
    for side, role in PRINCIPALS:
        client.logout()
        if side is not None:
            client.force_login(_user(world, side, role))
        staff = role == Role.FUNCTIONAL_ADMIN
        for url in [index, *changelists]:
            response = client.get(url)
            if not staff:
                assert response.status_code == 302, (url, side, role)
                assert response.url.startswith(admin_login), (url, side, role)
            else:
                assert response.status_code in (200, 403), (url, side, role)
        if staff:
            assert client.get(index).status_code == 200


@pytest.mark.django_db
def test_admin_objects_of_another_organisation_are_unreachable(client, staff_admins):
    world = staff_admins
    client.force_login(world.b.user(Role.FUNCTIONAL_ADMIN))
    for name, obj in [
        ("admin:organisations_organisation_change", world.a.organisation),
        ("admin:organisations_team_change", world.a.team),
    ]:
        response = client.get(reverse(name, args=[obj.pk]))
        # Out-of-scope objects are a 404 (admin_scoping), not Django's redirect to the index.
        assert response.status_code == 404, name
        assert client.post(reverse(name, args=[obj.pk]), {"name": "Overgenomen"}).status_code == 404
    world.a.organisation.refresh_from_db()
    assert world.a.organisation.name == "Alfa"
    client.force_login(world.a.user(Role.FUNCTIONAL_ADMIN))
    assert Permission.objects.exists()
    response = client.get(
        reverse("admin:organisations_organisation_change", args=[world.a.organisation.pk])
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_admin_object_urls_of_a_are_not_found_for_b(client, two):
    """Every admin-registered model, from the registry: B's functional admin (with every
    model permission) finds no object of A in the changelist and gets 404 on its change,
    delete, history, simple_history version and user password URLs (GET and POST)."""
    world, a, b, admin_b = two
    client.force_login(admin_b)
    failures = []
    for model in scoped_models():
        foreign, own = a[model], b[model]
        response = client.get(
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        )
        if response.status_code != 200:
            failures.append(f"{model._meta.label} changelist: {response.status_code}")
            continue
        shown = {obj.pk for obj in response.context["cl"].result_list}
        if foreign.pk in shown:
            failures.append(f"{model._meta.label}: A's object in B's changelist")
        if own.pk not in shown:
            failures.append(f"{model._meta.label}: B's own object missing from the changelist")
        actions = ["change", "delete", "history"] + (["password"] if model is User else [])
        for action in actions:
            url = (
                reverse("admin:auth_user_password_change", args=[foreign.pk])
                if action == "password"
                else admin_url(model, action, foreign)
            )
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                if status not in (403, 404):
                    failures.append(f"{method.upper()} {url}: {status}")
        # simple_history's version page (it can revert) fetches the version itself.
        history = getattr(model, "history", None)
        if history is not None and history.filter(id=foreign.pk).exists():
            version = history.filter(id=foreign.pk).first()
            try:
                url = reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history",
                    args=[foreign.pk, version.history_id],
                )
            except NoReverseMatch:
                url = None
            if url and client.get(url).status_code not in (403, 404):
                failures.append(f"GET {url}: not refused")
        if client.get(admin_url(model, "change", own)).status_code != 200:
            failures.append(f"{model._meta.label}: B's own object not reachable")
    assert not failures, "\n".join(failures)
    assert Team.objects.get(pk=world.a.team.pk).name == "Team Alfa"


def test_matrix_module_documents_its_format():
    assert "How to add your app's URLs" in url_matrix.__doc__
