"""Shared view plumbing: keep a form through a login, map service errors onto forms."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.utils.translation import gettext as _

from hub.responses import render_form as hub_render_form

SAVED_FORM_KEY = "training_saved_form"
SAVED_FORM_MAX_CHARS = 200_000


def keep_form_and_login(request, path=None, form_key=None):
    """Keep the POST of a signed-out person in the session and send them to the login page.

    ``path`` is the page to come back to (a GET page; POST-only actions return to the page
    that holds their form, tagged with ``form_key`` so that page can bind the right form).
    """
    path = path or request.path
    if request.method == "POST" and (form_key is not None or path == request.path):
        data = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
        if form_key is not None:
            data["_form"] = [form_key]
        if sum(len(x) for values in data.values() for x in values) <= SAVED_FORM_MAX_CHARS:
            request.session[SAVED_FORM_KEY] = {"path": path, "data": data}
    response = redirect_to_login(path)
    if getattr(request, "htmx", False):
        # htmx would swap the login page into a fragment: a background poll just stops,
        # a submitted form sends the whole page to the login (its content is kept).
        if request.method == "GET":
            return HttpResponse(status=204)
        return HttpResponse(status=204, headers={"HX-Redirect": response.url})
    return response


def restore_kept_form(request):
    """After login, give back the data kept for this page (as ``request.restored_post``)."""
    request.restored_post = None
    saved = request.session.get(SAVED_FORM_KEY) if request.method == "GET" else None
    if saved and saved.get("path") == request.path:
        del request.session[SAVED_FORM_KEY]
        restored = QueryDict(mutable=True)
        for key, values in saved["data"].items():
            restored.setlist(key, values)
        request.restored_post = restored
        messages.info(request, _("Your session had expired: we kept what you typed. Check it and save."))


def login_keeping_form(view=None, *, back=None, form_key=None):
    """Login required; a POST made after the session expired is kept and shown again after login.

    For POST-only actions pass ``back(request, **kwargs) -> url`` (the page holding the form)
    and, when the form's content is worth keeping, ``form_key`` (a string or a callable of kwargs).
    """

    def decorate(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                if back is None:
                    return keep_form_and_login(request)
                key = form_key(**kwargs) if callable(form_key) else form_key
                return keep_form_and_login(request, path=back(request, **kwargs), form_key=key)
            restore_kept_form(request)
            return func(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


def kept_form_data(request, form_key):
    """The kept data if it was kept for ``form_key`` (pages holding several forms)."""
    data = getattr(request, "restored_post", None)
    if data is not None and data.get("_form") == form_key:
        return data
    return None


def form_data(request):
    """POST data, or the data kept through a login, or None (an unbound form)."""
    if request.method == "POST":
        return request.POST
    return getattr(request, "restored_post", None)


def apply_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def render_form(request, template, context, form=None):
    """Render a page; a POST that did not validate answers 400 (``hub.responses``)."""
    return hub_render_form(request, template, context, form)
