"""The one shape every create/edit page has: bind, call a service, message, redirect."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from .forms import apply_errors


def form_page(
    request,
    form,
    *,
    save: Callable[[dict], object],
    success: str | Callable[[object], str],
    title: str,
    back: str | None = None,
    redirect_to: str | Callable[[object], object] | None = None,
    template: str = "organisations/form.html",
):
    """On a valid POST call `save(cleaned_data)` (a service); its ValidationError goes
    back onto the form, so nothing is saved half and the user sees why. Otherwise
    render the form page."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success(obj) if callable(success) else success)
            target = redirect_to(obj) if callable(redirect_to) else redirect_to
            return redirect(target or obj)
    return render(request, template, {"form": form, "title": title, "back": back})
