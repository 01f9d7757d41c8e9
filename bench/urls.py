"""The project's URLs plus the ceiling: a trivial view returning 20 KB of static HTML."""

from django.http import HttpResponse
from django.urls import path

from hub import urls as hub_urls

_HEAD = "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>ceiling</title></head><body>\n"
_TAIL = "</body></html>\n"
_LINE = "<p>Static benchmark ceiling text, the same on every request.</p>\n"
CEILING_HTML = (_HEAD + _LINE * (20_000 // len(_LINE) + 1))[: 20_000 - len(_TAIL)] + _TAIL


def ceiling(request):
    return HttpResponse(CEILING_HTML)


# The hub's own list (its language-prefixed part cannot be included), the ceiling first.
urlpatterns = [path("__bench__/ceiling/", ceiling, name="bench-ceiling"), *hub_urls.urlpatterns]
handler500 = hub_urls.handler500
handler429 = hub_urls.handler429
