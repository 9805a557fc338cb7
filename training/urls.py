from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.track_list, name="track_list"),
    path("summary/", views.track_summary, name="track_summary"),
    path("tracks/new/", views.track_create, name="track_create"),
    path("tracks/<int:pk>/", views.track_detail, name="track_detail"),
    path("tracks/<int:pk>/edit/", views.track_update, name="track_update"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("milestones/<int:pk>/evidence/", views.milestone_evidence, name="milestone_evidence"),
    path("me/", views.my_training, name="my"),
    path("employees/<int:pk>/", views.employee_detail, name="employee_detail"),
    path("employees/<int:pk>/tasks/", views.task_page, name="task_page"),
    path("employees/<int:pk>/plan/", views.learning_plan, name="learning_plan"),
    path("task-log/<int:pk>/sign-off/", views.task_sign_off, name="task_sign_off"),
    path("activities/<int:pk>/done/", views.activity_done, name="activity_done"),
    path("registration/", views.ledger_list, name="ledger_list"),
    path("registration/<int:pk>/", views.ledger_detail, name="ledger_detail"),
    path("registration/<int:pk>/register/", views.register, name="register"),
    path("tables/", views.table_list, name="table_list"),
    path("tables/<int:organisation_pk>/", views.table_detail, name="table_detail"),
    path("tables/<int:organisation_pk>/tasks/new/", views.task_create, name="task_create"),
    path("tables/<int:organisation_pk>/copy/", views.table_copy, name="table_copy"),
    path("tasks/<int:pk>/edit/", views.task_update, name="task_update"),
]
