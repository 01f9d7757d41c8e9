"""Settings for benchmark runs: production settings (DEBUG off) on a dedicated database.

The database always comes from BENCH_DATABASE_URL (default: a local ``actionhub_bench``
PostgreSQL database that ``bench/run.py`` creates and drops), never from DATABASE_URL, so a
benchmark can never seed or drop the database a developer or CI works in.
"""

import os

BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/actionhub_bench")
os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
# Persistent connections, as a production deployment would run.
os.environ.setdefault("CONN_MAX_AGE", "60")

from hub.settings.base import *  # noqa: E402,F403
from hub.settings.base import DATABASES, LOGGING, STORAGES  # noqa: E402

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Pages reference static files; the benchmark does not fetch them, so no manifest is needed.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
LOGGING["root"]["level"] = "WARNING"
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}
