"""Programme URLs, included under /dashboards/programmes/ in the dashboards namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("new/", views.programme_create, name="programme_create"),
    path("import/", views.programme_import, name="programme_import"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/evaluation/", views.programme_evaluation, name="programme_evaluation"),
    path("<int:pk>/template/", views.programme_template, name="programme_template"),
    path("<int:pk>/goals/new/", views.goal_create, name="programme_goal_create"),
    path("<int:pk>/goals/<int:goal_pk>/", views.goal_edit, name="programme_goal_edit"),
    path("<int:pk>/goals/<int:goal_pk>/delete/", views.goal_delete, name="programme_goal_delete"),
    path("<int:pk>/steps/new/", views.step_create, name="programme_step_create"),
    path("<int:pk>/steps/<int:step_pk>/", views.step_edit, name="programme_step_edit"),
    path("<int:pk>/steps/<int:step_pk>/delete/", views.step_delete, name="programme_step_delete"),
]
