"""Actions on one post or thread: edit, delete, history, reactions, accepted answer, subscriptions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from discussions import permissions as dp
from discussions import selectors, services
from discussions.forms import EditForm
from discussions.models import PostStatus, ReactionKind
from discussions.services import PostingError
from discussions.views.common import error_json, get_community, get_post, get_thread, is_partial


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, community, thread_id, number):
    thread = get_thread(request, community, thread_id)
    post = get_post(request, thread, number)
    if not dp.can_edit_post(request.user, post):
        if is_partial(request):
            return error_json(PostingError(_("You cannot edit this post."), status=403))
        return render(request, "discussions/post_edit.html", {"thread": thread, "post": post, "community":
                      thread.community, "form": None}, status=403)  # fmt: skip
    with_title = post.number == 1
    status = 200
    if request.method == "POST":
        form = EditForm(request.POST, with_title=with_title)
        if form.is_valid():
            try:
                services.post_edit(
                    actor=request.user, post=post, body=form.cleaned_data["body"],
                    title=form.cleaned_data.get("title") if with_title else None,
                    language=form.cleaned_data["language"],
                )  # fmt: skip
            except PostingError as error:
                if is_partial(request):
                    return error_json(error)
                form.add_posting_error(error)
                status = error.status
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect(post.get_absolute_url())
        else:
            status = 400
    else:
        initial = {"body": post.body, "language": post.language}
        if with_title:
            initial["title"] = thread.title
        form = EditForm(initial=initial, with_title=with_title)
    return render(
        request, "discussions/post_edit.html",
        {"thread": thread, "post": post, "community": thread.community, "form": form}, status=status,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request, community, thread_id, number):
    thread = get_thread(request, community, thread_id)
    post = get_post(request, thread, number)
    allowed = dp.can_delete_post(request.user, post)
    if request.method == "POST":
        try:
            services.post_delete(actor=request.user, post=post)
        except PostingError as error:
            if is_partial(request):
                return error_json(error)
            messages.error(request, error.message)
            return redirect(post.get_absolute_url())
        messages.success(request, _("The post was deleted."))
        return redirect(post.get_absolute_url())
    return render(
        request, "discussions/post_delete.html", {"thread": thread, "post": post, "community": thread.community, "allowed": allowed},
        status=200 if allowed else 403,
    )  # fmt: skip


def post_history(request, community, thread_id, number):
    """Earlier versions of a post (whoever can read the post can see its edits)."""
    thread = get_thread(request, community, thread_id)
    post = get_post(request, thread, number)
    if (
        post.is_deleted
        and not dp.can_edit_post(request.user, post)
        and not selectors.cp.can_moderate_community(request.user, thread.community)
    ):
        raise Http404
    revisions = post.revisions.select_related("edited_by").order_by("-created_at")
    return render(
        request, "discussions/post_history.html",
        {"thread": thread, "post": post, "community": thread.community, "revisions": revisions},
    )  # fmt: skip


@login_required
@require_POST
def reaction_toggle(request, community, thread_id, number):
    """POST kind=like|insightful|thanks toggles the viewer's reaction (htmx gets the reactions fragment)."""
    thread = get_thread(request, community, thread_id)
    post = get_post(request, thread, number)
    kind = request.POST.get("kind", "")
    if kind not in ReactionKind.values:
        error = PostingError(_("Unknown reaction."), field="kind")
        if is_partial(request):
            return error_json(error)
        messages.error(request, error.message)
        return redirect(post.get_absolute_url())
    try:
        services.reaction_toggle(user=request.user, post=post, kind=kind)
    except PostingError as error:
        if is_partial(request):
            return error_json(error)
        messages.error(request, error.message)
        return redirect(post.get_absolute_url())
    if request.htmx:
        post.my_reactions = set(post.reactions.filter(user=request.user).values_list("kind", flat=True))
        dp.set_post_rights([post], dp.thread_rights(request.user, thread))
        return render(request, "discussions/_reactions.html", {"post": post, "thread": thread,
                                                               "community": thread.community})  # fmt: skip
    return redirect(post.get_absolute_url())


def reaction_list(request, community, thread_id, number):
    """Who reacted to a post, by kind."""
    thread = get_thread(request, community, thread_id)
    post = get_post(request, thread, number)
    groups = {}
    for reaction in selectors.reactions_for_post(post=post):
        groups.setdefault(reaction.get_kind_display(), []).append(reaction.user)
    template = "discussions/_reaction_list.html" if request.htmx else "discussions/reaction_list.html"
    return render(request, template, {"thread": thread, "post": post, "community": thread.community,
                                      "groups": groups})  # fmt: skip


@login_required
@require_POST
def answer_accept(request, community, thread_id, number):
    """Accept post ``number`` as the answer; POST clear=1 to withdraw it."""
    thread = get_thread(request, community, thread_id)
    post = get_post(request, thread, number)
    clear = request.POST.get("clear") == "1"
    try:
        services.answer_accept(actor=request.user, thread=thread, post=None if clear else post)
    except PostingError as error:
        if is_partial(request):
            return error_json(error)
        messages.error(request, error.message)
        return redirect(post.get_absolute_url())
    messages.success(request, _("Accepted answer removed.") if clear else _("Answer accepted."))
    return redirect(post.get_absolute_url() if clear else thread.get_absolute_url())


@login_required
@require_POST
def thread_subscription(request, community, thread_id):
    thread = get_thread(request, community, thread_id)
    try:
        services.subscription_set(user=request.user, thread=thread, level=request.POST.get("level", ""))
    except PostingError as error:
        if is_partial(request):
            return error_json(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your notification setting for this thread was saved."))
    return redirect(thread.get_absolute_url())


@login_required
@require_POST
def community_subscription(request, community):
    community = get_community(request, community)
    try:
        services.subscription_set(user=request.user, community=community, level=request.POST.get("level", ""))
    except PostingError as error:
        if is_partial(request):
            return error_json(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your notification setting for this community was saved."))
    from django.urls import reverse

    return redirect(reverse("discussions:thread-list", kwargs={"community": community.slug}))


__all__ = ["PostStatus"]
