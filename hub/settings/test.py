"""Test settings: the runtime settings with fast hashing and isolated side effects.

DATABASE_URL still chooses the database (CI runs on PostgreSQL).  REDIS_URL is kept
available as ``TEST_REDIS_URL`` for tests that exercise the real Redis; ordinary tests
use in-process cache, channel layer and eager Celery so they stay independent.
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from .base import *  # noqa: E402,F403
from .base import REDIS_URL  # noqa: E402

TEST_REDIS_URL = REDIS_URL
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="hub-test-media-"))  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # The suite's in-memory database (shared cache) answers "table is locked" at once rather
    # than waiting, and each test runs inside one transaction: with IMMEDIATE that transaction
    # would hold the write lock from its first statement and shut out a second connection.
    # The embedded default keeps IMMEDIATE (hub/tests/test_sqlite_writers.py runs it on a file).
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "DEFERRED"  # noqa: F405
# Tests beat the thread sockets themselves (discussions.consumers.heartbeats().tick()).
REALTIME_HEARTBEAT_SECONDS = 3600.0
REMOTE_IMAGES_ENABLED = False  # no fetches from the network; remoteimages tests turn it on
