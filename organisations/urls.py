from django.urls import path

from . import audit, views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<int:pk>/edit/", views.organisation_update, name="organisation_update"),
    path("<int:organisation_pk>/teams/new/", views.team_create, name="team_create"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", views.team_update, name="team_update"),
    path("employees/", views.employee_list, name="employee_list"),
    path("employees/new/", views.employee_create, name="employee_create"),
    path("employees/<int:pk>/", views.employee_detail, name="employee_detail"),
    path("employees/<int:pk>/edit/", views.employee_update, name="employee_update"),
    path("employees/<int:pk>/login/", views.employee_access, name="employee_access"),
    path(
        "employees/<int:employee_pk>/placements/new/",
        views.placement_create,
        name="placement_create",
    ),
    path("placements/<int:pk>/end/", views.placement_end, name="placement_end"),
    path("audit/", audit.audit_log, name="audit_log"),
]
