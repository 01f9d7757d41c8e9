"""Members flag posts and threads."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from discussions.models import Post, Thread
from moderation import permissions as mp
from moderation.forms import FlagForm
from moderation.services import RateLimited, flag_create
from moderation.views.common import add_service_error, done, form_error_response, rate_limited

TEMPLATE = "moderation/flag_form.html"


def _item(kind, item_id):
    if kind == "post":
        return get_object_or_404(Post.objects.select_related("author", "thread__community"), pk=item_id)
    if kind == "thread":
        return get_object_or_404(Thread.objects.select_related("author", "community"), pk=item_id)
    raise Http404


@login_required
def flag(request, kind, item_id):
    """GET: the flag form (full page, or the fragment for htmx).  POST: record the flag."""
    item = _item(kind, item_id)
    if not mp.can_view_item(request.user, item):
        raise Http404
    if not mp.can_flag(request.user, item):
        raise PermissionDenied
    form = FlagForm(request.POST or None)
    context = {"form": form, "item": item, "kind": kind, "community": mp.item_community(item)}
    template = "moderation/_flag_form.html" if getattr(request, "htmx", False) else TEMPLATE
    if request.method == "POST":
        if form.is_valid():
            try:
                flag_create(
                    reporter=request.user,
                    item=item,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except RateLimited as exc:
                return rate_limited(request, exc.message, exc.retry_after, template, context)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                return done(
                    request,
                    _("Thank you. The moderators will review it; you will not be named to the author."),
                    _item_url(item),
                )
        return form_error_response(request, template, context)
    return render(request, template, context)


def _item_url(item):
    try:
        return item.get_absolute_url()
    except Exception:
        return "/"
