from django.urls import path

from moderation.views import flags, members, pages, queue, tools

app_name = "moderation"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("c/<slug:slug>/", queue.community_queue, name="community-queue"),
    path("bulk/", queue.bulk, name="bulk"),
    path("requests/<int:membership_id>/<slug:action>/", queue.request_action, name="request-action"),
    path("flag/<slug:kind>/<int:item_id>/", flags.flag, name="flag"),
    path("post/<int:post_id>/", tools.post_tools, name="post-tools"),
    path("post/<int:post_id>/<slug:action>/", tools.post_action, name="post-action"),
    path("thread/<int:thread_id>/", tools.thread_tools, name="thread-tools"),
    path("thread/<int:thread_id>/<slug:action>/", tools.thread_action, name="thread-action"),
    path("merged/<int:thread_id>/<int:number>/", tools.merged_permalink, name="merged-permalink"),
    path("c/<slug:slug>/members/<str:username>/", members.member_tools, name="member-tools"),
    path("c/<slug:slug>/members/<str:username>/<slug:action>/", members.member_action, name="member-action"),
    path("users/<str:username>/suspend/", members.platform_suspend, name="platform-suspend"),
    path("suspensions/<int:suspension_id>/lift/", members.platform_unsuspend, name="platform-unsuspend"),
    path("log/", pages.audit_log, name="log"),
    path("log.csv", pages.audit_log_csv, name="log-csv"),
    path("guidelines/", pages.guidelines, name="guidelines"),
    path("standing/", pages.standing, name="standing"),
]
