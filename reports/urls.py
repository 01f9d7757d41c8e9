from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("platform/", views.platform, name="platform"),
    path("platform/generate/", views.platform_generate, name="platform-generate"),
    path("platform/export.csv", views.platform_csv, name="platform-csv"),
    path("c/<slug:slug>/", views.community, name="community"),
    path("c/<slug:slug>/generate/", views.community_generate, name="community-generate"),
    path("c/<slug:slug>/export.csv", views.community_csv, name="community-csv"),
    path("snapshot/<int:snapshot_id>/progress/", views.snapshot_progress, name="snapshot-progress"),
]
