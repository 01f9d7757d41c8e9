"""Helpers shared by the moderation views: redirects, errors, 429s."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from hub.responses import rejected_page
from moderation.selectors import nav_count_cache_key


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "") and not getattr(request, "htmx", False)


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return fallback


def done(request, message: str, fallback: str):
    """Success: message + redirect (htmx follows with HX-Redirect; JSON clients get 200)."""
    cache.delete(nav_count_cache_key(request.user.pk))
    target = safe_next(request, fallback)
    if wants_json(request):
        return JsonResponse({"ok": True, "message": message, "redirect": target})
    messages.success(request, message)
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


def error_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def add_service_error(form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form (field errors where the field exists)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def form_error_response(request, template, context, status=400):
    if wants_json(request):
        form = context.get("form")
        errors = form.errors.get_json_data() if form is not None else {}
        return JsonResponse({"ok": False, "errors": errors}, status=status)
    return render(request, template, context, status=status)


def rate_limited(request, message: str, retry_after: int, template=None, context=None):
    """429 with a clear message; JSON for API/htmx clients, the page otherwise."""
    if wants_json(request) or getattr(request, "htmx", False):
        response = JsonResponse({"ok": False, "error": message}, status=429)
        if getattr(request, "htmx", False):
            response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    elif template:
        form = (context or {}).get("form")
        if form is not None:
            form.add_error(None, message)
        response = render(request, template, context or {}, status=429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    return response


def bad_request(request, message: str, fallback: str):
    if wants_json(request):
        return JsonResponse({"ok": False, "error": message}, status=400)
    messages.error(request, message)
    # The page holding the form, with the message and 400 (not a redirect that looks like success).
    return rejected_page(request, safe_next(request, fallback))
