from rest_framework.routers import DefaultRouter

from .api import assessment, learning, worklog

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

urlpatterns = [*router.urls]
