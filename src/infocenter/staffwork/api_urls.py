from django.urls import path
from rest_framework.routers import DefaultRouter

from .api import assessment, endpoints, learning, worklog

router = DefaultRouter()
# IT-1: the work log
router.register("worklog/entries", worklog.WorkEntryViewSet, basename="sw-worklog-entry")
router.register("worklog/proposals", worklog.ProposalViewSet, basename="sw-worklog-proposal")
router.register("worklog/projects", worklog.ProjectViewSet, basename="sw-worklog-project")
# IT-3: learning
router.register("learning/plans", learning.LearningPlanViewSet, basename="sw-learning-plan")
router.register("learning/records", learning.LearningRecordViewSet, basename="sw-learning-record")
router.register("learning/courses", learning.CourseViewSet, basename="sw-learning-course")
# IT-4: the annual assessment
router.register("assessments", assessment.AssessmentViewSet, basename="sw-assessment")
# IT-2: the endpoint registry
router.register("endpoints", endpoints.EndpointViewSet, basename="sw-endpoint")
router.register("endpoint-differences", endpoints.DifferenceViewSet, basename="sw-difference")

urlpatterns = [
    path("endpoint-rates/", endpoints.endpoint_rates, name="sw-endpoint-rates"),
    path("endpoint-imports/", endpoints.endpoint_import, name="sw-endpoint-import"),
    path("endpoint-mappings/", endpoints.endpoint_mapping, name="sw-endpoint-mapping"),
    *router.urls,
]
