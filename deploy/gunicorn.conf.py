"""gunicorn settings for the hub's HTTP processes (WSGI, ``hub.wsgi``), read with ``-c``:

    .venv/bin/gunicorn -c deploy/gunicorn.conf.py hub.wsgi:application

Every page, form and API call is served here, on the sync code path: ``gthread`` workers (one
process per core, a few threads each), a PostgreSQL connection pool per process (Django's,
psycopg 3: ``DB_POOL_MAX_SIZE`` must be at least ``WEB_THREADS``).  Websockets (``/ws/``) are
served by uvicorn (``hub.asgi``); nginx routes by path (deploy/nginx.conf).  Environment:

  WEB_BIND      address to listen on (127.0.0.1:8001)
  WEB_WORKERS   processes (2: one per core)
  WEB_THREADS   threads per process (4)
"""

import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# Idle keep-alive connections wait in the worker's poller, not in a thread.
keepalive = 5
timeout = 30
graceful_timeout = 20
# Long addresses: gunicorn's default (4 KB) would answer a bare 414 page before Django sees a long
# search; 0 lifts the limit, so Django answers them (the search page's message, or the hub's
# 414 page past MAX_URL_LENGTH).  nginx in front bounds the line (large_client_header_buffers).
limit_request_line = 0
# X-Forwarded-Proto / -For are trusted from nginx on the same machine only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("WEB_ACCESS_LOG") or None
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")


def post_worker_init(worker):
    # What gunicorn itself still refuses (an over-long header line, a line past its parser's
    # own bound) is answered with the hub's page instead of gunicorn's bare one.
    from hub.servers import configure_gunicorn

    configure_gunicorn(worker)
