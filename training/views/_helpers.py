"""Shared view plumbing: keep a form through a login, map service errors onto forms."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

SAVED_FORM_KEY = "training_saved_form"
SAVED_FORM_MAX_CHARS = 200_000


def keep_form_and_login(request):
    """Keep the POST of a signed-out person in the session and send them to the login page."""
    if request.method == "POST":
        data = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
        if sum(len(x) for values in data.values() for x in values) <= SAVED_FORM_MAX_CHARS:
            request.session[SAVED_FORM_KEY] = {"path": request.path, "data": data}
    return redirect_to_login(request.path)


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


def login_keeping_form(view):
    """Login required; a POST made after the session expired is kept and shown again after login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return keep_form_and_login(request)
        restore_kept_form(request)
        return view(request, *args, **kwargs)

    return wrapper


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
    """Render a page; a POST that did not validate answers 400 so clients and tests can tell."""
    status = 400 if request.method == "POST" and form is not None and form.errors else 200
    return render(request, template, context, status=status)
