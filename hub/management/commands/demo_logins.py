from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEMO_LOGINS = [
    (gettext_lazy("member"), "member@example.org"),
    (gettext_lazy("moderator"), "moderator@example.org"),
    (gettext_lazy("staff"), "staff@example.org"),
]


class Command(BaseCommand):
    help = "Print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--lang", default=settings.LANGUAGE_CODE, help="Language of the banner, e.g. fr.")

    def handle(self, *args, lang, **options):
        from hub import i18n

        language = i18n.supported(lang)
        if language is None:
            raise CommandError(f"Unknown language {lang!r}.")
        with translation.override(language):
            self.stdout.write("\n" + _("Action Hub demo: %(url)s") % {"url": "http://127.0.0.1:8000"})
            for role, email in DEMO_LOGINS:
                password = _("password: %(password)s") % {"password": settings.DEMO_PASSWORD}
                self.stdout.write(f"  {str(role):<10} {email:<26} {password}")
            self.stdout.write("")
