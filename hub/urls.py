from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from hub import views

# The admin's own login form would sign staff in with a password alone: send it to the
# hub's sign-in, which asks for the second factor.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("contact/", views.contact, name="contact"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("members/", include("accounts.urls")),
    path("legal/", include("legal.urls")),
    path("c/", include("communities.urls")),
    path("c/", include("discussions.urls")),
    path("moderation/", include("moderation.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("programme/", include("training.urls")),
    path("knowledge/", include("knowledge.urls")),
    path("events/", include("events.urls")),
    path("messages/", include("messaging.urls")),
    path("search/", include("search.urls")),
]

# Avatars are public and served from media directly (a proxy may serve /media/avatars/ in
# production).  Every other upload (attachments, documents) is served by its app's view,
# which checks permissions and adds Content-Disposition.
urlpatterns += [
    path(
        f"{settings.MEDIA_URL.strip('/')}/avatars/<path:path>",
        serve,
        {"document_root": settings.MEDIA_ROOT / "avatars"},
        name="media-avatar",
    )
]
