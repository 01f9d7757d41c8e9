from django.urls import path

from communities import views

app_name = "communities"

# Fixed segments ("new", "invitations") come before <slug>; services refuse them as slugs.
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/about/", views.about, name="about"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/request/", views.request_join, name="request"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/requests/", views.requests, name="requests"),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path("<slug:slug>/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("<slug:slug>/invite/link/", views.invitation_link_create, name="invitation-link-create"),
    path("<slug:slug>/members/<int:user_id>/role/", views.member_role, name="member-role"),
    path("<slug:slug>/members/<int:user_id>/remove/", views.member_remove, name="member-remove"),
    path("<slug:slug>/settings/", views.settings_view, name="settings"),
    path("<slug:slug>/archive/", views.archive, name="archive"),
]
