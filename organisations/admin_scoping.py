"""The two bases every ModelAdmin in the project inherits (issue #15).

- `OrganisationScopedAdmin`: for a user who is not a superuser, the changelist, the
  change/delete/history pages and every ForeignKey / ManyToMany choice (the form, the
  autocomplete and what the server accepts on POST) hold only objects of organisations
  where that user is functional admin. Out-of-scope objects answer 404 (Django's admin
  would redirect to its index, which tells an attacker nothing but also proves nothing).
- `SharedReferenceAdmin`: reference data every organisation shares (routes, the
  registration rule) or system tables: read-only for everyone but superusers.

Which organisation an object belongs to is declared per model with
`register_admin_scope(model, path)`; a model without a declaration gives a
non-superuser nothing (deny by default), also as a choice in another model's form.
"""

from collections.abc import Callable

from django.contrib import admin
from django.contrib.admin.filters import RelatedOnlyFieldListFilter
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from . import access
from .roles import Role

# A scope is a lookup path from the model to an Organisation (e.g. "employee__organisation"),
# SHARED for rows every organisation may pick, or a function of organisation ids -> Q
# (multi-organisation objects: use `pk__in` subqueries there so rows are not repeated).
ScopeRule = str | Callable[[set[int]], Q]
SHARED = "__shared__"
_ADMIN_SCOPES: dict[type[Model], ScopeRule] = {}


def register_admin_scope(model: type[Model], rule: ScopeRule) -> None:
    """Declare how the admin finds the organisation of `model`'s rows."""
    _ADMIN_SCOPES[model] = rule


def has_admin_scope(model: type[Model]) -> bool:
    return model in _ADMIN_SCOPES


def managed_organisation_ids(user) -> set[int]:
    """Organisations whose data `user` may administer in the Django admin."""
    return access.organisation_ids(user, {Role.FUNCTIONAL_ADMIN})


def scope_condition(model: type[Model], org_ids: set[int]) -> Q | None:
    """The Q keeping `model`'s rows of these organisations; None when undeclared."""
    rule = _ADMIN_SCOPES.get(model)
    if rule is None:
        return None
    if rule == SHARED:
        return Q()
    if callable(rule):
        return rule(org_ids)
    return Q(**{f"{rule}__in": org_ids})


def admin_queryset(user, model: type[Model], queryset: QuerySet | None = None) -> QuerySet:
    """`queryset` (default: all rows of `model`) narrowed to what `user` administers."""
    qs = model._default_manager.all() if queryset is None else queryset
    if user.is_superuser:
        return qs
    condition = scope_condition(model, managed_organisation_ids(user))
    if condition is None:
        return qs.none()
    return qs.filter(condition)


class _ChoicesInScope:
    """Every ForeignKey / ManyToMany choice is narrowed like the related model's own rows.

    The narrowed queryset is also what the form field validates against, so a posted id
    outside it is "Select a valid choice", never saved; raw-id and autocomplete widgets
    use the same field.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser and "queryset" not in kwargs:
            kwargs["queryset"] = admin_queryset(request.user, db_field.related_model)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser and "queryset" not in kwargs:
            kwargs["queryset"] = admin_queryset(request.user, db_field.related_model)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class _NotFound:
    """A missing or out-of-scope object is a 404 on every object URL (change, delete,
    history, simple_history's version page), not Django's redirect to the index."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def _object_or_404(self, request, object_id):
        try:
            obj = self.get_object(request, unquote(object_id))
        except (ValueError, TypeError):
            obj = None
        if obj is None:
            raise Http404
        return obj

    def history_view(self, request, object_id, extra_context=None):
        # simple_history falls back to the last historical version of a row it cannot
        # find in get_queryset(): that would show another organisation's history.
        self._object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history fetches the version without get_queryset() (and can revert it).
        self._object_or_404(request, object_id)
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )


class OrganisationScopedAdmin(_NotFound, _ChoicesInScope, admin.ModelAdmin):
    """Base of every admin for data that belongs to an organisation (see module doc)."""

    def get_queryset(self, request):
        return admin_queryset(request.user, self.model, super().get_queryset(request))

    def get_list_filter(self, request):
        """Relation filters list only values present in the admin's own rows (the plain
        filter would list every organisation by name)."""
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        narrowed = []
        for item in filters:
            if isinstance(item, str) and self._is_relation(item):
                item = (item, RelatedOnlyFieldListFilter)
            narrowed.append(item)
        return narrowed

    def _is_relation(self, path: str) -> bool:
        model = self.model
        field = None
        for part in path.split("__"):
            try:
                field = model._meta.get_field(part)
            except FieldDoesNotExist:
                return False
            if not field.is_relation:
                return False
            model = field.related_model
        return field is not None


class OrganisationScopedInline(_ChoicesInScope, admin.options.InlineModelAdmin):
    """Inline rows live under a scoped parent; their own choices are narrowed too."""


class ScopedTabularInline(OrganisationScopedInline, admin.TabularInline):
    pass


def _superuser(request) -> bool:
    return request.user.is_active and request.user.is_superuser


class _ReadOnlyForOthers:
    superuser_only = False

    def has_view_permission(self, request, obj=None):
        if self.superuser_only and not _superuser(request):
            return False
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return _superuser(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return _superuser(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _superuser(request) and super().has_delete_permission(request, obj)


class SharedReferenceAdmin(_ReadOnlyForOthers, _NotFound, _ChoicesInScope, admin.ModelAdmin):
    """Base of every admin for rows without an organisation: shared reference data (view
    only for non-superusers with the view permission) or, with `superuser_only`, system
    tables nobody else sees at all."""

    def has_module_permission(self, request):
        if self.superuser_only and not _superuser(request):
            return False
        return super().has_module_permission(request)


class SharedReferenceInline(_ReadOnlyForOthers, admin.options.InlineModelAdmin):
    """Inline rows of shared reference data: read-only for non-superusers."""


class SharedTabularInline(SharedReferenceInline, admin.TabularInline):
    pass


BASES = (OrganisationScopedAdmin, SharedReferenceAdmin)
INLINE_BASES = (OrganisationScopedInline, SharedReferenceInline)
