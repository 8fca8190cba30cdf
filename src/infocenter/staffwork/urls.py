from django.urls import path

from .views import assessment, endpoints, learning, worklog

app_name = "staffwork"

urlpatterns = [
    # IT-1: the work log
    path("worklog/", worklog.entry_list, name="worklog"),
    path("worklog/export/", worklog.entry_export, name="worklog_export"),
    path("worklog/new/", worklog.entry_new, name="worklog_new"),
    path("worklog/week/", worklog.week, name="worklog_week"),
    path("worklog/proposals/", worklog.proposals, name="worklog_proposals"),
    path("worklog/proposals/confirm/", worklog.proposal_confirm, name="worklog_proposal_confirm"),
    path("worklog/proposals/dismiss/", worklog.proposal_dismiss, name="worklog_proposal_dismiss"),
    path("worklog/<int:pk>/", worklog.entry_detail, name="worklog_entry"),
    path("worklog/<int:pk>/remove/", worklog.entry_remove, name="worklog_entry_remove"),
    path("worklog/projects/", worklog.project_list, name="worklog_projects"),
    path("worklog/projects/<int:pk>/", worklog.project_detail, name="worklog_project"),
    path(
        "worklog/projects/<int:pk>/milestones/",
        worklog.milestone_add,
        name="worklog_milestone_add",
    ),
    path(
        "worklog/projects/<int:pk>/milestones/<int:milestone>/done/",
        worklog.milestone_done,
        name="worklog_milestone_done",
    ),
    # IT-3: learning
    path("learning/", learning.learning, name="learning"),
    path("learning/plan/", learning.plan_edit, name="learning_plan"),
    path("learning/records/new/", learning.record_new, name="learning_record_new"),
    path(
        "learning/records/<int:pk>/remove/",
        learning.record_remove,
        name="learning_record_remove",
    ),
    path("learning/courses/new/", learning.course_new, name="learning_course_new"),
    path(
        "learning/courses/<int:pk>/files/<int:attachment>/",
        learning.course_file,
        name="learning_course_file",
    ),
    # IT-4: the annual assessment
    path("assessments/", assessment.assessments, name="assessments"),
    path("assessments/<int:pk>/", assessment.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/edit/", assessment.assessment_edit, name="assessment_edit"),
    path("assessments/<int:pk>/print/", assessment.assessment_print, name="assessment_print"),
    path("assessments/<int:pk>/docx/", assessment.assessment_word, name="assessment_docx"),
    path(
        "assessments/<int:pk>/signature/",
        assessment.assessment_signature,
        name="assessment_signature",
    ),
    path("assessments/<int:pk>/<slug:step>/", assessment.assessment_step, name="assessment_step"),
    # IT-2: the endpoint registry
    path("endpoints/", endpoints.endpoints, name="endpoints"),
    path("endpoints/new/", endpoints.endpoint_new, name="endpoint_new"),
    path("endpoints/export.xlsx", endpoints.endpoints_export, name="endpoints_export"),
    path("endpoints/rates/", endpoints.endpoint_rates, name="endpoint_rates"),
    path("endpoints/import/", endpoints.endpoint_import, name="endpoint_import"),
    path("endpoints/import/columns/", endpoints.endpoint_mapping, name="endpoint_mapping"),
    path(
        "endpoints/import/confirm/",
        endpoints.endpoint_import_confirm,
        name="endpoint_import_confirm",
    ),
    path("endpoints/import/sample.xlsx", endpoints.endpoint_sample, name="endpoint_sample"),
    path("endpoints/differences/", endpoints.endpoint_differences, name="endpoint_differences"),
    path(
        "endpoints/differences/<int:pk>/",
        endpoints.endpoint_difference,
        name="endpoint_difference",
    ),
    path(
        "endpoints/differences/<int:pk>/<slug:step>/",
        endpoints.endpoint_difference_step,
        name="endpoint_difference_step",
    ),
    path("endpoints/<int:pk>/", endpoints.endpoint_detail, name="endpoint"),
    path("endpoints/<int:pk>/<slug:step>/", endpoints.endpoint_step, name="endpoint_step"),
]
