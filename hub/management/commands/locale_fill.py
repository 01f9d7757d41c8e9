"""Merge translations from a JSON file into a language's catalogues.

The file holds one object: ``{msgid: msgstr}`` or, for a plural entry, ``{msgid: [form, ...]}``
with as many forms as the language has (``Plural-Forms``).  An entry with a context is keyed
``msgctxt + "\\x04" + msgid``.  Each translation goes to the catalogue (``django`` or
``djangojs``) that has the msgid; entries filled lose their fuzzy flag.  Translations with
wrong placeholders or the wrong number of plural forms are reported and skipped.
"""

import json

import polib
from django.core.management.base import BaseCommand, CommandError

from hub.i18n import catalogues


class Command(BaseCommand):
    help = "Fill locale/<lang>/LC_MESSAGES/{django,djangojs}.po from a JSON {msgid: msgstr} file."

    def add_arguments(self, parser):
        parser.add_argument("json_file")
        parser.add_argument("--lang", required=True, help="Language code of the catalogues to fill, e.g. fr.")
        parser.add_argument("--no-compile", action="store_true", help="Do not compile the .mo files afterwards.")

    def handle(self, *args, json_file, lang, **options):
        try:
            with open(json_file, encoding="utf-8") as handle:
                translations = json.load(handle)
        except OSError as exc:
            raise CommandError(f"Cannot read {json_file}: {exc}") from exc
        except ValueError as exc:
            raise CommandError(f"{json_file} is not valid JSON: {exc}") from exc
        if not isinstance(translations, dict):
            raise CommandError(f"{json_file} must hold one JSON object {{msgid: translation}}.")
        paths = [catalogues.catalogue_path(lang, d) for d in catalogues.DOMAINS]
        paths = [p for p in paths if p.exists()]
        if not paths:
            raise CommandError(f"No catalogue for {lang!r}: run `make messages` first.")
        known = set()
        for path in paths:
            po = polib.pofile(str(path), wrapwidth=79)
            known |= {catalogues.entry_key(e) for e in catalogues.live_entries(po)}
            filled, problems = catalogues.fill(po, translations, catalogues.nplurals(po))
            po.save()
            translated, total = catalogues.stats(po)
            self.stdout.write(
                f"{path.parent.parent.name}/{path.name}: {filled} filled, {translated}/{total} translated"
                f" ({100 * translated / max(total, 1):.1f}%)"
            )
            for problem in problems:
                self.stderr.write(f"  skipped {problem}")
        unknown = [k for k in translations if k not in known]
        if unknown:
            self.stdout.write(f"{len(unknown)} msgids are in no catalogue (strings no longer used), e.g. {unknown[:3]}")
        if not options["no_compile"]:
            catalogues.compile_all(only_stale=False)
