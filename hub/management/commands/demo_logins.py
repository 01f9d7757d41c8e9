from django.conf import settings
from django.core.management.base import BaseCommand

DEMO_LOGINS = [
    ("member", "member@example.org"),
    ("moderator", "moderator@example.org"),
    ("staff", "staff@example.org"),
]


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        self.stdout.write("\nAction Hub demo: http://127.0.0.1:8000")
        for role, email in DEMO_LOGINS:
            self.stdout.write(f"  {role:<10} {email:<26} password: {settings.DEMO_PASSWORD}")
        self.stdout.write("")
