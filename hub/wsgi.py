"""WSGI entry point: the production HTTP server (gunicorn sync workers, deploy/gunicorn.conf.py).

Every page, form, htmx fragment and JSON answer is served here, on the sync code path;
websockets (``/ws/``) are served by uvicorn on ``hub.asgi`` (README "Production").  A write's
realtime push leaves from the worker process that saved it (``async_to_sync(group_send)`` to the
Redis channel layer), so nothing here needs an event loop of its own.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.base")
application = get_wsgi_application()
