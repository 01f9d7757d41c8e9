"""What happens after a write: the one after-commit helper and the event registry.

A service does its writes inside ``transaction.atomic`` and registers what follows (a realtime
push, a Celery task, a cache drop) with :func:`on_commit`. The effect runs once the transaction
commits (at once when there is none), is logged when it fails, and never fails the request:
the write is already saved, and HTTP stays the truth (pushes are best effort, mail waits in the
outbox for its sweep, a Celery task the broker refused is retried by its own sweep).

Lower apps announce events with :class:`Event`; upper apps subscribe in ``AppConfig.ready()``.
That is the only way a lower app reaches a higher one (no ``getattr`` probing, no signals for our
own models), so the import direction checked by import-linter stays one way.
"""

import importlib
import logging

from django.db import transaction

logger = logging.getLogger("hub.effects")


def _label(fn) -> str:
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or repr(fn)


def run_safely(fn, /, *args, **kwargs) -> None:
    """Run ``fn(*args, **kwargs)`` now; log and swallow any failure."""
    try:
        fn(*args, **kwargs)
    except Exception:
        logger.warning("after-write effect %s failed", _label(fn), exc_info=True)


def on_commit(fn, /, *args, using=None, **kwargs) -> None:
    """Run ``fn(*args, **kwargs)`` after the current transaction commits; never raises.

    Pass ids rather than objects when the effect reloads what it needs (a committed row is
    what readers will see)."""
    transaction.on_commit(lambda: run_safely(fn, *args, **kwargs), using=using)


def task_on_commit(task, /, *args, **kwargs) -> None:
    """Queue a Celery task after commit (``hub.celery.ResilientTask`` already survives a
    broker outage; this adds the commit boundary so a worker never reads an unsaved row).

    ``task`` is a task or its registered name (``"privacy.tasks.export_build_task"``). Services
    address their app's tasks by name, as the broker does: tasks call services, so a service
    importing its tasks module would make an import cycle."""
    on_commit(_enqueue, task, args, kwargs)


def _enqueue(task, args, kwargs) -> None:
    if isinstance(task, str):
        task = celery_task(task)
    task.delay(*args, **kwargs)


def celery_task(name: str):
    """The registered Celery task of that name, importing its module the first time (a web
    process, unlike a worker, does not import every app's tasks at start)."""
    from hub.celery import app

    if name not in app.tasks:
        importlib.import_module(name.rpartition(".")[0])
    return app.tasks[name]


class Event:
    """A named event a lower app announces and upper apps listen to.

    ``send`` runs every listener after commit, each on its own: one failing listener neither
    stops the others nor reaches the request."""

    def __init__(self, name: str, doc: str = ""):
        self.name = name
        self.__doc__ = doc or name
        self._listeners: list = []

    def connect(self, listener) -> None:
        if listener not in self._listeners:
            self._listeners.append(listener)

    def disconnect(self, listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @property
    def listeners(self) -> tuple:
        return tuple(self._listeners)

    def send_now(self, *args, **kwargs) -> None:
        for listener in self._listeners:
            run_safely(listener, *args, **kwargs)

    def send(self, *args, **kwargs) -> None:
        """After commit, call each listener with the given arguments."""
        transaction.on_commit(lambda: self.send_now(*args, **kwargs))

    def __repr__(self) -> str:
        return f"<Event {self.name}: {len(self._listeners)} listener(s)>"
