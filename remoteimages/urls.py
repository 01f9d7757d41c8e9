from django.urls import path

from remoteimages import views

app_name = "remoteimages"
urlpatterns = [path("<str:name>", views.copy, name="copy")]
