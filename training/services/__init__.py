"""Every write the training app does, as keyword-only functions (see DESIGN.md)."""

from training.services.charters import (
    charter_assemble,
    charter_content,
    charter_draft_autosave,
    charter_draft_save,
    charter_review,
    charter_submit,
    charter_text,
)
from training.services.launch import programme_launch
from training.services.milestones import (
    comment_create,
    milestone_delete,
    milestone_flag_overdue,
    milestone_remind,
    milestone_save,
    milestones_due_for_reminder,
    milestones_newly_overdue,
)
from training.services.programmes import (
    attendance_set,
    consultation_save,
    intake_autosave,
    intake_save,
    programme_propose,
    programme_set_people,
    programme_set_status,
    programme_tailor,
    session_create,
)
from training.services.workspaces import (
    case_save,
    lab_tick_toggle,
    sandbox_create,
    value_story_create,
    workspace_item_add,
    workspace_item_delete,
)

__all__ = [
    "attendance_set",
    "case_save",
    "charter_assemble",
    "charter_content",
    "charter_draft_autosave",
    "charter_draft_save",
    "charter_review",
    "charter_submit",
    "charter_text",
    "comment_create",
    "consultation_save",
    "intake_autosave",
    "intake_save",
    "lab_tick_toggle",
    "milestone_delete",
    "milestone_flag_overdue",
    "milestone_remind",
    "milestone_save",
    "milestones_due_for_reminder",
    "milestones_newly_overdue",
    "programme_launch",
    "programme_propose",
    "programme_set_people",
    "programme_set_status",
    "programme_tailor",
    "sandbox_create",
    "session_create",
    "value_story_create",
    "workspace_item_add",
    "workspace_item_delete",
]
