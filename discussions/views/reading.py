"""Latest across communities, bookmarks and their reminders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from discussions import reading, selectors
from discussions.forms import BookmarkForm
from discussions.services import PostingError
from discussions.services.bookmarks import bookmark_remove, bookmark_set
from discussions.views.common import error_json, get_post, get_thread, wants_json
from hub.pagecache import anonymous_page


@anonymous_page
def latest(request):
    """Threads with recent activity in every community the viewer may read, newest first."""
    scope = request.GET.get("scope", "all")
    if scope not in reading.LATEST_SCOPES or not request.user.is_authenticated:
        scope = "all"
    unread_only = request.user.is_authenticated and request.GET.get("unread") == "1"
    qs = reading.thread_list_latest(viewer=request.user, scope=scope, unread_only=unread_only)
    page = Paginator(qs, reading.LATEST_PER_PAGE).get_page(request.GET.get("page"))
    selectors.mark_new(page.object_list, request.user)
    rows = selectors.latest_row_fragments(page.object_list)
    response = render(
        request, "discussions/latest.html",
        {"thread_page": page, "threads": page.object_list, "latest_rows": rows, "scope": scope,
         "unread_only": unread_only},
    )  # fmt: skip
    rows.save()
    return response


@anonymous_page
def shortcuts_help(request):
    """The keyboard shortcuts' help dialog (a fragment reading.js loads; the same for everyone)."""
    return render(request, "discussions/_shortcuts.html")


@login_required
def bookmark_list(request):
    page = Paginator(reading.bookmark_list_for_user(viewer=request.user), reading.BOOKMARKS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "discussions/bookmark_list.html", {"bookmark_page": page, "bookmarks": page.object_list})


def _next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def bookmark_edit(request, community, thread_id, number):
    """Bookmark a post, set or change its reminder, or remove it (``remove=1``).

    Answers JSON ({"bookmarked": bool}) to scripts that ask for it (the ``b`` shortcut).
    """
    thread = get_thread(request, community, thread_id)
    post = get_post(request, thread, number)
    bookmark = reading.bookmark_get_for_post(viewer=request.user, post=post)
    status = 200
    if request.method == "POST":
        if request.POST.get("remove"):
            bookmark_remove(user=request.user, post=post)
            if wants_json(request):
                return JsonResponse({"bookmarked": False, "number": post.number})
            messages.success(request, _("Bookmark removed."))
            return redirect(_next_url(request, post.get_absolute_url()))
        form = BookmarkForm(request.POST)
        if form.is_valid():
            try:
                bookmark_set(user=request.user, post=post, **form.cleaned_data)
            except PostingError as error:
                if wants_json(request):
                    return error_json(error)
                form.add_error(error.field if error.field in form.fields else None, error.message)
                status = error.status
            else:
                if wants_json(request):
                    return JsonResponse({"bookmarked": True, "number": post.number})
                messages.success(request, _("Bookmark saved."))
                return redirect(_next_url(request, post.get_absolute_url()))
        else:
            if wants_json(request):
                return JsonResponse({"error": " ".join(e for errs in form.errors.values() for e in errs)}, status=400)
            status = 400
    else:
        initial = {"remind_at": bookmark.remind_at, "note": bookmark.note} if bookmark else {}
        form = BookmarkForm(initial=initial)
    return render(
        request, "discussions/bookmark_edit.html",
        {"community": thread.community, "thread": thread, "post": post, "bookmark": bookmark, "form": form,
         "next": _next_url(request, "")},
        status=status,
    )  # fmt: skip
