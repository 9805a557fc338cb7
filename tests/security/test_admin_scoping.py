"""The Django admin is scoped like the app (#15), proved from the admin registry itself.

For EVERY model in `admin.site._registry`: a functional admin of B (given every model
permission, so only the scoping stands between them and A's data) finds no object of A
in the changelist, gets 404 on its change, delete and history pages (and a user's
password page: test_admin_object_urls_of_a_are_not_found_for_b in test_url_matrix.py),
and no choice of A in any ForeignKey / ManyToMany field of any form or
inline. A new ModelAdmin without a base from organisations.admin_scoping, without a
registered scope or without a factory in admin_objects.FACTORIES fails here.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.forms import ModelChoiceField
from django.test import RequestFactory
from django.urls import reverse

from organisations.admin_scoping import (
    BASES,
    INLINE_BASES,
    SharedReferenceAdmin,
    has_admin_scope,
)
from organisations.models import Membership
from organisations.roles import Role
from tests.security.admin_objects import FACTORIES, admin_url, scoped_models
from training.models import RegistrationRule, Route

User = get_user_model()


def test_every_registered_admin_inherits_one_of_the_two_bases():
    wrong = [
        f"{model._meta.label}: {type(model_admin).__name__}"
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, BASES)
    ]
    assert not wrong, "ModelAdmins without organisations.admin_scoping base: " + ", ".join(wrong)
    inlines = [
        f"{model._meta.label}: {inline.__name__}"
        for model, model_admin in admin.site._registry.items()
        if not getattr(model_admin, "superuser_only", False)
        for inline in model_admin.inlines
        if not issubclass(inline, INLINE_BASES)
    ]
    assert not inlines, "inlines without a scoped/shared base: " + ", ".join(inlines)


def test_every_scoped_model_has_a_scope_and_a_factory():
    missing_scope = [m._meta.label for m in scoped_models() if not has_admin_scope(m)]
    assert not missing_scope, f"register_admin_scope() missing for {missing_scope}"
    missing = [m._meta.label for m in scoped_models() if m not in FACTORIES]
    assert not missing, f"add a builder to tests/security/admin_objects.py for {missing}"


@pytest.mark.django_db
def test_no_form_or_inline_offers_or_accepts_a_choice_of_a(two):
    world, a, b, admin_b = two
    request = RequestFactory().get("/admin/")
    request.user = admin_b
    failures = []
    for model, model_admin in admin.site._registry.items():
        if model not in FACTORIES:
            continue
        own = b[model]
        forms = [model_admin.get_form(request, own)()]
        for inline in model_admin.get_inline_instances(request, own):
            formset = inline.get_formset(request, own)(instance=own)
            forms.append(formset.empty_form)
        for form in forms:
            for name, field in form.fields.items():
                # An inline row's own id: Django looks existing rows up in the parent's
                # rows only, and an extra row always inserts (its id is not assigned).
                if (
                    not isinstance(field, ModelChoiceField)
                    or name == form._meta.model._meta.pk.name
                ):
                    continue
                related = field.queryset.model
                foreign = a.get(related)
                if foreign is None or not has_admin_scope(related):
                    continue
                if field.queryset.filter(pk=foreign.pk).exists():
                    failures.append(f"{model._meta.label}.{name} offers A's {related._meta.label}")
                # What the server accepts on POST is the same queryset.
                value = (
                    [str(foreign.pk)]
                    if hasattr(field, "to_field_name")
                    and field.__class__.__name__.startswith("ModelMultiple")
                    else str(foreign.pk)
                )
                try:
                    field.clean(value)
                except Exception:  # noqa: BLE001 - any validation error is the refusal
                    continue
                failures.append(f"{model._meta.label}.{name} accepts A's {related._meta.label}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_superuser_still_sees_every_organisation(client, two):
    world, a, b, _admin_b = two
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x-secret-9"))
    for model in scoped_models():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        shown = {obj.pk for obj in client.get(url).context["cl"].result_list}
        assert {a[model].pk, b[model].pk} <= shown, model._meta.label


# --- shared reference data ------------------------------------------------------------------


@pytest.mark.django_db
def test_shared_reference_data_is_read_only_to_a_functional_admin(client, two):
    world, _a, _b, admin_b = two
    client.force_login(admin_b)
    route = Route.objects.get(code="45ec")
    rule = RegistrationRule.objects.first() or RegistrationRule.objects.create()
    for obj in (route, rule):
        page = client.get(admin_url(type(obj), "change", obj))
        assert page.status_code == 200  # view permission: read-only page
        assert b'name="_save"' not in page.content
        assert (
            client.post(admin_url(type(obj), "change", obj), {"name": "Gekaapt"}).status_code == 403
        )
    assert client.get(reverse("admin:training_route_add")).status_code == 403
    route.refresh_from_db()
    assert route.name != "Gekaapt"
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, SharedReferenceAdmin):
            request = RequestFactory().get("/")
            request.user = admin_b
            assert not model_admin.has_add_permission(request), model._meta.label
            assert not model_admin.has_change_permission(request), model._meta.label
            assert not model_admin.has_delete_permission(request), model._meta.label


@pytest.mark.django_db
def test_system_tables_are_hidden_from_a_functional_admin(client, two):
    _world, _a, _b, admin_b = two
    client.force_login(admin_b)
    for name in ("auth_group", "otp_totp_totpdevice", "notifications_reminderclaim"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403, name


@pytest.mark.django_db
def test_shared_rejection_reasons_are_read_only(client, two):
    from intake.models import RejectionReason

    _world, _a, _b, admin_b = two
    shared = RejectionReason.objects.create(label="Gedeeld")
    client.force_login(admin_b)
    url = admin_url(RejectionReason, "change", shared)
    assert client.get(url).status_code == 200
    assert client.post(url, {"label": "Veranderd", "order": 1}).status_code == 403
    shared.refresh_from_db()
    assert shared.label == "Gedeeld"


# --- users and memberships ------------------------------------------------------------------


@pytest.mark.django_db
def test_users_working_elsewhere_and_superusers_are_not_the_admins(client, two):
    world, _a, _b, admin_b = two
    from organisations import services

    both = world.b.user(Role.MENTOR)
    services.membership_grant(user=both, organisation=world.a.organisation, role=Role.MENTOR)
    root = User.objects.create_superuser("root", "root@example.org", "x-secret-9")
    services.membership_grant(user=root, organisation=world.b.organisation, role=Role.MANAGER)
    client.force_login(admin_b)
    shown = {
        u.pk for u in client.get(reverse("admin:auth_user_changelist")).context["cl"].result_list
    }
    assert world.b.user(Role.HR_ADVISOR).pk in shown
    assert both.pk not in shown and root.pk not in shown
    for user in (both, root):
        for url in (
            reverse("admin:auth_user_change", args=[user.pk]),
            reverse("admin:auth_user_password_change", args=[user.pk]),
        ):
            assert client.get(url).status_code == 404
            assert (
                client.post(
                    url, {"password1": "N1euw-wachtwoord!", "password2": "N1euw-wachtwoord!"}
                ).status_code
                == 404
            )
    both.refresh_from_db()
    assert both.check_password("secret-password-1")
    assert client.get(reverse("admin:auth_user_add")).status_code == 403


@pytest.mark.django_db
def test_a_functional_admin_cannot_give_rights_on_a_user(client, two):
    world, _a, _b, admin_b = two
    member = world.b.user(Role.HR_ADVISOR)
    client.force_login(admin_b)
    url = reverse("admin:auth_user_change", args=[member.pk])
    page = client.get(url).content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in page
    response = client.post(
        url,
        {
            "username": member.username,
            "first_name": "Nieuw",
            "last_name": member.last_name,
            "email": member.email,
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.first_name == "Nieuw"
    assert not member.is_superuser and not member.is_staff


@pytest.mark.django_db
def test_membership_with_a_user_of_another_organisation_is_a_form_error(client, two):
    world, _a, _b, admin_b = two
    client.force_login(admin_b)
    outsider = world.a.user(Role.HR_ADVISOR)
    before = Membership.objects.count()
    response = client.post(
        reverse("admin:organisations_membership_add"),
        {"user": outsider.pk, "organisation": world.b.organisation.pk, "role": Role.MANAGER},
    )
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    response = client.post(
        reverse("admin:organisations_membership_add"),
        {
            "user": world.b.user(Role.MENTOR).pk,
            "organisation": world.a.organisation.pk,
            "role": Role.MANAGER,
        },
    )
    assert "organisation" in response.context["adminform"].form.errors
    response = client.post(
        reverse("admin:organisations_membership_add"),
        {"user": "99999999", "organisation": "x", "role": "king"},
    )
    assert response.status_code == 200
    assert Membership.objects.count() == before


@pytest.mark.django_db
def test_nobody_grants_themselves_a_role_in_the_admin(client, two):
    world, _a, _b, _admin_b = two
    # A functional admin who works only in B is in their own user scope.
    me = world.b.user(Role.FUNCTIONAL_ADMIN)
    me.is_staff = True
    me.save(update_fields=["is_staff"])
    client.force_login(me)
    response = client.post(
        reverse("admin:organisations_membership_add"),
        {"user": me.pk, "organisation": world.b.organisation.pk, "role": Role.SUPPORT_COORDINATOR},
    )
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=me, role=Role.SUPPORT_COORDINATOR).exists()


@pytest.mark.django_db
def test_user_autocomplete_and_filters_show_only_the_admins_organisations(client, two):
    world, _a, _b, admin_b = two
    client.force_login(admin_b)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "organisations",
            "model_name": "membership",
            "field_name": "user",
            "term": "",
        },
    )
    assert response.status_code == 200
    ids = {int(r["id"]) for r in response.json()["results"]}
    assert world.b.user(Role.HR_ADVISOR).pk in ids
    assert not ids & {u.pk for u in world.a.users.values()}
    page = client.get(reverse("admin:organisations_team_changelist")).content.decode()
    assert "Bravo" in page and "Alfa" not in page
