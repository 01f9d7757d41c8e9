"""Turn remote <img> in HTML saved before remote images were linked into links, and copy them.

    manage.py remote_images_relink [--dry-run]

Runs over every field registered with ``remoteimages.services.register``; safe to run again.
"""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q

import markup
from remoteimages import services


class Command(BaseCommand):
    help = "Relink remote images in stored HTML and schedule their copies."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        from remoteimages.tasks import remote_images_localise_task

        total = 0
        for label, target in services.registered().items():
            model = apps.get_model(label)
            query = Q()
            for name in target.fields:
                query |= Q(**{f"{name}__contains": '<img src="http'})
            for row in model.objects.filter(query).only("pk", *target.fields).iterator(chunk_size=200):
                changes = {}
                for name in target.fields:
                    html = getattr(row, name) or ""
                    relinked = markup.sanitise(markup.relink_images(html)) if '<img src="http' in html else html
                    if relinked != html:
                        changes[name] = relinked
                if not changes:
                    continue
                total += 1
                if dry_run:
                    continue
                model.objects.filter(pk=row.pk).update(**changes)
                if not settings.REMOTE_IMAGES_ENABLED:
                    continue
                try:
                    remote_images_localise_task.delay(label, row.pk)
                except Exception as exc:
                    self.stderr.write(f"{label} {row.pk}: not scheduled ({exc})")
        verb = "would relink" if dry_run else "relinked"
        self.stdout.write(f"{verb} {total} rows")
