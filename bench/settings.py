"""Settings for benchmark runs: production settings (DEBUG off) on a dedicated database.

The database always comes from BENCH_DATABASE_URL (default: a local ``actionhub_bench``
PostgreSQL database that ``bench/run.py`` creates and drops), never from DATABASE_URL, so a
benchmark can never seed or drop the database a developer or CI works in.
"""

import os
import warnings

BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/actionhub_bench")
os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
# Under ASGI every request runs its sync code in a fresh thread, so persistent connections
# (CONN_MAX_AGE > 0) would pile up one per request thread until PostgreSQL refuses more;
# connections come from the per-process pool instead (DB_POOL_MAX_SIZE), as in production.
os.environ["CONN_MAX_AGE"] = "0"

from hub.settings.base import *  # noqa: E402,F403
from hub.settings.base import LOGGING, STORAGES  # noqa: E402

ROOT_URLCONF = "bench.urls"
# Static files are not collected for a benchmark run (nothing fetches them).
warnings.filterwarnings("ignore", message="No directory at")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# Pages reference static files; the benchmark does not fetch them, so no manifest is needed.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
LOGGING["root"]["level"] = "WARNING"
# Failed requests show in the table (wrk counts non-2xx answers); no traceback flood here.
LOGGING["loggers"]["django.request"] = {"level": "CRITICAL"}
