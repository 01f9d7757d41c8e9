"""Refresh every catalogue from the code (``makemessages`` for both domains; needs GNU gettext)."""

import shutil

import polib
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from hub.i18n import catalogues

HEADERS = {"Project-Id-Version": "Action Hub", "Report-Msgid-Bugs-To": "", "Language-Team": ""}


def makemessages(languages, **extra):
    """Both domains for ``languages``, with the hub's options (shared with the coverage test)."""
    options = {"no_obsolete": True, "add_location": "file", "verbosity": 0, **extra}
    call_command("makemessages", locale=languages, ignore_patterns=catalogues.IGNORE, **options)
    call_command("makemessages", locale=languages, domain="djangojs", ignore_patterns=catalogues.JS_IGNORE, **options)


def tidy_headers(languages):
    for lang in languages:
        for domain in catalogues.DOMAINS:
            path = catalogues.catalogue_path(lang, domain)
            if not path.exists():
                continue
            po = polib.pofile(str(path), wrapwidth=79)
            po.metadata.update({**HEADERS, "Language": lang})
            for key in ("Last-Translator", "PO-Revision-Date"):
                po.metadata.pop(key, None)
            po.header = "Action Hub translations. See locale/GLOSSARY.md for the terms of the field."
            po.metadata_is_fuzzy = False
            po.save()


class Command(BaseCommand):
    help = "Run makemessages for every catalogue language (django and djangojs), then compile."

    def add_arguments(self, parser):
        parser.add_argument("--lang", action="append", help="Only these languages (default: every catalogue).")

    def handle(self, *args, **options):
        if not shutil.which("xgettext") or not shutil.which("msgmerge"):
            raise CommandError("makemessages needs GNU gettext (apt-get install gettext).")
        languages = options["lang"] or catalogues.languages()
        if not languages:
            raise CommandError("No catalogue yet: pass --lang fr --lang es ...")
        makemessages(languages)
        tidy_headers(languages)
        catalogues.compile_all(only_stale=False)
        for lang in languages:
            for domain in catalogues.DOMAINS:
                path = catalogues.catalogue_path(lang, domain)
                if path.exists():
                    done, total = catalogues.stats(polib.pofile(str(path)))
                    self.stdout.write(f"{lang}/{domain}: {done}/{total} ({100 * done / max(total, 1):.1f}%)")
