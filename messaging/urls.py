from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.conversation_new, name="new"),
    path("unread/", views.unread_badge, name="unread-badge"),
    path("blocked/", views.blocks, name="blocks"),
    path("block/<str:username>/", views.block, name="block"),
    path("unblock/<str:username>/", views.unblock, name="unblock"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:report_id>/resolve/", views.report_resolve, name="report-resolve"),
    path("m/<int:message_id>/report/", views.message_report, name="report"),
    path("<int:pk>/", views.conversation_detail, name="detail"),
    path("<int:pk>/send/", views.message_send, name="send"),
    path("<int:pk>/read/", views.conversation_read, name="read"),
    path("<int:pk>/leave/", views.conversation_leave, name="leave"),
    path("<int:pk>/add/", views.participants_add, name="add"),
    path("<int:pk>/files/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
