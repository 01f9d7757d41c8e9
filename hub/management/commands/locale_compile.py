"""Compile ``locale/*/LC_MESSAGES/*.po`` into ``.mo`` files without GNU gettext."""

from django.core.management.base import BaseCommand

from hub.i18n import catalogues


class Command(BaseCommand):
    help = "Compile the gettext catalogues (.po -> .mo) in pure Python; only stale ones unless --all."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Recompile every catalogue, stale or not.")

    def handle(self, *args, **options):
        written = catalogues.compile_all(only_stale=not options["all"])
        for path in written:
            self.stdout.write(f"compiled {path.relative_to(catalogues.locale_dir())}")
        if not written and options["verbosity"] > 1:
            self.stdout.write("catalogues up to date")
