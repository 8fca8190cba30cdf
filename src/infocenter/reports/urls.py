from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    # a scope's report for a calendar period, on screen, on paper and in Excel
    path("", views.page, name="page"),
    path("print/", views.print_view, name="print"),
    path("export.xlsx", views.export, name="export"),
    # a figure of several sites, site by site, each to the list behind it
    path("by-site/", views.by_site, name="by_site"),
]
