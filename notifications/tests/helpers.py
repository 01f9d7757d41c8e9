"""Test helper: let a block's writes "commit" so their after-commit effects run.

Notifications are written after commit (``notify_many`` schedules one task), and a test's
transaction never commits.  ``with committed():`` runs, once, the on-commit callbacks
registered inside the block, and those they register in turn (the fan-out task, its outbox
and bell pushes).  Unlike ``captureOnCommitCallbacks`` it removes what it ran, so it can be
nested in, or wrapped by, another capture without running anything twice.  The
``requests_commit`` fixture does the same at the end of each test-client request.
"""

from contextlib import contextmanager

import pytest
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections


@contextmanager
def committed(using=DEFAULT_DB_ALIAS):
    start = len(connections[using].run_on_commit)
    yield
    _run_pending_callbacks(using, start)


def _run_pending_callbacks(using=DEFAULT_DB_ALIAS, start=0):
    connection = connections[using]
    while len(connection.run_on_commit) > start:
        pending = connection.run_on_commit[start:]
        del connection.run_on_commit[start:]
        for _savepoints, callback, _robust in pending:
            callback()


def _request_committed(**kwargs):
    _run_pending_callbacks()


@pytest.fixture
def requests_commit():
    """Each test-client request ends as if its transaction committed: what it scheduled after
    commit (notifications, their mail) has happened when the test reads the result."""
    request_finished.connect(_request_committed, dispatch_uid="notifications.tests.requests_commit")
    try:
        yield
    finally:
        request_finished.disconnect(dispatch_uid="notifications.tests.requests_commit")
