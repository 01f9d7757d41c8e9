"""The language switcher's links and the page's ``hreflang`` alternates."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """One entry per offered language: ``code``, ``name`` (in that language), ``url`` (this
    page in that language, path and query), ``current``."""
    from hub import i18n

    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = translation.get_language()
    versions = []
    for code in i18n.offered_languages():
        info = translation.get_language_info(code)
        url = translate_url(path, code)
        versions.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "absolute": request.build_absolute_uri(url) if request is not None else url,
                "current": code == current,
                "default": code == settings.LANGUAGE_CODE,
            }
        )
    return versions
