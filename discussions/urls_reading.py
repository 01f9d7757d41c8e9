"""Reading across communities: /latest/, /bookmarks/ and the keyboard shortcuts' help (namespace ``reading``)."""

from django.urls import path

from discussions.views import reading

app_name = "reading"

urlpatterns = [
    path("latest/", reading.latest, name="latest"),
    path("bookmarks/", reading.bookmark_list, name="bookmarks"),
    path("shortcuts/", reading.shortcuts_help, name="shortcuts"),
]
