from training.views.autosave import autosave  # noqa: F401
from training.views.charters import (  # noqa: F401
    charter,
    charter_assemble,
    charter_diff,
    charter_pdf,
    charter_review,
    charter_submit,
    charter_version,
    programme_launch_view,
)
from training.views.followup import comment_add, followup, insights, milestone_edit  # noqa: F401
from training.views.programmes import (  # noqa: F401
    attendance,
    consultation_form,
    intake,
    preparatory,
    programme_detail,
    programme_list,
    programme_people,
    programme_pick_up,
    programme_status,
    session_create,
    tailor,
    training_agenda,
)
from training.views.public import (  # noqa: F401
    case_detail,
    case_form,
    case_list,
    community_plan,
    propose,
    sessions,
    value_stories,
)
from training.views.workspaces import (  # noqa: F401
    lab_checklist,
    lab_tick,
    sandbox_create,
    workspace,
    workspace_item_add,
    workspace_item_delete,
    workspace_item_edit,
)
