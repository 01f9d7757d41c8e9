"""Digests exactly once while a real Celery worker is SIGKILLed at a random point.

A real worker process (Redis broker, the PostgreSQL test database) sends the daily digest
through SMTP to a sink on loopback (aiosmtpd).  Each trial adds fresh members whose local
morning has come, starts the hourly run, kills the worker at a random point (while the
digests are being built, or after some have gone out), restarts it and lets the periodic
sweeps (dispatched here as beat would) finish.  Every member must hold exactly one digest:
counted by Message-ID, since the one message in flight at the kill may reach the server
twice under the same Message-ID (the send-then-mark window, outbox.sending).

Runs in CI (.ci/run sets DATABASE_URL and REDIS_URL); skipped elsewhere.
"""

import datetime
import email
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from kombu import Connection

from accounts.tests.factories import UserFactory
from communities.models import DigestFrequency
from discussions.tests.factories import make_thread
from hub.celery import app as celery_app
from notifications.models import DigestRun
from notifications.tasks import digests_send_due_task
from outbox.models import DeliveryStatus, EmailDelivery
from outbox.sending import delivery_message_id
from outbox.tasks import outbox_sweep_task

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 5
MEMBERS_PER_TRIAL = 40
SETTLE_SECONDS = 60  # upper bound for one trial to finish after the restart

pytestmark = [
    pytest.mark.slow,
    pytest.mark.redis,
    pytest.mark.skipif(not settings.TEST_REDIS_URL, reason="needs REDIS_URL for the Celery broker (runs in CI)"),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="the worker process needs a database it shares with the test (PostgreSQL in CI)",
    ),
]


