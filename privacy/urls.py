from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.data, name="data"),
    path("export/", views.export_request, name="export-request"),
    path("export/<str:token>/", views.export_download, name="export-download"),
    path("delete/", views.delete_account, name="delete"),
    path("deleted/", views.deleted, name="deleted"),
    path("staff/delete/<int:user_id>/", views.staff_delete, name="staff-delete"),
]
