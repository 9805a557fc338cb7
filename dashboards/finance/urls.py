"""Included by dashboards/urls.py inside the `dashboards` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("programmes/<int:pk>/finance/", views.finance_plan, name="finance_plan"),
    path("programmes/<int:pk>/finance/export.csv", views.finance_export, name="finance_export"),
    path(
        "programmes/<int:pk>/finance/assumptions/",
        views.finance_assumptions,
        name="finance_assumptions",
    ),
    path(
        "programmes/<int:pk>/finance/lines/new/",
        views.finance_line_create,
        name="finance_line_create",
    ),
    path("finance/lines/<int:pk>/", views.finance_line_update, name="finance_line_update"),
    path("finance/lines/<int:pk>/delete/", views.finance_line_delete, name="finance_line_delete"),
    path("subsidies/", views.subsidy_list, name="subsidy_list"),
    path("subsidies/new/", views.subsidy_create, name="subsidy_create"),
    path("subsidies/<int:pk>/", views.subsidy_update, name="subsidy_update"),
    path(
        "subsidies/<int:pk>/deadlines/new/",
        views.subsidy_deadline_create,
        name="subsidy_deadline_create",
    ),
    path(
        "subsidies/deadlines/<int:pk>/done/",
        views.subsidy_deadline_done,
        name="subsidy_deadline_done",
    ),
]
