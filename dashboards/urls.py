from django.urls import include, path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("capacity/", views.capacity_dashboard, name="capacity"),
    path("forecast/", views.forecast_dashboard, name="forecast"),
    path("capacity/teams/<int:pk>/", views.capacity_team, name="capacity_team"),
    path("capacity/team-headroom/", views.team_headroom, name="team_headroom"),
    path(
        "capacity/settings/<int:organisation_pk>/",
        views.capacity_settings,
        name="capacity_settings",
    ),
    path("", include("dashboards.finance.urls")),
    path("programmes/", include("dashboards.programmes.urls")),
]
