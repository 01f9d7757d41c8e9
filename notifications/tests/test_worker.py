"""A real Celery worker on the real Redis broker (CI): the outbox and a digest get delivered.

Needs REDIS_URL (broker) and PostgreSQL (the worker is another process and must see the
test database); skipped otherwise.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from accounts.tests.factories import UserFactory
from communities.models import DigestFrequency
from hub.celery import app as celery_app
from notifications import services
from notifications.models import DeliveryStatus, EmailDelivery, NotificationKind

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.redis,
    pytest.mark.skipif(not settings.TEST_REDIS_URL, reason="needs REDIS_URL (runs in CI)"),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="the worker process needs a shared database (PostgreSQL in CI)",
    ),
]


@pytest.fixture
def worker(tmp_path, transactional_db):
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.base",
        "DEBUG": "0",
        "SECRET_KEY": "worker-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.TEST_REDIS_URL,
        "EMAIL_URL": "filemail:///mails",
        "PYTHONPATH": str(ROOT),
    }
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    log = (tmp_path / "worker.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "hub", "worker", "-Q", queue, "--pool=solo", "--loglevel=WARNING"],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.task_default_queue)
    conf.task_always_eager = False
    conf.broker_url = settings.TEST_REDIS_URL
    conf.task_default_queue = queue
    yield tmp_path
    conf.task_always_eager, conf.broker_url, conf.task_default_queue = saved
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def _wait_for(predicate, timeout=45):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_real_worker_sends_outbox_email_and_digest(worker, make_community, join, make_thread):
    mails = worker / "mails"
    amina, kofi = UserFactory(email="amina@example.org"), UserFactory()
    community = make_community(name="Wetlands")
    join(amina, community, digest_frequency=DigestFrequency.WEEKLY)
    make_thread(community, kofi, title="Ramsar site management plans", posts=3)
    connection.close()  # let the worker see committed rows without our open transaction

    notification = services.notify(recipient=amina, kind=NotificationKind.MENTION, text="Kofi mentioned you")
    assert notification is not None
    delivery = EmailDelivery.objects.get(notification=notification)
    assert _wait_for(lambda: EmailDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT)

    from notifications.tasks import digests_send_now_task

    digests_send_now_task.delay(DigestFrequency.WEEKLY)

    def digest_written():
        if not mails.exists():
            return False
        return any("Ramsar site management plans" in p.read_text() for p in mails.iterdir())

    assert _wait_for(digest_written), (worker / "worker.log").read_text()[-3000:]
    written = "\n".join(p.read_text() for p in mails.iterdir())
    assert "Kofi mentioned you" in written
    assert written.count("Ramsar site management plans") >= 1
