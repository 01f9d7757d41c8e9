"""The moderation queue: flagged items, pending posts, join requests; single and bulk actions."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from communities.models import Community, Membership
from discussions.models import Post, Thread
from moderation import permissions as mp
from moderation import selectors, services
from moderation.forms import BulkForm, OptionalReasonForm
from moderation.views.common import bad_request, done, error_messages

TABS = ("flags", "posts", "requests", "deleted")
PER_PAGE = 25


def _render_queue(request, community=None):
    tab = request.GET.get("tab", "flags")
    if tab not in TABS or (tab == "deleted" and not mp.can_purge(request.user)):
        tab = "flags"
    if tab == "flags":
        rows = selectors.flag_list_grouped(viewer=request.user, community=community)
    elif tab == "posts":
        rows = selectors.pending_post_list(viewer=request.user, community=community)
    elif tab == "requests":
        rows = selectors.join_request_list(viewer=request.user, community=community)
    else:
        rows = selectors.deleted_post_list(viewer=request.user)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    moderated = selectors.communities_moderated_by(request.user).order_by("name")
    context = {
        "tab": tab,
        "page": page,
        "rows": page.object_list,
        "community": community,
        "counts": selectors.queue_counts(viewer=request.user, community=community),
        "moderated": moderated[:100],
        "is_staff": mp.can_purge(request.user),
        "queue_url": request.path,
    }
    if tab == "deleted":
        context["purgeable"] = {p.pk for p in page.object_list if services.can_be_purged(p)}
    template = "moderation/_queue_list.html" if getattr(request, "htmx", False) else "moderation/queue.html"
    return render(request, template, context)


@login_required
def queue(request):
    """Everything the viewer may act on (staff: the whole platform)."""
    if not mp.can_use_moderation(request.user):
        raise PermissionDenied
    slug = request.GET.get("community", "")
    community = None
    if slug:
        community = Community.objects.filter(slug=slug[:80]).first()
        if community is None:
            raise Http404
        mp.check_can_moderate_community(request.user, community)
    return _render_queue(request, community)


@login_required
def community_queue(request, slug):
    community = get_object_or_404(Community, slug=slug)
    mp.check_can_moderate_community(request.user, community)
    return _render_queue(request, community)


@login_required
@require_POST
def request_action(request, membership_id, action):
    if action not in ("approve", "decline"):
        raise Http404
    membership = get_object_or_404(Membership.objects.select_related("user", "community"), pk=membership_id)
    mp.check_can_moderate_community(request.user, membership.community)
    form = OptionalReasonForm(request.POST)
    fallback = reverse("moderation:community-queue", args=[membership.community.slug]) + "?tab=requests"
    if not form.is_valid():
        return bad_request(request, " ".join(m for ms in form.errors.values() for m in ms), fallback)
    try:
        services.join_request_decide(
            actor=request.user, membership=membership, approve=action == "approve", reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        return bad_request(request, " ".join(error_messages(exc)), fallback)
    message = _("%(u)s is now a member.") if action == "approve" else _("Request from %(u)s declined.")
    return done(request, message % {"u": membership.user}, fallback)


def _load(kind, pk):
    if kind == "post":
        return Post.objects.select_related("author", "thread__community").filter(pk=pk).first()
    if kind == "thread":
        return Thread.objects.select_related("author", "community").filter(pk=pk).first()
    return Membership.objects.select_related("user", "community").filter(pk=pk).first()


def _apply(user, action, kind, obj, reason):
    """One bulk step; raises PermissionDenied/ValidationError for the caller to count."""
    if kind == "request":
        if action not in ("approve", "decline"):
            raise ValidationError(_("That action does not apply to join requests."))
        mp.check_can_moderate_community(user, obj.community)
        return services.join_request_decide(actor=user, membership=obj, approve=action == "approve", reason=reason)
    if action == "dismiss":
        return services.flags_dismiss(actor=user, item=obj, reason=reason)
    if action == "hide":
        if kind == "post":
            return services.post_hide(actor=user, post=obj, reason=reason)
        return services.thread_hide(actor=user, thread=obj, reason=reason)
    if kind != "post":
        raise ValidationError(_("That action does not apply to threads."))
    if action == "delete":
        return services.post_delete_moderated(actor=user, post=obj, reason=reason)
    if action == "approve":
        return services.post_approve_moderated(actor=user, post=obj)
    if action == "reject":
        return services.post_reject(actor=user, post=obj, reason=reason)
    raise ValidationError(_("That action does not apply here."))


@login_required
@require_POST
def bulk(request):
    """Apply one action to many selected queue items; each is checked on its own."""
    if not mp.can_use_moderation(request.user):
        raise PermissionDenied
    fallback = mp_safe_queue_url(request)
    form = BulkForm(request.POST)
    if not form.is_valid():
        return bad_request(request, " ".join(m for ms in form.errors.values() for m in ms), fallback)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    ok, failed = 0, []
    for kind, pk in form.cleaned_data["items"]:
        obj = _load(kind, pk)
        if obj is None:
            failed.append(_("%(k)s %(id)s no longer exists") % {"k": kind, "id": pk})
            continue
        try:
            with transaction.atomic():
                _apply(request.user, action, kind, obj, reason)
            ok += 1
        except (PermissionDenied, Http404):
            failed.append(_("not allowed on %(k)s %(id)s") % {"k": kind, "id": pk})
        except ValidationError as exc:
            failed.append(f"{kind} {pk}: {' '.join(error_messages(exc))}")
    if failed and not ok:
        return bad_request(request, _("Nothing was changed: %(e)s") % {"e": "; ".join(failed[:5])}, fallback)
    message = ngettext("%(n)d item done.", "%(n)d items done.", ok) % {"n": ok}
    if failed:
        message += " " + _("Skipped: %(e)s") % {"e": "; ".join(failed[:5])}
    return done(request, message, fallback)


def mp_safe_queue_url(request):
    return reverse("moderation:queue")
