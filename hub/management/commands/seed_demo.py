"""Fill the database with realistic, deterministic demo content.

Each app that has demo content provides a module with ``seed(*, stdout)`` (``<app>/demo.py``,
or another module of the app whose models the demo needs: the demo notifications point at
posts, so they live in discussions); they run in dependency order.  Running the command twice
changes nothing.
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_MODULES = [
    "accounts.demo",
    "legal.demo",
    "communities.demo",
    "discussions.demo",
    "moderation.demo",
    "discussions.demo_notifications",
    "training.demo",
    "knowledge.demo",
    "events.demo",
    "messaging.demo",
    "reports.demo",
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
        for name in DEMO_MODULES:
            module = importlib.import_module(name)
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
