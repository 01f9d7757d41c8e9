"""The project's URLs plus the ceiling: a trivial view returning 20 KB of static HTML."""

from django.http import HttpResponse
from django.urls import include, path

_HEAD = "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>ceiling</title></head><body>\n"
_TAIL = "</body></html>\n"
_LINE = "<p>Static benchmark ceiling text, the same on every request.</p>\n"
CEILING_HTML = (_HEAD + _LINE * (20_000 // len(_LINE) + 1))[: 20_000 - len(_TAIL)] + _TAIL


def ceiling(request):
    return HttpResponse(CEILING_HTML)


urlpatterns = [
    path("__bench__/ceiling/", ceiling, name="bench-ceiling"),
    path("", include("hub.urls")),
]
