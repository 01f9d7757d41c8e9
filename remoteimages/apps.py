from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemoteImagesConfig(AppConfig):
    name = "remoteimages"
    verbose_name = _("Remote image copies")
    default_auto_field = "django.db.models.BigAutoField"
