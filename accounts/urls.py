from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/edit/", views.profile_edit, name="profile-edit"),
    path("me/sessions/<int:pk>/end/", views.session_end, name="session-end"),
    path("<str:username>/", views.profile, name="profile"),
    path("<str:username>/card/", views.user_card, name="user-card"),
]
