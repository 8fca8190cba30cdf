"""X-7: workflow steps declared once in a viewset's table (``StepActionsMixin``) are API actions
with their own request body and answer in the OpenAPI schema."""

from django.urls import reverse

from infocenter.core.choices import Role


def test_x7_step_actions_declare_their_request_and_answer_in_the_schema(people, api_for):
    paths = api_for(people[Role.IC_HEAD]).get(reverse("api-schema") + "?format=json").json()
    paths = paths["paths"]

    def body_and_answer(path):
        operation = paths[path]["post"]
        body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        answers = {
            code: answer["content"]["application/json"]["schema"]["$ref"]
            for code, answer in operation["responses"].items()
        }
        return body.rsplit("/", 1)[-1], answers

    base = "/api/v1/machineroom/changes/{id}"
    assert body_and_answer(f"{base}/approve/") == (
        "ChangeNoteInRequest",
        {"200": "#/components/schemas/ChangeDetailOut"},
    )
    assert body_and_answer(f"{base}/reschedule/")[0] == "ChangeRescheduleInRequest"
    assert body_and_answer(f"{base}/submit/")[0] == "VersionInRequest"
    assert f"{base}/delete-backup/" in paths
