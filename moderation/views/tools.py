"""Moderator tools on one post or thread (pages with forms, and the POST actions)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from communities import permissions as cp
from discussions.models import Post, Thread
from moderation import permissions as mp
from moderation import services
from moderation.forms import MergeForm, MoveForm, OptionalReasonForm, ReasonForm, RenameForm
from moderation.models import Flag, MergedPost
from moderation.views.common import add_service_error, done, form_error_response


def _prefix(request, action):
    return action if any(key.startswith(f"{action}-") for key in request.POST) else None


def _post(post_id):
    return get_object_or_404(Post.objects.select_related("author", "thread__community", "hidden_by"), pk=post_id)


def _thread(thread_id):
    return get_object_or_404(Thread.objects.select_related("author", "community", "merged_into"), pk=thread_id)


def _move_targets(user, thread):
    return cp.moderated_communities(user).exclude(pk=thread.community_id).filter(archived_at__isnull=True)


def _post_context(request, post, forms=None):
    forms = forms or {}
    return {
        "post": post,
        "thread": post.thread,
        "community": post.thread.community,
        "flags": Flag.objects.filter(post=post).select_related("reporter", "resolved_by").order_by("-created_at"),
        "can_moderate_author": mp.can_moderate_item(request.user, post),
        "can_purge": mp.can_purge(request.user) and services.can_be_purged(post),
        "hide_form": forms.get("hide") or ReasonForm(prefix="hide"),
        "delete_form": forms.get("delete") or ReasonForm(prefix="delete"),
        "reject_form": forms.get("reject") or ReasonForm(prefix="reject"),
        "restore_form": forms.get("restore") or OptionalReasonForm(prefix="restore"),
        "dismiss_form": forms.get("dismiss") or OptionalReasonForm(prefix="dismiss"),
    }


@login_required
def post_tools(request, post_id):
    post = _post(post_id)
    if not cp.can_moderate_community(request.user, post.thread.community):
        mp.check_can_moderate_community(request.user, post.thread.community)
    return render(request, "moderation/post_tools.html", _post_context(request, post))


POST_ACTIONS = {
    # action: (form class or None, service call)
    "hide": (ReasonForm, lambda u, p, d: services.post_hide(actor=u, post=p, reason=d["reason"])),
    "restore": (OptionalReasonForm, lambda u, p, d: services.post_restore(actor=u, post=p, reason=d["reason"])),
    "delete": (ReasonForm, lambda u, p, d: services.post_delete_moderated(actor=u, post=p, reason=d["reason"])),
    "dismiss": (OptionalReasonForm, lambda u, p, d: services.flags_dismiss(actor=u, item=p, reason=d["reason"])),
    "approve": (None, lambda u, p, d: services.post_approve_moderated(actor=u, post=p)),
    "reject": (ReasonForm, lambda u, p, d: services.post_reject(actor=u, post=p, reason=d["reason"])),
    "purge": (None, lambda u, p, d: services.post_purge(actor=u, post=p)),
}
POST_DONE = {
    "hide": gettext_lazy("Post hidden. Its author has been told why."),
    "restore": gettext_lazy("Post restored."),
    "delete": gettext_lazy("Post deleted. Staff can purge it after 30 days."),
    "dismiss": gettext_lazy("Flags dismissed."),
    "approve": gettext_lazy("Post approved and published."),
    "reject": gettext_lazy("Post rejected. Its author has been told why."),
    "purge": gettext_lazy("Post purged."),
}


@login_required
@require_POST
def post_action(request, post_id, action):
    if action not in POST_ACTIONS:
        raise Http404
    post = _post(post_id)
    if action == "purge":
        if not mp.can_purge(request.user):
            mp.check_can_moderate_community(request.user, post.thread.community)
            raise PermissionDenied
    else:
        mp.check_can_moderate_item(request.user, post)
    form_class, call = POST_ACTIONS[action]
    # The tools page prefixes fields with the action; htmx buttons and API clients may not.
    form = form_class(request.POST, prefix=_prefix(request, action)) if form_class else None
    if form is None or form.is_valid():
        try:
            call(request.user, post, form.cleaned_data if form else {})
        except ValidationError as exc:
            form = form or OptionalReasonForm()
            add_service_error(form, exc)
        else:
            fallback = (
                reverse("moderation:queue") if action == "purge" else reverse("moderation:post-tools", args=[post.pk])
            )
            return done(request, str(POST_DONE[action]), fallback)
    context = _post_context(request, _post(post_id), {action: form})
    context["form"] = form
    return form_error_response(request, "moderation/post_tools.html", context)


def _thread_context(request, thread, forms=None):
    forms = forms or {}
    targets = _move_targets(request.user, thread)
    return {
        "thread": thread,
        "community": thread.community,
        "flags": Flag.objects.filter(thread=thread, post__isnull=True)
        .select_related("reporter")
        .order_by("-created_at"),
        "can_moderate_author": mp.can_moderate_item(request.user, thread),
        "lock_form": forms.get("lock") or ReasonForm(prefix="lock"),
        "hide_form": forms.get("hide") or ReasonForm(prefix="hide"),
        "restore_form": forms.get("restore") or OptionalReasonForm(prefix="restore"),
        "dismiss_form": forms.get("dismiss") or OptionalReasonForm(prefix="dismiss"),
        "rename_form": forms.get("rename") or RenameForm(prefix="rename", initial={"title": thread.title}),
        "move_form": forms.get("move") or MoveForm(prefix="move", communities=targets),
        "merge_form": forms.get("merge") or MergeForm(prefix="merge"),
    }


@login_required
def thread_tools(request, thread_id):
    thread = _thread(thread_id)
    mp.check_can_moderate_thread(request.user, thread)
    return render(request, "moderation/thread_tools.html", _thread_context(request, thread))


def _merge(u, t, d):
    target = d["target"]
    return services.thread_merge(actor=u, source=t, target=target, reason=d["reason"])


THREAD_ACTIONS = {
    "pin": (None, lambda u, t, d: services.thread_set_pinned(actor=u, thread=t, pinned=True)),
    "unpin": (None, lambda u, t, d: services.thread_set_pinned(actor=u, thread=t, pinned=False)),
    "lock": (ReasonForm, lambda u, t, d: services.thread_lock(actor=u, thread=t, reason=d["reason"])),
    "unlock": (None, lambda u, t, d: services.thread_unlock(actor=u, thread=t)),
    "hide": (ReasonForm, lambda u, t, d: services.thread_hide(actor=u, thread=t, reason=d["reason"])),
    "restore": (OptionalReasonForm, lambda u, t, d: services.thread_restore(actor=u, thread=t, reason=d["reason"])),
    "dismiss": (OptionalReasonForm, lambda u, t, d: services.flags_dismiss(actor=u, item=t, reason=d["reason"])),
    "rename": (
        RenameForm,
        lambda u, t, d: services.thread_rename(actor=u, thread=t, title=d["title"], reason=d["reason"]),
    ),
    "move": (
        MoveForm,
        lambda u, t, d: services.thread_move(actor=u, thread=t, to_community=d["community"], reason=d["reason"]),
    ),
    "merge": (MergeForm, _merge),
}
THREAD_DONE = {
    "pin": gettext_lazy("Thread pinned."),
    "unpin": gettext_lazy("Thread unpinned."),
    "lock": gettext_lazy("Thread locked. The reason is shown in the thread."),
    "unlock": gettext_lazy("Thread unlocked."),
    "hide": gettext_lazy("Thread hidden. Its author has been told why."),
    "restore": gettext_lazy("Thread restored."),
    "dismiss": gettext_lazy("Flags dismissed."),
    "rename": gettext_lazy("Thread renamed."),
    "move": gettext_lazy("Thread moved."),
    "merge": gettext_lazy("Threads merged. Old links now lead to the merged thread."),
}


@login_required
@require_POST
def thread_action(request, thread_id, action):
    if action not in THREAD_ACTIONS:
        raise Http404
    thread = _thread(thread_id)
    if action in ("hide", "restore", "dismiss"):
        mp.check_can_moderate_item(request.user, thread)
    else:
        mp.check_can_moderate_thread(request.user, thread)
    form_class, call = THREAD_ACTIONS[action]
    extra = {"communities": _move_targets(request.user, thread)} if form_class is MoveForm else {}
    form = form_class(request.POST, prefix=_prefix(request, action), **extra) if form_class else None
    if form is None or form.is_valid():
        try:
            result = call(request.user, thread, form.cleaned_data if form else {})
        except ValidationError as exc:
            form = form or OptionalReasonForm()
            add_service_error(form, exc)
        else:
            fallback = _thread_url(result if isinstance(result, Thread) else thread)
            return done(request, str(THREAD_DONE[action]), fallback)
    context = _thread_context(request, _thread(thread_id), {action: form})
    context["form"] = form
    return form_error_response(request, "moderation/thread_tools.html", context)


def _thread_url(thread):
    thread = Thread.objects.select_related("community").get(pk=thread.pk)
    try:
        return thread.get_absolute_url()
    except Exception:
        return reverse("moderation:thread-tools", args=[thread.pk])


def merged_permalink(request, thread_id, number):
    """Old links of a merged or moved thread: find where the thread (or post #number) went.

    The discussions thread and post views send unresolvable links here; access is checked
    on the destination, so nothing private is revealed (404 like a missing id).
    """
    thread = get_object_or_404(Thread.objects.select_related("community"), pk=thread_id)
    if number:
        link = (
            MergedPost.objects.select_related("post__thread__community", "post__author")
            .filter(old_thread_id=thread_id, old_number=number)
            .first()
        )
        if link is not None:
            if not mp.can_view_item(request.user, link.post):
                raise Http404
            return redirect(link.post.get_absolute_url())
    target = services.thread_resolve_merged(thread)
    if not mp.can_view_item(request.user, target):
        raise Http404
    if number and target.pk == thread.pk:
        post = Post.objects.filter(thread=target, number=number).select_related("thread__community").first()
        if post is None or not mp.can_view_item(request.user, post):
            raise Http404
        return redirect(post.get_absolute_url())
    return redirect(target.get_absolute_url())
