"""One way to answer a rejected form: 400 with the form re-rendered and its messages.

Browsers show a 400 page like any other; htmx swaps 400 (and 422) responses too (its
``responseHandling`` in base.html), so a rejected htmx submission shows its errors in place.
Clients and tests can tell a rejection from a success by the status alone.
"""

import logging

from django.shortcuts import render

logger = logging.getLogger(__name__)
REJECTED = 400


def form_status(request, *forms, ok=200) -> int:
    """400 when this POST submitted a form (any of ``forms``) that did not validate, else ``ok``."""
    if request.method == "POST" and any(f is not None and f.is_bound and f.errors for f in forms):
        return REJECTED
    return ok


def render_form(request, template, context, *forms, renderer=render):
    """Render ``template``; 400 when one of ``forms`` was submitted and rejected."""
    return renderer(request, template, context, status=form_status(request, *forms))


def render_rejected(request, template, context, renderer=render):
    """Render ``template`` as the answer to a rejected submission (400)."""
    return renderer(request, template, context, status=REJECTED)


def rejected_page(request, path: str, fallback=None):
    """The page at ``path`` (the one holding the rejected form) rendered now, with 400.

    For POST-only actions whose form sits on another page: instead of redirecting with a
    message (a 302 clients cannot tell from success), that page is rendered in this response,
    the message (already added with ``messages.error``) shown on it.  When ``path`` is not a
    page of ours, or it does not render (it redirects, it is forbidden), the redirect is kept.
    """
    from urllib.parse import urlsplit

    from django.http import QueryDict
    from django.shortcuts import redirect
    from django.urls import Resolver404, resolve

    parts = urlsplit(path)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return redirect(fallback or path)
    method, post, query = request.method, request.POST, request.GET
    request.method, request.POST = "GET", QueryDict()
    request.GET = QueryDict(parts.query)
    try:
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
    except Exception:
        logger.exception("Could not re-render %s for a rejected submission; redirecting", parts.path)
        response = None
    finally:
        request.method, request.POST, request.GET = method, post, query
    if response is None or response.status_code != 200:
        return redirect(path)
    response.status_code = REJECTED
    return response
