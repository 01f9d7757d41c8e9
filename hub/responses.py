"""One way to answer a rejected form: 400 with the form re-rendered and its messages.

Browsers show a 400 page like any other; htmx swaps 400 (and 422) responses too (its
``responseHandling`` in base.html), so a rejected htmx submission shows its errors in place.
Clients and tests can tell a rejection from a success by the status alone.
"""

from django.shortcuts import render

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
