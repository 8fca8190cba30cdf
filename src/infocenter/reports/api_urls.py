from django.urls import path

from . import api

urlpatterns = [
    # a scope's report for a calendar period
    path("", api.report, name="reports-report"),
]
