from django.urls import path

from training import views

app_name = "training"

P = "<int:pk>/"
urlpatterns = [
    path("", views.programme_list, name="programme-list"),
    path("start/", views.propose, name="propose"),
    path("insights/", views.insights, name="insights"),
    path("sessions/", views.sessions, name="sessions"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_form, name="case-create"),
    path("cases/<slug:slug>/", views.case_detail, name="case-detail"),
    path("cases/<slug:slug>/edit/", views.case_form, name="case-edit"),
    path("c/<slug:slug>/plan/", views.community_plan, name="community-plan"),
    path("c/<slug:slug>/stories/", views.value_stories, name="value-stories"),
    path(P, views.programme_detail, name="programme-detail"),
    path(P + "people/", views.programme_people, name="programme-people"),
    path(P + "status/", views.programme_status, name="programme-status"),
    path(P + "pick-up/", views.programme_pick_up, name="programme-pick-up"),
    path(P + "intake/", views.intake, name="intake"),
    path(P + "autosave/<slug:form>/", views.autosave, name="autosave"),
    path(P + "preparatory/", views.preparatory, name="preparatory"),
    path(P + "consultations/new/", views.consultation_form, name="consultation-create"),
    path(P + "consultations/<int:consultation_id>/", views.consultation_form, name="consultation-edit"),
    path(P + "tailor/", views.tailor, name="tailor"),
    path(P + "training/", views.training_agenda, name="agenda"),
    path(P + "training/sessions/new/", views.session_create, name="session-create"),
    path(P + "training/sessions/<int:session_id>/attendance/", views.attendance, name="attendance"),
    path(P + "workspace/itlab/sandbox/", views.sandbox_create, name="sandbox-create"),
    path(P + "workspace/itlab/checklist/", views.lab_checklist, name="lab-checklist"),
    path(P + "workspace/itlab/tick/", views.lab_tick, name="lab-tick"),
    path(P + "workspace/<slug:module>/", views.workspace, name="workspace"),
    path(P + "workspace/<slug:module>/<slug:kind>/add/", views.workspace_item_add, name="workspace-item-add"),
    path(
        P + "workspace/<slug:module>/<slug:kind>/<int:item_id>/edit/",
        views.workspace_item_edit,
        name="workspace-item-edit",
    ),
    path(
        P + "workspace/<slug:module>/<slug:kind>/<int:item_id>/delete/",
        views.workspace_item_delete,
        name="workspace-item-delete",
    ),
    path(P + "charter/", views.charter, name="charter"),
    path(P + "charter/assemble/", views.charter_assemble, name="charter-assemble"),
    path(P + "charter/diff/", views.charter_diff, name="charter-diff"),
    path(P + "charter/v<int:number>/", views.charter_version, name="charter-version"),
    path(P + "charter/v<int:number>/pdf/", views.charter_pdf, name="charter-pdf"),
    path(P + "charter/v<int:number>/submit/", views.charter_submit, name="charter-submit"),
    path(P + "charter/v<int:number>/review/", views.charter_review, name="charter-review"),
    path(P + "launch/", views.programme_launch_view, name="launch"),
    path(P + "follow-up/", views.followup, name="followup"),
    path(P + "follow-up/milestones/<int:milestone_id>/", views.milestone_edit, name="milestone-edit"),
    path(P + "follow-up/comments/", views.comment_add, name="comment-add"),
]
