"""Staff work's records, one module an area."""

from .assessment import Assessment, AssessmentState
from .endpoints import Difference, Endpoint, EndpointSnapshot, ListImport, ListMapping
from .learning import Channel, Course, CourseKind, LearningPlan, LearningRecord, PlanTarget
from .worklog import Milestone, Project, Proposal, ProposalDecision, WorkEntry, WorkKind

__all__ = [
    "Assessment",
    "AssessmentState",
    "Channel",
    "Difference",
    "Endpoint",
    "EndpointSnapshot",
    "ListImport",
    "ListMapping",
    "Course",
    "CourseKind",
    "LearningPlan",
    "LearningRecord",
    "Milestone",
    "PlanTarget",
    "Project",
    "Proposal",
    "ProposalDecision",
    "WorkEntry",
    "WorkKind",
]
