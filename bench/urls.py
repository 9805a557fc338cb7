"""The project's URLs plus the floor page the benchmark compares every page with."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path


@login_required
def floor(request):
    """Authenticated, renders the base template, does nothing else."""
    return render(request, "base.html")


urlpatterns = [
    path("_bench/floor/", floor, name="bench_floor"),
    path("", include("config.urls")),
]