class Sink:
    """An SMTP server on loopback that keeps (recipient, Message-ID) of every message."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.received = []
        self._lock = threading.Lock()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message_id = email.message_from_bytes(envelope.content)["Message-ID"]
        with self._lock:
            for rcpt in envelope.rcpt_tos:
                self.received.append((rcpt, message_id))
        return "250 OK"

    def snapshot(self):
        with self._lock:
            return list(self.received)


class Worker:
    """One ``celery worker`` process at a time, started and SIGKILLed on demand."""

    def __init__(self, tmp_path, smtp_port, queue):
        db = settings.DATABASES["default"]
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hub.settings.base",
            "DEBUG": "0",
            "SECRET_KEY": "worker-kill-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "REDIS_URL": settings.TEST_REDIS_URL,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "OUTBOX_SWEEP_MIN_AGE": "0",  # the test's sweeps stand in for minutes of beat
            "DB_POOL_MAX_SIZE": "2",
            "PYTHONPATH": str(ROOT),
        }
        self.tmp_path, self.queue, self.proc, self.starts = tmp_path, queue, None, 0

    @property
    def log_path(self):
        return self.tmp_path / f"worker-{self.starts}.log"

    def start(self):
        self.starts += 1
        log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "hub", "worker", "-Q", self.queue, "--pool=solo", "-l", "INFO"],
            cwd=self.tmp_path,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self):
        return self.log_path.read_text(errors="replace")

    def kill(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def _zone_where_it_is_noon(now):
    """A fixed-offset zone whose local hour is 12 now (inside the digest's catch-up window)."""
    offset = 12 - now.hour
    if offset > 14:
        offset -= 24
    if offset < -12:
        offset += 24
    # POSIX sign convention: Etc/GMT-3 is UTC+3.
    return "Etc/GMT" + (f"{-offset:+d}" if offset else "")


def _wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _forget_our_unacked_messages(redis_url, queue):
    """The killed workers' messages wait in kombu's unacked hash; drop ours (no one else's),
    with our queue and its bindings."""
    import json

    import redis

    client = redis.Redis.from_url(redis_url)
    for tag, raw in client.hgetall("unacked").items():
        try:
            routing_key = json.loads(raw)[2]
        except (ValueError, IndexError, TypeError):
            continue
        if routing_key == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


@pytest.fixture
def not_eager():
    """This process hands tasks to the worker over Redis instead of running them itself."""
    conf = celery_app.conf
    saved = conf.task_always_eager
    conf.task_always_eager = False
    yield
    conf.task_always_eager = saved


@pytest.fixture
def sink():
    server = Sink()
    server.controller.start()
    yield server
    server.controller.stop()


def test_digests_exactly_once_when_the_worker_is_killed_at_random_points(
    tmp_path, transactional_db, not_eager, sink, make_community, join
):
    seed = int(os.environ.get("KILL_TEST_SEED", random.SystemRandom().randrange(1_000_000)))
    rng = random.Random(seed)
    now = timezone.now()
    zone = _zone_where_it_is_noon(now)
    community = make_community(name="Rangelands")
    kofi = UserFactory()
    join(kofi, community, digest_frequency=DigestFrequency.OFF)
    # Posted at local 06:00 today: inside the span of today's daily digest.
    make_thread(
        community,
        kofi,
        title="Water points along the transhumance route",
        replies=2,
        created_at=now - datetime.timedelta(hours=6),
    )
    connection.close()

    queue = f"test-kill-{os.getpid()}-{time.monotonic_ns()}"
    worker = Worker(tmp_path, sink.port, queue)
    rows = []
    try:
        with Connection(settings.TEST_REDIS_URL) as broker:

            def dispatch(task, *args):
                task.apply_async(args=args, connection=broker, queue=queue)

            worker.start()
            for trial in range(1, TRIALS + 1):
                members = [UserFactory(timezone=zone) for _ in range(MEMBERS_PER_TRIAL)]
                for member in members:
                    join(member, community, digest_frequency=DigestFrequency.DAILY)
                addresses = {m.email for m in members}
                connection.close()

                def delivered(addresses=addresses):
                    return [(rcpt, mid) for rcpt, mid in sink.snapshot() if rcpt in addresses]

                # Where to kill: at a random moment just after the run starts (odd trials: the
                # build), or once a random number of this trial's digests reached the server.
                during_build = trial % 2 == 1
                target = 0 if during_build else rng.randint(1, MEMBERS_PER_TRIAL - 1)
                starts_before = worker.log().count("digests_send_due_task[")
                dispatch(digests_send_due_task)
                if during_build:
                    assert _wait_for(lambda n=starts_before: worker.log().count("digests_send_due_task[") > n, 60), (
                        worker.log()[-3000:]
                    )
                    time.sleep(rng.uniform(0, 0.1))
                else:
                    assert _wait_for(lambda t=target: len(delivered()) >= t, 60), worker.log()[-3000:]
                worker.kill()
                at_kill = len(delivered())
                runs_at_kill = DigestRun.objects.filter(user__in=members).count()
                connection.close()
                worker.start()

                def finished(members=members, addresses=addresses):
                    done = DigestRun.objects.filter(user__in=members).count() == len(members)
                    pending = EmailDelivery.objects.filter(recipient__in=members).exclude(status=DeliveryStatus.SENT)
                    complete = done and not pending.exists()
                    connection.close()
                    return complete and {r for r, _m in delivered()} == addresses

                # Beat's periodic runs, compressed: the digest run and the outbox sweep.
                deadline = time.monotonic() + SETTLE_SECONDS
                while not finished() and time.monotonic() < deadline:
                    dispatch(digests_send_due_task)
                    dispatch(outbox_sweep_task)
                    _wait_for(finished, 3)

                received = defaultdict(list)
                for rcpt, message_id in delivered():
                    received[rcpt].append(message_id)
                expected = {
                    run.user.email: delivery_message_id(run.delivery)
                    for run in DigestRun.objects.filter(user__in=members).select_related("user", "delivery")
                    if run.delivery is not None
                }
                rows.append(
                    {
                        "trial": trial,
                        "killed": (
                            "while building (no period claimed yet)"
                            if runs_at_kill == 0
                            else f"while sending ({at_kill} of {MEMBERS_PER_TRIAL} received)"
                        ),
                        "received_at_kill": at_kill,
                        "claimed_at_kill": runs_at_kill,
                        "duplicates": sum(1 for ids in received.values() if len(set(ids)) > 1),
                        "missing": len(addresses - set(received)),
                        "resent_same_id": sum(len(ids) - len(set(ids)) for ids in received.values()),
                        "foreign_id": sum(1 for a, ids in received.items() if set(ids) != {expected.get(a)}),
                    }
                )
    finally:
        worker.stop()
        _forget_our_unacked_messages(settings.TEST_REDIS_URL, queue)

    table = "\n".join(
        f"trial {r['trial']}: killed {r['killed']}: duplicates {r['duplicates']}, missing {r['missing']}, "
        f"re-sent under the same Message-ID {r['resent_same_id']}"
        for r in rows
    )
    print(f"\nworker kill trials (seed {seed}, {MEMBERS_PER_TRIAL} members each):\n{table}")
    assert len(rows) == TRIALS
    assert all(r["duplicates"] == 0 and r["missing"] == 0 and r["foreign_id"] == 0 for r in rows), table
    assert all(r["resent_same_id"] <= 1 for r in rows), table  # the window is one message
