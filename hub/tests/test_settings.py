"""The settings module picks its backends from the environment.

Each case imports hub.settings.base in a fresh interpreter with a controlled environment,
so nothing leaks from the test process (which runs on hub.settings.test).
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json
from hub.settings import base as s
print(json.dumps({
    "db": s.DATABASES["default"]["ENGINE"],
    "db_name": str(s.DATABASES["default"]["NAME"]),
    "cache": s.CACHES["default"]["BACKEND"],
    "channels": s.CHANNEL_LAYERS["default"]["BACKEND"],
    "celery_broker": s.CELERY_BROKER_URL,
    "celery_eager": s.CELERY_TASK_ALWAYS_EAGER,
    "email": s.EMAIL_BACKEND,
    "debug": s.DEBUG,
    "hosts": s.ALLOWED_HOSTS,
    "csrf_origins": s.CSRF_TRUSTED_ORIGINS,
    "media": str(s.MEDIA_ROOT),
    "verification": s.ACCOUNT_EMAIL_VERIFICATION,
    "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "pool": s.DATABASES["default"].get("OPTIONS", {}).get("pool"),
    "conn_max_age": s.DATABASES["default"]["CONN_MAX_AGE"],
}))
"""
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "hub.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://hub.example.org",
}


def clean_env(**extra):
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")}
    keep["PYTHONPATH"] = str(ROOT)
    keep.update(extra)
    return keep


def probe(**env):
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=clean_env(**env), cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_settings_embedded_defaults_without_env():
    chosen = probe(DEBUG="1")
    assert chosen["db"] == "django.db.backends.sqlite3"
    assert chosen["db_name"].endswith("db.sqlite3")
    assert chosen["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert chosen["channels"] == "channels.layers.InMemoryChannelLayer"
    assert chosen["celery_broker"] == "memory://" and chosen["celery_eager"] is True
    assert chosen["email"] == "django.core.mail.backends.console.EmailBackend"
    assert chosen["verification"] == "optional"  # the demo lets people in at once
    assert chosen["ssl_redirect"] is False


def test_settings_production_services_from_env():
    chosen = probe(
        **PRODUCTION,
        DATABASE_URL="postgres://hub:secret@db.internal:5432/hub",
        REDIS_URL="redis://cache.internal:6379/1",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example.org:587",
        MEDIA_ROOT="/srv/hub/media",
    )
    assert chosen["db"] == "django.db.backends.postgresql" and chosen["db_name"] == "hub"
    # One connection pool per process (psycopg 3), never persistent per-thread connections.
    assert chosen["pool"] == {
        "min_size": 1,
        "max_size": 10,
        "timeout": 3.0,
        "max_waiting": 100,
        "reconnect_timeout": 5.0,
    }
    assert chosen["conn_max_age"] == 0
    assert chosen["cache"] == "hub.cache.ResilientRedisCache"
    assert chosen["channels"] == "realtime.layers.PubSubChannelLayer"
    assert chosen["celery_broker"] == "redis://cache.internal:6379/1" and chosen["celery_eager"] is False
    assert chosen["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert chosen["debug"] is False and chosen["hosts"] == ["hub.example.org"]
    assert chosen["csrf_origins"] == ["https://hub.example.org"]
    assert chosen["media"] == "/srv/hub/media"
    assert chosen["verification"] == "mandatory"
    assert chosen["ssl_redirect"] is True


def test_settings_redis_alone_switches_only_redis_backends():
    chosen = probe(DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/3")
    assert chosen["db"] == "django.db.backends.sqlite3" and chosen["pool"] is None
    assert chosen["cache"].endswith("RedisCache") and chosen["channels"] == "realtime.layers.PubSubChannelLayer"


def test_settings_database_alone_switches_only_database():
    chosen = probe(DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/hub")
    assert chosen["db"] == "django.db.backends.postgresql"
    assert chosen["cache"].endswith("LocMemCache") and chosen["celery_eager"] is True


def test_settings_refuse_to_start_without_secret_key_in_production():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=clean_env(DEBUG="0"), cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_env(tmp_path):
    env = clean_env(
        **PRODUCTION, DJANGO_SETTINGS_MODULE="hub.settings.base", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "System check identified no issues" in output


def test_database_pool_size_comes_from_the_environment_and_can_be_turned_off():
    url = "postgres://hub:secret@db.internal:5432/hub"
    assert probe(DEBUG="1", DATABASE_URL=url, DB_POOL_MAX_SIZE="4")["pool"]["max_size"] == 4
    assert probe(DEBUG="1", DATABASE_URL=url, DB_POOL_MAX_SIZE="0")["pool"] is None
    # Bounded waits: overload answers 503 + Retry-After after a few seconds, not a 500.
    bounded = probe(DEBUG="1", DATABASE_URL=url, DB_POOL_TIMEOUT="2.5", DB_POOL_MAX_WAITING="20")["pool"]
    assert bounded["timeout"] == 2.5 and bounded["max_waiting"] == 20


def test_the_postgresql_driver_is_psycopg_3():
    """Django's connection pool needs psycopg 3 (psycopg2 has none)."""
    from django.db.backends.postgresql import psycopg_any

    assert psycopg_any.is_psycopg3
