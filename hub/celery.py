"""Celery application: broker on Redis in production, eager in the embedded default.

Queuing a task never fails a request: ``ResilientTask.apply_async`` (used by ``.delay``)
logs a broker failure and returns None, and the shared breaker skips the broker for a few
seconds after a failure so an outage does not add a connection timeout to every request.
Everything queued is also found by a periodic sweep (outbox, reports, reminders), which
sends what the broker missed once it is back.
"""

import logging
import os

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.base")

logger = logging.getLogger(__name__)


class ResilientTask(Task):
    def apply_async(self, args=None, kwargs=None, **options):
        from hub.resilience import broker_breaker

        if self.app.conf.task_always_eager or getattr(self.request, "id", None):
            # Inline, or a running task retrying itself (the broker redelivers it on failure).
            return super().apply_async(args, kwargs, **options)
        if not broker_breaker.allow():
            logger.warning("Broker unavailable: %s not queued; its sweep will catch up", self.name)
            return None
        try:
            result = super().apply_async(args, kwargs, **options)
        except Exception as exc:
            broker_breaker.failure(exc)
            logger.warning("Broker unavailable: %s not queued; its sweep will catch up", self.name)
            return None
        broker_breaker.success()
        return result


app = Celery("hub", task_cls=ResilientTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
