from rest_framework.routers import DefaultRouter

from .api import assessment

router = DefaultRouter()
router.register("assessments", assessment.AssessmentViewSet, basename="sw-assessment")

urlpatterns = [*router.urls]
