from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.pyramid, name="pyramid"),
    path("ask/", views.request_create, name="request_create"),
    path("propose/", views.request_propose, name="request_propose"),
    path("mine/", views.my_support, name="my_support"),
    path("requests/", views.request_inbox, name="request_inbox"),
    path("requests/<int:pk>/close/", views.request_close, name="request_close"),
    path("trajectories/", views.trajectory_list, name="trajectory_list"),
    path("trajectories/new/", views.trajectory_create, name="trajectory_create"),
    path("trajectories/<int:pk>/", views.trajectory_detail, name="trajectory_detail"),
    path("trajectories/<int:pk>/edit/", views.trajectory_update, name="trajectory_update"),
    path("trajectories/<int:pk>/escalate/", views.trajectory_escalate, name="trajectory_escalate"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/new/", views.intervention_create, name="intervention_create"),
    path("catalogue/<int:pk>/edit/", views.intervention_update, name="intervention_update"),
    path("onboarding/", views.onboarding_list, name="onboarding_list"),
    path("onboarding/<int:employee_pk>/", views.onboarding_record, name="onboarding_record"),
    path("supervisors/", views.roster, name="roster"),
    path("supervisors/plan/", views.roster_plan, name="roster_plan"),
    path("absence/", views.absence_list, name="absence_list"),
    path("absence/new/", views.absence_create, name="absence_create"),
    path("absence/<int:pk>/edit/", views.absence_update, name="absence_update"),
    path("figures/", views.figures, name="figures"),
]
