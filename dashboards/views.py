from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


@login_required
def home(request):
    """The role-specific start page: what needs my attention."""
    return render(
        request,
        "dashboards/home.html",
        {"sections": selectors.home_sections(user=request.user)},
    )
