import math

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import ratelimits
from communities.selectors import INVITATION_SESSION_KEY, community_list_for_home
from discussions import reading, selectors
from hub.forms import ContactForm
from hub.pagecache import anonymous_page
from hub.resilience import cache_breaker, is_database_outage, service_unavailable
from hub.selectors import readiness
from hub.services import contact_message_create


@anonymous_page
def home(request):

    home_communities = community_list_for_home(
        viewer=request.user, invitation_tokens=request.session.get(INVITATION_SESSION_KEY, ())
    )
    latest_threads, latest_rows = [], None
    if request.user.is_authenticated:
        latest_threads = reading.thread_list_latest_top(viewer=request.user, limit=reading.LATEST_ON_HOME)
        selectors.mark_new(latest_threads, request.user)
        latest_rows = selectors.latest_row_fragments(latest_threads, compact=True)
    context = {"home_communities": home_communities, "latest_threads": latest_threads, "latest_rows": latest_rows}
    response = render(request, "hub/home.html", context)
    home_communities["cards"].save()
    if latest_rows is not None:
        latest_rows.save()
    return response


def about(request):
    return render(request, "hub/about.html")


def contact(request):
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.name, "email": request.user.email}
    form = ContactForm(request.POST or None, initial=initial)
    status, retry_after = 200, None
    if request.method == "POST":
        ip = ratelimits.client_ip(request)
        if not ratelimits.hit("contact", ip, settings.CONTACT_RATE_LIMIT):
            retry_after = ratelimits.retry_after(settings.CONTACT_RATE_LIMIT)
            minutes = max(1, math.ceil(retry_after / 60))
            form.add_error(
                None,
                ngettext(
                    "You have sent several messages recently. Please try again in %(minutes)d minute.",
                    "You have sent several messages recently. Please try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            status = 429
        elif form.is_valid():
            contact_message_create(**form.cleaned_data, ip_address=ip if ip != "unknown" else None)
            messages.success(request, _("Thank you. Your message has reached the hub team."))
            return redirect("contact")
        else:
            status = 400
    response = render(request, "hub/contact.html", {"form": form}, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


_ICON = {}


def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page links."""
    from django.contrib.staticfiles import finders

    if "bytes" not in _ICON:
        path = finders.find("img/favicon.ico")
        with open(path, "rb") as handle:
            _ICON["bytes"] = handle.read()
    response = HttpResponse(_ICON["bytes"], content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def too_many_requests(request, exception=None):
    """allauth's rate limits (sign-in, sign-up, password reset) answer here.

    Those limits live in the cache.  While Redis is unreachable they cannot be counted, and
    sign-in fails closed: a 503 asking to try again shortly, never an unthrottled login.
    """

    if cache_breaker.failing:
        response = render(request, "hub/signin_paused.html", status=503)
        response["Retry-After"] = str(SIGNIN_PAUSED_RETRY_AFTER)
    else:
        response = render(request, "429.html", status=429)
        response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


SIGNIN_PAUSED_RETRY_AFTER = 30


def server_error(request):
    """handler500: the branded 503 when the failure is the database being unavailable
    (raised outside a view: a middleware, the session save), else a plain branded 500.
    Neither touches the database or the session."""
    import sys

    from django.template import loader

    if is_database_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    try:
        body = loader.get_template("500.html").render({"SITE_NAME": settings.SITE_NAME})
    except Exception:
        body = "Server error. The hub team has been told.\n"
    return HttpResponse(body, status=500)


READY_MEMO_SECONDS = 1.0
_ready_memo = {"at": 0.0, "answer": None}


def readyz(request):
    """Readiness for load balancers: JSON state of the database, Redis and the broker.

    503 when the database is unreachable (this node cannot serve pages); Redis and the broker
    only degrade features, so they are reported but keep the answer 200.  Answers are reused
    for a second, so frequent probes cost at most one check per second and process.
    """
    import time

    from django.http import JsonResponse

    now = time.monotonic()
    if _ready_memo["answer"] is None or now - _ready_memo["at"] > READY_MEMO_SECONDS:
        _ready_memo.update(answer=readiness(), at=now)
    answer = _ready_memo["answer"]
    response = JsonResponse(answer, status=200 if answer["ready"] else 503)
    response["Cache-Control"] = "no-store"
    if not answer["ready"]:
        response["Retry-After"] = "5"
    return response
