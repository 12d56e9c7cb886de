from django.urls import path

from . import views, views_planning, views_year

urlpatterns = [
    path("", views.year_list, name="year_list"),
    path("neu/", views.year_create, name="year_create"),
    path("kassenplan/", views_year.cash_overview, name="cash_overview"),
    path("<int:year>/", views.year_detail, name="year_detail"),
    path("<int:year>/bearbeiten/", views.year_edit, name="year_edit"),
    path("<int:year>/zweckbindungen/neu/", views.earmark_create, name="earmark_create"),
    path("<int:year>/strategiedokumente/neu/", views.strategy_document_create,
         name="strategy_document_create"),
    # planning (ministry)
    path("<int:year>/planung/", views_planning.planning_overview, name="planning"),
    path("<int:year>/planung/indikatoren/neu/", views_planning.indicator_upload,
         name="indicator_upload"),
    path("<int:year>/planung/szenarien/neu/", views_planning.scenario_create,
         name="scenario_create"),
    path("<int:year>/planung/vergleich/", views_planning.scenario_compare,
         name="scenario_compare"),
    path("<int:year>/planung/szenarien/<int:pk>/uebernehmen/", views_planning.scenario_adopt,
         name="scenario_adopt"),
    path("<int:year>/planung/zweckbindungen/<int:pk>/aufteilen/",
         views_planning.earmark_distribute, name="earmark_distribute"),
    path("<int:year>/grafiken/", views_planning.figures, name="figures"),
    # the year beside the plan
    path("<int:year>/gebietskoerperschaften/<str:ags>/", views_year.region_year,
         name="region_year"),
    path("<int:year>/aenderungen/", views_year.change_list, name="change_list"),
    path("<int:year>/aenderungen/neu/", views_year.change_create, name="change_create"),
    path("<int:year>/kassenplan/", views_year.cash_plan, name="cash_plan"),
    path("<int:year>/kassenplan/<str:ags>/", views_year.cash_plan_edit, name="cash_plan_edit"),
    path("<int:year>/export/<slug:table>.<str:fmt>", views_year.export_table,
         name="export_table"),
]
