"""The language of a socket's page, and pushes rendered once per language (never per reader)."""

from urllib.parse import parse_qs

from django.conf import settings
from django.utils import translation


def page_language(scope) -> str:
    """The page's language (``?lang=``), so pushes rendered per language match the page."""
    try:
        query = parse_qs(scope.get("query_string", b"").decode("latin1"), max_num_fields=5)
    except ValueError:
        query = {}
    wanted = (query.get("lang") or [""])[0][:10].lower()
    codes = {code for code, _name in settings.LANGUAGES}
    if wanted in codes:
        return wanted
    return wanted.split("-")[0] if wanted.split("-")[0] in codes else settings.LANGUAGE_CODE


def pick_language(rendered, lang):
    """One rendering out of ``{language: html}`` (or a plain string, or None)."""
    if rendered is None or isinstance(rendered, str):
        return rendered
    return rendered.get(lang) or rendered.get(settings.LANGUAGE_CODE) or next(iter(rendered.values()), None)


def in_every_language(render, *, present=()) -> dict:
    """``{language: render()}`` for each offered language (``hub.i18n.offered_languages``)
    and each other site language among ``present`` (the readers' page languages, e.g. Arabic
    under review): rendered once per language, never per reader; each socket picks its
    page's language (the default's when its language was not rendered)."""
    from hub import i18n

    codes = i18n.offered_languages()
    codes += sorted({code for code in present if code in i18n.site_languages()} - set(codes))
    rendered = {}
    for code in codes:
        with translation.override(code):
            rendered[code] = render()
    return rendered
