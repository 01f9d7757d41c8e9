"""seed_demo is deterministic and idempotent: a second run changes nothing."""

import hashlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import User


def database_state():
    """Row counts per model and a hash of every row's values."""
    counts, digest = {}, hashlib.sha256()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        label = model._meta.label
        if label in ("sessions.Session", "admin.LogEntry"):
            continue
        rows = list(model._base_manager.order_by("pk").values_list())
        counts[label] = len(rows)
        digest.update(label.encode())
        digest.update(repr(rows).encode())
    return counts, digest.hexdigest()


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    first = database_state()
    assert first[0]["accounts.User"] == 303
    call_command("seed_demo", stdout=io.StringIO())
    assert database_state() == first


@pytest.mark.django_db
def test_seed_demo_accounts_are_realistic_and_log_in(client):
    from accounts import demo

    class Quiet:
        def write(self, *args):
            pass

    demo.seed(stdout=Quiet())
    members = User.objects.filter(username__startswith="demo")
    assert members.count() == 300
    assert members.values("country").distinct().count() >= 60
    assert not members.filter(display_name="").exists()
    assert not members.filter(bio__icontains="lorem").exists()
    for email in ("member@example.org", "moderator@example.org", "staff@example.org"):
        response = client.post("/accounts/login/", {"login": email, "password": "actionhub-demo"})
        assert response.status_code == 302, email
        client.logout()
    assert User.objects.get(email="staff@example.org").is_staff
