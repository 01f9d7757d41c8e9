from django.urls import path

from discussions import views_realtime
from discussions.views import api, drafts, files, polls, posts, reading, threads

app_name = "discussions"

T = "<slug:community>/t/<int:thread_id>"
P = T + "/p/<int:number>"

urlpatterns = [
    path("<slug:community>/t/", threads.thread_list, name="thread-list"),
    path("<slug:community>/t/new/", threads.thread_create, name="thread-create"),
    path(T + "-<slug:slug>/", threads.thread_detail, name="thread-detail"),
    path(T + "/reply/", threads.post_create, name="post-create"),
    path(T + "/draft/", drafts.thread_draft, name="thread-draft"),
    path("<slug:community>/t/new/draft/", drafts.new_thread_draft, name="new-thread-draft"),
    path(P + "/quote/", drafts.post_quote, name="post-quote"),
    path(T + "/subscription/", posts.thread_subscription, name="thread-subscription"),
    path(P + "/", threads.post_permalink, name="post-permalink"),
    path(P + "/edit/", posts.post_edit, name="post-edit"),
    path(P + "/delete/", posts.post_delete, name="post-delete"),
    path(P + "/history/", posts.post_history, name="post-history"),
    path(P + "/react/", posts.reaction_toggle, name="reaction-toggle"),
    path(P + "/reactions/", posts.reaction_list, name="reaction-list"),
    path(P + "/accept/", posts.answer_accept, name="answer-accept"),
    path(P + "/bookmark/", reading.bookmark_edit, name="bookmark-edit"),
    path(T + "/poll/vote/", polls.poll_vote_view, name="poll-vote"),
    path("<slug:community>/notifications/", posts.community_subscription, name="community-subscription"),
    path("<slug:community>/preview/", api.markdown_preview, name="markdown-preview"),
    path("<slug:community>/tags.json", api.tag_autocomplete, name="tag-autocomplete"),
    path("<slug:community>/members.json", api.member_autocomplete, name="member-autocomplete"),
    path("<slug:community>/files/<int:pk>/<str:name>", files.attachment_download, name="attachment-download"),
    path("thread/<int:thread_id>/posts-after/<int:number>/", views_realtime.thread_posts_after, name="posts-after"),
]
