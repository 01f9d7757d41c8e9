from django.urls import path

from legal import views

app_name = "legal"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("terms/", views.terms, name="terms"),
    path("<str:kind>/v<int:version>/", views.document_version, name="document-version"),
    path("accept/", views.accept, name="accept"),
]
