"""gunicorn settings for the hub's HTTP processes (WSGI, ``hub.wsgi``), read with ``-c``:

    .venv/bin/gunicorn -c deploy/gunicorn.conf.py hub.wsgi:application

Every page, form and API call is served here, on the sync code path, by gunicorn's **sync**
workers behind nginx (gunicorn's own recommended deployment: nginx buffers slow clients, so a
worker is never held by one).  Each worker process serves one request at a time, one process
per core: pages are CPU-bound (templates, Python), and threads in one process would take turns
on its GIL, so they add latency rather than throughput (README "Production" has the figures).
More processes than cores help only when pages wait on I/O (database, Redis) more than they
compute; WEB_WORKERS sets the number.  One request at a time also means one PostgreSQL
connection per process (Django's pool, psycopg 3, opens its first one and never needs more
here).  Websockets (``/ws/``) are served by uvicorn (``hub.asgi``); nginx routes by path
(deploy/nginx.conf).  Environment:

  WEB_BIND      address to listen on (127.0.0.1:8001)
  WEB_WORKERS   processes (one per core: os.cpu_count())
"""

import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_WORKERS") or max(1, os.cpu_count() or 1))
worker_class = "sync"
# No keep-alive: a sync worker closes each connection after its answer (a kept-alive idle
# client would hold the whole process).  nginx in front keeps the browsers' connections alive
# and opens a new loopback connection per request, which costs little.
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
