"""PostgreSQL down or saturated: the branded 503 page with Retry-After, never a traceback;
``/healthz`` stays a liveness check, ``/readyz`` reports the services."""

import logging
import socket
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from psycopg_pool import PoolTimeout

from accounts.tests.factories import UserFactory
from hub import views
from hub.resilience import OutageLogFilter, is_database_outage

pytestmark = pytest.mark.django_db


@contextmanager
def database_failing(error):
    """Every query fails with ``error``, as when the server is stopped or the pool is empty."""

    def fail(execute, sql, params, many, context):
        raise error

    with connection.execute_wrapper(fail):
        yield


@pytest.fixture(autouse=True)
def _fresh_readiness():
    views._ready_memo.update(answer=None, at=0.0)
    yield
    views._ready_memo.update(answer=None, at=0.0)


def outage_client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("terminating connection due to administrator command"),
        OperationalError("server closed the connection unexpectedly"),
        PoolTimeout("couldn't get a connection after 3.00 sec"),
    ],
    ids=["shutdown", "closed", "pool-timeout"],
)
def test_pages_answer_the_branded_503_with_retry_after(error):
    client = outage_client()
    with database_failing(error):
        response = client.get(reverse("communities:directory"))
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    assert b"Back in a moment" in response.content and b"Action Hub" in response.content
    assert b"Traceback" not in response.content


def test_signed_in_pages_and_posts_answer_503_too(settings):
    member = UserFactory()
    client = outage_client()
    client.force_login(member)
    with database_failing(OperationalError("server closed the connection unexpectedly")):
        for response in (
            client.get(reverse("notifications:list")),
            client.get(reverse("accounts:profile-edit")),
            client.post(reverse("contact"), {"name": "A", "email": "a@example.org", "subject": "s", "message": "m"}),
        ):
            assert response.status_code == 503
            assert response["Retry-After"]


def test_the_503_page_is_in_the_members_language():
    # A member's pages are under their language's prefix (the switcher, the login and the
    # first visit send them there): the outage page follows it.
    with database_failing(OperationalError("the database system is shutting down")):
        response = outage_client().get("/fr/c/")
    assert response.status_code == 503
    assert response["Content-Language"] == "fr"
    assert b'<html lang="fr"' in response.content
    with database_failing(OperationalError("the database system is shutting down")):
        response = outage_client().get("/es/c/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 503 and response["Content-Language"] == "es"


def test_json_clients_get_a_json_503():
    with database_failing(OperationalError("gone")):
        response = outage_client().get("/c/thread/1/posts-after/0/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert "error" in response.json()


def test_outside_a_view_the_500_handler_answers_503_for_outages():
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = views.server_error(request)
    assert response.status_code == 503 and response["Retry-After"]
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = views.server_error(request)
    assert response.status_code == 500 and b"Something went wrong" in response.content


def test_programming_errors_are_not_mistaken_for_outages():
    from django.db import IntegrityError, ProgrammingError

    assert not is_database_outage(ProgrammingError("syntax error"))
    assert not is_database_outage(IntegrityError("duplicate key"))
    assert is_database_outage(PoolTimeout("no connection"))
    wrapped = OperationalError("wrapped")
    wrapped.__cause__ = PoolTimeout("no connection")
    assert is_database_outage(wrapped)


def test_outage_log_lines_carry_no_traceback():
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        import sys

        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "%s: %s", ("Error", "/"), sys.exc_info()
        )
    assert OutageLogFilter().filter(record)
    assert record.exc_info is None
    assert "server closed the connection unexpectedly" in record.getMessage()
    try:
        raise ValueError("a bug")
    except ValueError:
        import sys

        bug = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", None, sys.exc_info())
    assert OutageLogFilter().filter(bug) and bug.exc_info is not None  # real bugs keep theirs


def test_healthz_is_liveness_only(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get(reverse("healthz"))
    assert response.status_code == 200 and response.content == b"ok"


def test_readyz_reports_services(settings):
    settings.REDIS_URL = ""
    response = Client().get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"ready": True, "database": "ok", "redis": "not configured", "broker": "inline"}


def test_readyz_is_503_when_the_database_is_unreachable(settings):
    settings.REDIS_URL = ""
    with database_failing(OperationalError("connection refused")):
        response = Client().get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["ready"] is False and response.json()["database"] == "unavailable"
    assert response["Retry-After"]


def test_readyz_reports_redis_and_broker_down_but_stays_ready(settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    settings.CELERY_BROKER_URL = settings.REDIS_URL
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = Client().get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"ready": True, "database": "ok", "redis": "unavailable", "broker": "unavailable"}


def test_readyz_reports_a_saturated_pool():
    with database_failing(PoolTimeout("couldn't get a connection after 3.00 sec")):
        response = Client().get(reverse("readyz"))
    assert response.json()["database"] == "saturated"


def test_sockets_are_refused_with_a_retry_code_while_the_database_is_down(monkeypatch):
    """4503 (retried with backoff), not 4403 (final): readers come back after the outage."""
    from asgiref.sync import async_to_sync

    from discussions import consumers
    from discussions.tests.realtime_helpers import connect, make_community, make_thread, refused_code

    thread = make_thread(make_community())

    async def down(*args, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(consumers.thread_access, "verdict", down)

    async def scenario():
        ws = await connect(f"/ws/threads/{thread.pk}/")
        code = await refused_code(ws)
        await ws.disconnect()
        return code

    assert async_to_sync(scenario)() == 4503
