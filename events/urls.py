from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.calendar_view, name="calendar"),
    path("calendar/", views.calendar_feeds, name="feeds"),
    path("calendar/reset/", views.calendar_token_reset, name="token-reset"),
    path("feed/<str:token>.ics", views.member_feed, name="member-feed"),
    path("c/<slug:slug>/", views.community_events, name="community"),
    path("c/<slug:slug>/new/", views.event_create, name="create"),
    path("c/<slug:slug>/calendar.ics", views.community_feed, name="community-feed"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("<int:pk>/rsvp/", views.event_rsvp, name="rsvp"),
    path("<int:pk>/attendees/", views.event_attendees, name="attendees"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
    path("<int:pk>/materials/", views.material_add, name="material-add"),
    path("<int:pk>/materials/<int:material_id>/", views.material_download, name="material"),
]
