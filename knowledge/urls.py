from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.home, name="home"),
    path("tools/", views.tool_list, name="tool-list"),
    path("tools/<slug:slug>/", views.tool_detail, name="tool-detail"),
    path("references/", views.reference_list, name="reference-list"),
    path("references/new/", views.reference_edit, name="reference-create"),
    path("references/<int:pk>/", views.reference_detail, name="reference-detail"),
    path("references/<int:pk>/edit/", views.reference_edit, name="reference-edit"),
    path("references/<int:pk>/file/", views.reference_file, name="reference-file"),
    path("case-studies/", views.case_list, name="case-list"),
    path("case-studies/new/", views.case_create, name="case-create"),
    path("case-studies/mine/", views.case_mine, name="case-mine"),
    path("case-studies/queue/", views.case_queue, name="case-queue"),
    path("case-studies/compare/", views.case_compare, name="case-compare"),
    path("case-studies/<int:pk>/", views.case_detail, name="case-detail"),
    path("case-studies/<int:pk>/edit/", views.case_edit, name="case-edit"),
    path("case-studies/<int:pk>/submit/", views.case_submit, name="case-submit"),
    path("case-studies/<int:pk>/review/", views.case_review, name="case-review"),
    path("case-studies/<int:pk>/files/<int:attachment_id>/", views.case_attachment, name="case-attachment"),
    path(
        "case-studies/<int:pk>/files/<int:attachment_id>/remove/",
        views.case_attachment_remove,
        name="case-attachment-remove",
    ),
    path("promote/<int:thread_id>/", views.promote_thread, name="promote-thread"),
]
