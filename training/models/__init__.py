"""The CoP design programme: from a proposal to a launched, supported community.

Step 1 (preparatory): intake questionnaire + consultations, then staff tailor the training.
Step 2 (training): agenda, attendance and one saved workspace per module, assembled into
a versioned Community Charter.  Launch: a community made from the approved charter.
Step 3 (support): follow-up milestones and staff advice.
"""

from training.catalogue import MODULE_CHOICES, ValueCycle
from training.models.charters import (
    CharterDraft,
    CharterStatus,
    CharterVersion,
    Milestone,
    MilestoneStatus,
    ProgrammeComment,
)
from training.models.programmes import (
    SHORT_MAX,
    TEXT_MAX,
    Attendance,
    Consultation,
    DesignProgramme,
    IntakeQuestionnaire,
    ProgrammeStage,
    ProposalKind,
    SessionAudience,
    StepStatus,
    TrainingSession,
)
from training.models.workspaces import (
    Activity,
    ActivityFormat,
    ActivityKind,
    CaseLink,
    CommunityRole,
    ElementCategory,
    GoodCase,
    LabItem,
    LabTick,
    LinkType,
    NetworkNode,
    NetworkTie,
    NodeKind,
    RoleAssignment,
    SystemElement,
    SystemLink,
    ValueExpectation,
    ValueStory,
)

__all__ = [
    "Activity",
    "ActivityFormat",
    "ActivityKind",
    "Attendance",
    "CaseLink",
    "CharterDraft",
    "CharterStatus",
    "CharterVersion",
    "CommunityRole",
    "Consultation",
    "DesignProgramme",
    "ElementCategory",
    "GoodCase",
    "IntakeQuestionnaire",
    "LabItem",
    "LabTick",
    "LinkType",
    "MODULE_CHOICES",
    "Milestone",
    "MilestoneStatus",
    "NetworkNode",
    "NetworkTie",
    "NodeKind",
    "ProgrammeComment",
    "ProgrammeStage",
    "ProposalKind",
    "RoleAssignment",
    "SHORT_MAX",
    "SessionAudience",
    "StepStatus",
    "SystemElement",
    "SystemLink",
    "TEXT_MAX",
    "TrainingSession",
    "ValueCycle",
    "ValueExpectation",
    "ValueStory",
]
