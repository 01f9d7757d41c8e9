from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.i18n import JavaScriptCatalog, set_language
from django.views.static import serve

from hub import views

# The admin's own login form would sign staff in with a password alone: send it to the
# hub's sign-in, which asks for the second factor.
admin.site.login = secure_admin_login(admin.site.login)

# Pages for people are under a language prefix (/fr/, /es/; English unprefixed); health
# checks, media, the admin and the language switch stay unprefixed (websockets are routed
# apart, in hub/routing.py).
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("readyz", views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    # The catalogue only changes with a deploy: cached per language, and by browsers for a day.
    path(
        "jsi18n/",
        cache_page(86400, key_prefix="jsi18n")(JavaScriptCatalog.as_view()),
        name="javascript-catalog",
    ),
    path("about/", views.about, name="about"),
    path("contact/", views.contact, name="contact"),
    path("accounts/", include("allauth.urls")),
    path("members/", include("accounts.urls")),
    path("legal/", include("legal.urls")),
    path("c/", include("communities.urls")),
    path("c/", include("discussions.urls")),
    path("", include("discussions.urls_reading")),
    path("moderation/", include("moderation.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("programme/", include("training.urls")),
    path("knowledge/", include("knowledge.urls")),
    path("events/", include("events.urls")),
    path("messages/", include("messaging.urls")),
    path("search/", include("search.urls")),
    path("privacy/", include("privacy.urls")),
    prefix_default_language=False,
)

# Copies of remote images in posts, bios and messages (public, random names): media, unprefixed.
urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/remote-images/", include("remoteimages.urls"))]

handler500 = "hub.views.server_error"  # database outages answer the branded 503
handler429 = "hub.views.too_many_requests"  # allauth's rate limits (fail closed without Redis)

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
