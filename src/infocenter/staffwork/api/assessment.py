"""IT-4 in the API: annual assessments (``sw-assessment``): draft one's own from the records,
``edit`` and ``submit`` it; the head ``sign``s it (comment and drawn signature) or ``return``s
it with a reason. Refusals as everywhere: 400/403/404/409 with the reason."""

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from infocenter.core.rest import (
    SignatureField,
    StepAction,
    StepActionsMixin,
    VersionIn,
    requires,
    valid,
)
from infocenter.core.validators import is_number

from ..models import Assessment
from ..selectors import assessment as selectors
from ..services import assessment as services


class AssessmentFigureOut(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField()
    text = serializers.CharField()
    section = serializers.CharField()
    url = serializers.CharField()


class AssessmentOut(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.__str__", read_only=True)
    shown_figures = serializers.SerializerMethodField(
        help_text="Frozen at submission; read live from the records while a draft."
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "site",
            "person",
            "person_name",
            "year",
            "state",
            "review",
            "problems",
            "plans",
            "shortcomings",
            "shown_figures",
            "created_at",
            "submitted_at",
            "returned_at",
            "return_reason",
            "head_comment",
            "signed_by",
            "signed_at",
            "version",
        ]

    @extend_schema_field(AssessmentFigureOut(many=True))
    def get_shown_figures(self, assessment) -> list[dict]:
        return AssessmentFigureOut(selectors.figures_of(assessment), many=True).data


class AssessmentDraftIn(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class AssessmentEditIn(VersionIn):
    review = serializers.CharField(allow_blank=True)
    problems = serializers.CharField(allow_blank=True)
    plans = serializers.CharField(allow_blank=True)
    shortcomings = serializers.CharField(allow_blank=True)


class AssessmentReturnIn(VersionIn):
    reason = serializers.CharField()


class AssessmentSignIn(VersionIn):
    comment = serializers.CharField()
    signature_png_base64 = SignatureField(
        source="signature_png", help_text="The head's drawn signature, a PNG in base64."
    )


YEAR = OpenApiParameter("year", int)
PERSON = OpenApiParameter("person", int)


@extend_schema_view(list=extend_schema(parameters=[YEAR, PERSON]))
class AssessmentViewSet(StepActionsMixin, viewsets.ReadOnlyModelViewSet):
    """Annual assessments (IT-4) the caller may read, newest year first (``?year=``,
    ``?person=``). ``create`` drafts the caller's own from the records."""

    serializer_class = AssessmentOut
    permission_classes = [requires("sw.view")]
    steps = {
        "edit": StepAction(services.edit_assessment, AssessmentEditIn),
        "submit": StepAction(services.submit_assessment),
        "sign": StepAction(services.sign_assessment, AssessmentSignIn),
        "return": StepAction(services.return_assessment, AssessmentReturnIn),
    }

    def get_queryset(self):
        params = self.request.query_params
        number = {k: int(params[k]) for k in ("year", "person") if is_number(params.get(k, ""))}
        return selectors.assessments_for(self.request.user, **number)

    def get_step_record(self, pk):
        return selectors.get_assessment(self.request.user, pk)

    @extend_schema(request=AssessmentDraftIn, responses={201: AssessmentOut})
    def create(self, request):
        data = valid(AssessmentDraftIn, request.data)
        made = services.draft_assessment(request.user, **data)
        return Response(AssessmentOut(made).data, status=status.HTTP_201_CREATED)
