from django.urls import include, path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("capacity/", views.capacity_dashboard, name="capacity"),
    path("forecast/", views.forecast_dashboard, name="forecast"),
    path("capacity/teams/<int:pk>/", views.capacity_team, name="capacity_team"),
    path(
        "capacity/settings/<int:organisation_pk>/",
        views.capacity_settings,
        name="capacity_settings",
    ),
    path("programmes/", include("dashboards.programmes.urls")),
]
