from django.conf import settings


def site(request):
    """Site-wide template context: name and demo flag."""
    return {"SITE_NAME": settings.SITE_NAME, "DEBUG": settings.DEBUG}
