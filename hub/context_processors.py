from django.conf import settings


def site(request):
    """Site-wide template context: name and demo flag."""
    return {"SITE_NAME": settings.SITE_NAME, "DEBUG": settings.DEBUG}


def languages(request):
    """The language switcher's choices and the page's direction (``dir="rtl"`` for Arabic)."""
    from django.utils import translation

    from hub import i18n

    code = translation.get_language() or ""
    return {"HUB_LANGUAGES": i18n.offered_languages(), "LANGUAGE_RTL": i18n.is_rtl(code)}
