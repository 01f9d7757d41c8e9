"""Fill the database with realistic, deterministic demo content.

Each app that has demo content provides ``<app>/demo.py`` with ``seed(*, stdout)``;
they run in dependency order.  Running the command twice changes nothing.
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_APPS = [
    "accounts",
    "legal",
    "communities",
    "discussions",
    "moderation",
    "notifications",
    "training",
    "knowledge",
    "events",
    "messaging",
    "reports",
]


class Command(BaseCommand):
    help = "Create realistic demo members, communities and discussions (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Only seed when there are no members yet.")

    def handle(self, *args, if_empty=False, **options):
        from accounts.models import User

        if if_empty and User.objects.exists():
            self.stdout.write("Demo data already present.")
            return
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
