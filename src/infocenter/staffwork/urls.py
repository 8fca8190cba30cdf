from django.urls import path

from .views import assessment

app_name = "staffwork"

urlpatterns = [
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
]
