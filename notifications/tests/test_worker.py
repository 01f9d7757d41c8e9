"""A real Celery worker on the real Redis broker (CI): the outbox and a digest get delivered.

Needs REDIS_URL (broker) and PostgreSQL (the worker is another process and must see the
test database); skipped otherwise.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from kombu import Connection

from accounts.tests.factories import UserFactory
from communities.models import DigestFrequency
from discussions.tests.factories import make_thread
from hub.celery import app as celery_app
from notifications import services
from notifications.models import NotificationKind
from notifications.tasks import digests_send_now_task
from outbox.models import DeliveryStatus, EmailDelivery
from outbox.tasks import email_delivery_send_task

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
    env["CELERY_TASK_DEFAULT_QUEUE"] = queue
    log = (tmp_path / "worker.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "hub", "worker", "-Q", queue, "--pool=solo", "--loglevel=WARNING"],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    # This process keeps its in-memory broker (what notify() queues stays here); the test
    # hands tasks to the worker explicitly over a connection to the real Redis.
    conf = celery_app.conf
    saved = conf.task_always_eager
    conf.task_always_eager = False
    with Connection(settings.TEST_REDIS_URL) as redis_connection:
        yield tmp_path, redis_connection, queue
    conf.task_always_eager = saved
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


def test_real_worker_sends_outbox_email_and_digest(worker, make_community, join):
    tmp_path, redis_connection, queue = worker
    mails = tmp_path / "mails"
    amina, kofi = UserFactory(email="amina@example.org"), UserFactory()
    community = make_community(name="Wetlands")
    join(amina, community, digest_frequency=DigestFrequency.WEEKLY)
    make_thread(community, kofi, title="Ramsar site management plans", replies=2)
    connection.close()  # let the worker see committed rows without our open transaction

    # notify() schedules the fan-out after commit; the test hands that task to the worker.
    with mock.patch.object(services.notifications_fan_out_task, "delay") as queued:
        services.notify(recipient=amina, kind=NotificationKind.MENTION, text="Kofi mentioned you")
    (payload,) = queued.call_args.args
    services.notifications_fan_out_task.apply_async(args=[payload], connection=redis_connection, queue=queue)
    assert _wait_for(lambda: EmailDelivery.objects.filter(recipient=amina, source__startswith="notification:").exists())
    delivery = EmailDelivery.objects.get(recipient=amina)
    # The worker queued the mail on its own broker; sending it again is a no-op once sent.
    email_delivery_send_task.apply_async(args=[delivery.pk], connection=redis_connection, queue=queue)
    assert _wait_for(lambda: EmailDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SENT)

    digests_send_now_task.apply_async(args=[DigestFrequency.WEEKLY], connection=redis_connection, queue=queue)

    def digest_written():
        if not mails.exists():
            return False
        return any("Ramsar site management plans" in p.read_text() for p in mails.iterdir())

    assert _wait_for(digest_written), (tmp_path / "worker.log").read_text()[-3000:]
    written = "\n".join(p.read_text() for p in mails.iterdir())
    assert "Kofi mentioned you" in written
    assert written.count("Ramsar site management plans") >= 1
