"""Staff work's records, one module an area."""

from .learning import Channel, Course, CourseKind, LearningPlan, LearningRecord, PlanTarget
from .worklog import Milestone, Project, Proposal, ProposalDecision, WorkEntry, WorkKind

__all__ = [
    "Channel",
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
