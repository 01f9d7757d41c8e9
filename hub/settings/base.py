"""Runtime settings, read from the environment with safe demo defaults.

Embedded default (nothing set): SQLite, in-memory channel layer, local-memory cache,
eager Celery, console email.  Production: set DATABASE_URL, REDIS_URL, EMAIL_URL,
SECRET_KEY, ALLOWED_HOSTS and DEBUG=0 (see README for the full table).
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-demo-only-key-never-use-in-production-0123456789"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
SITE_NAME = "Action Hub"

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django.contrib.postgres",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.orcid",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.microsoft",
    "taggit",
    "django_countries",
    "django_htmx",
    "csp",
    "hub",
    "accounts",
    "outbox",
    "legal",
    "communities",
    "realtime",
    "discussions",
    "moderation",
    "notifications",
    "reports",
    "training",
    "knowledge",
    "events",
    "messaging",
    "search",
    "privacy",
    "remoteimages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hub.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hub.middleware.LanguageChoiceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hub.middleware.LongUrlMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SessionActivityMiddleware",
    "accounts.middleware.SingleSignOnFormActionMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "legal.middleware.TermsAcceptanceMiddleware",
    "accounts.middleware.LastSeenMiddleware",
    "hub.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"
ASGI_APPLICATION = "hub.asgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hub.context_processors.site",
                "hub.context_processors.languages",
            ],
            "builtins": ["hub.templatetags.hub_time"],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the ASGI server and a Celery eager task share the file.
    # BEGIN IMMEDIATE takes the write lock when a transaction starts: a second writer then
    # waits (up to the timeout) instead of failing with "database is locked" when its read
    # snapshot turns stale at its first write (SQLite cannot wait in that case).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env.int("SQLITE_TIMEOUT", default=20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
if IS_POSTGRES and env.int("DB_POOL_MAX_SIZE", default=10) > 0:
    # A connection pool per process (psycopg 3, Django's built-in pool).  Under ASGI each
    # request runs in a thread of its own, so persistent connections (CONN_MAX_AGE) would
    # pile up one per thread; without a pool every request opened a new PostgreSQL backend
    # (a fork, authentication and cold catalog caches).  A gunicorn sync worker serves one
    # request at a time, so its pool holds one connection (min_size); the websocket server's
    # threads may take more.  DB_POOL_MAX_SIZE=0 turns it off.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A pooled connection is checked before use, so after a database restart requests get
    # fresh connections instead of the dead ones (one trivial round trip per request).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env.int("DB_POOL_MAX_SIZE", default=10),
        # Overload degrades instead of failing: a request waits at most this long for a
        # connection, then answers the 503 page with Retry-After (hub.middleware), and beyond
        # DB_POOL_MAX_WAITING queued requests the next ones get the 503 at once.
        "timeout": env.float("DB_POOL_TIMEOUT", default=3.0),
        "max_waiting": env.int("DB_POOL_MAX_WAITING", default=100),
        # The pool retries a lost server with a doubling delay; giving up after a few seconds
        # lets the next request start a fresh attempt, so pages return soon after a restart
        # instead of up to the last (long) delay later.
        "reconnect_timeout": env.float("DB_POOL_RECONNECT_TIMEOUT", default=5.0),
    }

# --- Redis: channel layer, cache, Celery ------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # Publish/subscribe: one message per server process for a group, whatever the
            # number of sockets (see realtime/layers.py).  Best effort by design: clients resync
            # over HTTP when they notice a gap.  A slow client must never block others: each
            # socket's queue is bounded and drops (logged) when full.
            "BACKEND": "realtime.layers.PubSubChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "capacity": 100,
                "prefix": "hub-ws",
            },
        }
    }
    CACHES = {
        "default": {
            # Degrades to misses (logged, short breaker) while Redis is unreachable.
            "BACKEND": "hub.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hub",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
    # Signed-in requests read their session from Redis (written through to the database), not
    # with one SQL query each; hub.sessions falls back to the database while Redis is down.
    # Only with a shared cache: a per-process cache could keep a logged-out session alive.
    SESSION_ENGINE = "hub.sessions"
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hub"}}
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="memory://")
    CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)

CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Redis re-delivers a task not acknowledged within the visibility timeout (acks_late: a
# killed worker's task comes back).  One hour: longer than any task's time limit (30 min at
# most) and any retry countdown (outbox.tasks.MAX_RETRY_COUNTDOWN), so a running or
# waiting task is never handed out twice; what a kill interrupts is also caught up sooner
# by the idempotent sweeps (outbox every minute, digests every 10 minutes).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Several installations (or test runs) may share one Redis: give each its own queue name.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# A broker outage must not hang a request: publish fails fast, the outbox sweep catches up.
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# Static schedule (kept in code and reviewed like code; see README "Background jobs").
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "outbox.tasks.outbox_sweep_task", "schedule": 60.0},
    "privacy-export-sweep": {"task": "privacy.tasks.export_sweep_task", "schedule": 900.0},
    "notifications-digests": {"task": "notifications.tasks.digests_send_due_task", "schedule": crontab(minute="*/10")},
    "reports-weekly": {
        "task": "reports.tasks.reports_weekly_task",
        "schedule": crontab(minute=30, hour=5, day_of_week="mon"),
    },
    "reports-sweep": {"task": "reports.tasks.reports_sweep_task", "schedule": 900.0},
    "training-milestone-sweep": {"task": "training.milestone_sweep", "schedule": crontab(minute=15, hour="*/6")},
    "events-reminders": {"task": "events.reminders_send", "schedule": 300.0},
    "moderation-suspensions-expire": {"task": "moderation.platform_suspension_expire", "schedule": 300.0},
    "discussions-bookmark-reminders": {"task": "discussions.bookmark_reminders_send", "schedule": 60.0},
    "hub-session-revocations": {"task": "hub.tasks.session_revocations_replay_task", "schedule": 60.0},
}

# --- Auth -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 256}},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="optional" if DEBUG else "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Action Hub] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http" if DEBUG else "https")
# allauth keeps its rate-limit counters in the cache: Redis when REDIS_URL is set, so
# that every process shares them.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}

# Two-factor sign-in (allauth.mfa): authenticator apps (TOTP), recovery codes, passkeys and
# security keys (WebAuthn).  Staff must have one (accounts.middleware.StaffTwoFactorMiddleware).
# Wrong codes count against ACCOUNT_RATE_LIMITS["login_failed"] (per account and per IP).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_ADAPTER = "accounts.mfa.MFAAdapter"
MFA_FORMS = {
    "authenticate": "accounts.mfa.AuthenticateForm",
    "reauthenticate": "accounts.mfa.ReauthenticateForm",
    "add_webauthn": "accounts.mfa.AddWebAuthnForm",
    "signup_webauthn": "accounts.mfa.SignupWebAuthnForm",
    "authenticate_webauthn": "accounts.mfa.AuthenticateWebAuthnForm",
    "login_webauthn": "accounts.mfa.LoginWebAuthnForm",
    "reauthenticate_webauthn": "accounts.mfa.ReauthenticateWebAuthnForm",
}
MFA_TOTP_ISSUER = SITE_NAME
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODES_SHOW_ONCE = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Signed-in sessions (allauth.usersessions); activity is recorded by accounts.middleware.
USERSESSIONS_ADAPTER = "accounts.sessions.UserSessionsAdapter"
USERSESSIONS_TRACK_ACTIVITY = False

# Single sign-on (allauth.socialaccount).  Providers are configured in the admin (Social
# applications): "OpenID Connect" for an organisation's own identity provider (its issuer URL
# in Settings: {"server_url": "https://idp.example.org"}), ORCID, Google and Microsoft.
# An address the provider vouches for signs in to (and links) the account that has it verified.
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"OAUTH_PKCE_ENABLED": True},
    "google": {"SCOPE": ["openid", "profile", "email"], "OAUTH_PKCE_ENABLED": True},
    "microsoft": {"TENANT": "organizations"},
    "orcid": {"BASE_DOMAIN": "orcid.org", "MEMBER_API": False},
}

# "Groundwater" and "groundwater" are the same expertise or topic.
TAGGIT_CASE_INSENSITIVE = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Email ----------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Action Hub <hub@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_EMAILS = env.list("STAFF_EMAILS", default=["staff@example.org"])

# --- Internationalisation ----------------------------------------------------------------
LANGUAGE_CODE = "en"
# One way of writing a date per language (hub/formats/en: "4 Dec 2026, 09:20").
FORMAT_MODULE_PATH = ["hub.formats"]
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
# Arabic is rendered (right to left, under /ar/) but only partly translated: it is offered in
# the switcher and to browsers asking for it only when listed in OFFERED_LANGUAGES.
LANGUAGES += [("ar", _("Arabic"))]
OFFERED_LANGUAGES = env.list("OFFERED_LANGUAGES", default=["en", "fr", "es"])
LANGUAGE_COOKIE_NAME = "hub_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_PERMISSIONS = 0o640
# Remote images in what members write are copied by a Celery task and served from here
# (readers never load another host's image); off: they stay links.
REMOTE_IMAGES_ENABLED = env.bool("REMOTE_IMAGES_ENABLED", default=True)
# Longest path + query string answered normally (longer: the hub's 414 page).  The servers
# accept request lines up to SERVER_REQUEST_LINE_LIMIT so they pass these on (hub.servers).
MAX_URL_LENGTH = 32 * 1024
SERVER_REQUEST_LINE_LIMIT = 96 * 1024
# Longest search query (characters); the 414 pages quote it.
SEARCH_MAX_QUERY_LENGTH = 200

# --- Security ----------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# The preload token only marks consent; submitting the domain to the browser list is a
# separate, deliberate step (see README).
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # Inline style attributes are allowed (charts, progress bars); scripts never are.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF, "ws:", "wss:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # A database outage is one line per request, not hundreds of tracebacks.
    "filters": {"outage": {"()": "hub.resilience.OutageLogFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["outage"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Project knobs -------------------------------------------------------------------------
CONTACT_RATE_LIMIT = env.str("CONTACT_RATE_LIMIT", default="5/h")
MODERATION_FLAG_RATE = env.str("MODERATION_FLAG_RATE", default="20/h")  # flags per member
# Outbox rows younger than this are left to their own task by the sweep (seconds).
OUTBOX_SWEEP_MIN_AGE = env.int("OUTBOX_SWEEP_MIN_AGE", default=60)
# A digest not sent at the member's local 07:00 (worker down, run killed) is still sent by a
# later run within this many hours; after that the period is given up.
DIGEST_CATCH_UP_HOURS = env.int("DIGEST_CATCH_UP_HOURS", default=12)
REALTIME_HEARTBEAT_SECONDS = env.float("REALTIME_HEARTBEAT_SECONDS", default=5.0)  # thread sockets' resync beat
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="actionhub-demo")
# New-member limits (first day / first accepted posts), like Discourse's trust levels: any
# key of discussions.permissions.NEW_MEMBER_DEFAULTS, e.g. {"reply_rate": "2/m"}.
NEW_MEMBER_LIMITS = env.json("NEW_MEMBER_LIMITS", default={})
