"""Thread list, new thread, thread page and post permalinks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities import permissions as cp
from discussions import permissions as dp
from discussions import reading, selectors, services
from discussions.forms import ReplyForm, ThreadForm, new_token
from discussions.fragments import PostFragments
from discussions.models import POSTS_PER_PAGE, Poll, Post, PostStatus, SubscriptionLevel, Thread, ThreadKind
from discussions.polls import poll_for_viewer
from discussions.services import PostingError
from discussions.services.rules import check_can_post
from discussions.views.common import error_json, get_community, get_thread, is_partial, wants_json
from hub import pagecache
from hub.pagecache import anonymous_page, community_page_scope, thread_page_scope


def _list_context(request, community):
    tag = request.GET.get("tag", "").replace("\x00", "")[:50]
    current = request.GET.get("filter", "")
    if current not in selectors.THREAD_FILTERS:
        current = ""
    source = selectors.thread_list_source(community=community, viewer=request.user, tag=tag, filter=current)
    page = Paginator(source, selectors.THREADS_PER_PAGE).get_page(request.GET.get("page"))
    threads = selectors.mark_new(selectors.attach_unread(list(page.object_list), request.user), request.user)
    for thread in threads:
        thread.community = community
    membership = cp.get_membership(request.user, community)
    filters = [("", _("All")), ("unanswered", _("Unanswered")), ("open-questions", _("Open questions")),
               ("solved-questions", _("Solved questions"))]  # fmt: skip
    if request.user.is_authenticated:
        filters.insert(2, ("mine", _("My threads")))
    return {
        "community": community,
        "thread_page": page,
        "threads": threads,
        "thread_rows": selectors.thread_row_fragments(threads, community=community),
        "current_filter": current,
        "current_tag": tag.strip().lower(),
        "filters": filters,
        "can_start_thread": dp.can_start_thread(request.user, community),
        "membership": membership if membership and membership.is_active else None,
        "levels": SubscriptionLevel.choices,
        "tag_options": pagecache.shared_value(
            f"data:tagoptions:{community.pk}",
            [pagecache.community_scope(community.slug)],
            lambda: list(selectors.tags_for_community(community=community, limit=TAG_FILTER_OPTIONS)),
        ),  # fmt: skip
    }


TAG_FILTER_OPTIONS = 40


@anonymous_page(scope=community_page_scope("community"))
def thread_list(request, community):
    """The community's threads; htmx gets the list fragment (also used inside the community home)."""
    community = get_community(request, community)
    context = _list_context(request, community)
    template = "discussions/_community_threads.html" if request.htmx else "discussions/thread_list.html"
    response = render(request, template, context)
    context["thread_rows"].save()
    return response


@login_required
@require_http_methods(["GET", "POST"])
def thread_create(request, community):
    community = get_community(request, community)
    can_moderate = cp.can_moderate_community(request.user, community)
    status, retry_after = 200, None
    draft = None
    if request.method == "POST":
        form = ThreadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                thread = services.thread_create(
                    author=request.user, community=community, title=data["title"], body=data["body"],
                    kind=data["kind"], tags=data["tags"], pinned=data["pinned"] and can_moderate,
                    attachments=data["attachments"], idempotency_key=data["idempotency_key"],
                    language=data["language"], poll=data.get("poll"),
                )  # fmt: skip
            except PostingError as error:
                if wants_json(request):
                    return error_json(error)
                form.add_posting_error(error)
                status = error.status if error.status in (403, 429) else 400
                retry_after = error.retry_after
            else:
                if thread.is_hidden and thread.hidden_reason == services.PENDING_REASON:
                    messages.info(request, _("Thanks! Your thread is awaiting approval by a moderator."))
                return redirect(thread.get_absolute_url())
        else:
            status = 400
    else:
        initial = {"kind": request.GET.get("kind") or ThreadKind.DISCUSSION}
        draft = selectors.draft_for(user=request.user, community=community) if request.user.is_authenticated else None
        if draft is not None:
            initial.update(title=draft.title, body=draft.body)
        form = ThreadForm(initial=initial)
        if not dp.can_start_thread(request.user, community):
            try:
                check_can_post(request.user, community)
            except PostingError as error:
                form.add_error(None, error.message)
            status = 403
    if not can_moderate:
        del form.fields["pinned"]
    response = render(
        request, "discussions/thread_form.html",
        {"community": community, "form": form, "can_post": dp.can_start_thread(request.user, community),
         "has_draft": request.method == "GET" and draft is not None},
        status=status,
    )  # fmt: skip
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _quote_markdown(post):
    lines = list(post.body.splitlines())[:40]
    author = post.author.name if post.author else _("A former member")
    author = "".join(ch for ch in author if ch not in "[]()*_`@\\<>")
    link = post.get_absolute_url()
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    label = _("%(name)s wrote in #%(n)d") % {"name": author, "n": post.number}
    return f"> [{label}]({link}):\n{quoted}\n\n"


def thread_page(request, thread, *, reply_form=None, status=200):
    """Render the thread page (also re-rendered with a bound reply form on errors)."""
    viewer = request.user
    community = thread.community
    post_source = selectors.thread_post_source(thread=thread, viewer=viewer)
    # The viewer's own queryset, for what is not on the page (built only when needed).
    shared = isinstance(post_source, selectors.SharedPosts)
    posts_qs = _ViewerPosts(thread, viewer) if shared else post_source
    paginator = Paginator(post_source, POSTS_PER_PAGE)
    page_number = request.GET.get("page")
    page = paginator.get_page(paginator.num_pages if page_number == "last" else page_number)
    posts = list(page.object_list)
    selectors.attach_viewer_marks(posts, viewer)
    rights = dp.thread_rights(viewer, thread)
    can_reply, can_moderate = rights.reply, rights.moderate
    for post in posts:
        post.thread = thread
    dp.set_post_rights(posts, rights)
    last_read = getattr(thread, "my_last_read", None)
    first_unread = None
    if viewer.is_authenticated and last_read is not None and last_read < thread.post_count:
        first_unread = _first_unread_number(posts_qs, posts, last_read)
    if posts and viewer.is_authenticated:
        services.thread_mark_read(user=viewer, thread=thread, number=posts[-1].number)
    reply_to_post = None
    reply_draft = None
    if reply_form is None and can_reply:
        initial = {}
        source = request.GET.get("quote") or request.GET.get("reply_to")
        if source and source.isdigit() and len(source) < 10:
            quoted = next((p for p in posts if p.number == int(source)), None)
            if quoted is None:
                quoted = posts_qs.filter(number=int(source)).first()
            if quoted is not None and not quoted.is_deleted:
                initial["reply_to"] = quoted.pk
                reply_to_post = quoted
                if request.GET.get("quote"):
                    quoted.thread = thread
                    initial["body"] = _quote_markdown(quoted)
        if not source and getattr(thread, "my_draft_body", None):
            initial["body"] = thread.my_draft_body
            reply_draft = {"body": thread.my_draft_body, "reply_to_number": thread.my_draft_reply_to}
            if thread.my_draft_reply_to:
                quoted = next((p for p in posts if p.number == thread.my_draft_reply_to), None)
                if quoted is None:
                    quoted = posts_qs.filter(number=thread.my_draft_reply_to).first()
                if quoted is not None and not quoted.is_deleted:
                    initial["reply_to"] = quoted.pk
                    reply_to_post = quoted
        reply_form = ReplyForm(initial=initial)
    accepted = thread.accepted_answer
    if accepted is not None and (accepted.is_deleted or accepted.is_hidden or accepted.status != PostStatus.PUBLISHED):
        accepted = None
    context = {
        "community": community,
        "thread": thread,
        "page": page,
        "posts": posts,
        "reply_form": reply_form,
        "can_reply": can_reply,
        "can_moderate": can_moderate,
        "first_unread": first_unread,
        "reply_draft": reply_draft,
        "reply_blocked": "" if can_reply or not viewer.is_authenticated else dp.reply_blocked_reason(viewer, thread),
        "my_membership": cp.get_membership(viewer, community) if viewer.is_authenticated else None,
        "accepted": accepted,
        "subscription": getattr(thread, "my_subscription", None) or "",
        "levels": SubscriptionLevel.choices,
        "last_number": posts[-1].number if posts else 0,
        "reply_to_post": reply_to_post,
        "post_fragments": PostFragments(request, posts, page_number=page.number, can_reply=can_reply, rights=rights),
        **_reading_context(viewer, thread, posts, page),
    }
    response = render(request, "discussions/thread_detail.html", context, status=status)
    context["post_fragments"].save()
    return response


class _ViewerPosts:
    """``posts_for_thread`` for the viewer, built on first use (most thread pages need none)."""

    def __init__(self, thread, viewer):
        self.thread, self.viewer, self.qs = thread, viewer, None

    def filter(self, *args, **kwargs):
        if self.qs is None:
            self.qs = selectors.posts_for_thread(thread=self.thread, viewer=self.viewer)
        return self.qs.filter(*args, **kwargs)


LONG_THREAD = 10  # posts: from here on the page shows the position indicator and jump control


def _reading_context(viewer, thread, posts, page):
    """The poll, suggested threads, bookmarks and position facts of the thread page."""

    try:
        poll = thread.poll  # select_related by the thread's selector: no query without a poll
    except Poll.DoesNotExist:
        poll = None
    if poll is not None:
        poll.thread = thread
    return {
        "poll": poll_for_viewer(poll=poll, viewer=viewer) if poll is not None else None,
        "suggested": reading.thread_list_suggested(thread=thread, viewer=viewer),
        "bookmarked_numbers": ",".join(str(p.number) for p in posts if getattr(p, "my_bookmark", False)),
        "visible_total": page.paginator.count,
        "long_thread": thread.post_count > LONG_THREAD,
        "first_index": page.start_index(),
    }


def _moved_or_merged(request, community, thread_id, number=0):
    """Old links of a merged or moved thread go where it is now; anything else stays a 404."""

    thread = Thread.objects.select_related("community").filter(pk=thread_id).first()
    target, seen = thread, set()
    while target is not None and target.merged_into_id and target.pk not in seen:
        seen.add(target.pk)
        target = Thread.objects.select_related("community").filter(pk=target.merged_into_id).first()
    if target is None or (target.pk == thread.pk and thread.community.slug == community):
        raise Http404
    if not dp.can_view_thread(request.user, target):
        raise Http404
    # moderation knows where each post of a merged thread went (MergedPost).
    return redirect("moderation:merged-permalink", thread_id=thread_id, number=number)


def _posted_json(request, thread, post):
    """The composer's answer to a reply sent without a reload: the new post as the page
    shows it to its author, where it lives, and a fresh idempotency key for the next one."""
    from django.http import JsonResponse
    from django.template.loader import render_to_string

    viewer = request.user
    community = thread.community
    fresh = selectors.posts_for_thread(thread=thread, viewer=viewer).filter(pk=post.pk).first()
    html = ""
    if fresh is not None:
        fresh.thread = thread
        dp.set_post_rights([fresh], dp.thread_rights(viewer, thread))
        fresh.my_reactions = set()
        html = render_to_string(
            "discussions/_post.html", {"post": fresh, "thread": thread, "community": community}, request=request
        )
        services.thread_mark_read(user=viewer, thread=thread, number=post.number)
    return JsonResponse({
        "number": post.number, "url": post.get_absolute_url(), "status": post.status, "html": html,
        "pending": post.status == PostStatus.PENDING, "idempotency_key": new_token(),
        "message": _("Thanks! Your reply is awaiting approval by a moderator.") if post.status == PostStatus.PENDING
        else "",
    }, status=201)  # fmt: skip


def _first_unread_number(posts_qs, page_posts, last_read):
    """The first post after ``last_read`` that the viewer may see, or None.

    Hidden, rejected and deleted posts are skipped (the viewer's queryset leaves them out), so
    "Jump to first unread" and the "N new posts" badge land on a post that is on the page.
    When the page shown starts at or before ``last_read`` the answer is on it (no query).
    """
    if page_posts and page_posts[0].number <= last_read:
        found = next((p.number for p in page_posts if p.number > last_read), None)
        if found is not None:
            return found
    return posts_qs.filter(number__gt=last_read).order_by("number").values_list("number", flat=True).first()


def _jump_target(request, thread):
    """``?jump=<number>`` or ``?date=<YYYY-MM-DD>``: the post number to go to (the first visible post
    on or after that date, else the last one), or None when neither is asked or the value is unusable."""
    import datetime as dt

    number = request.GET.get("jump", "").strip()
    if number.isdigit() and len(number) < 10 and thread.post_count:
        return min(max(int(number), 1), thread.post_count)
    raw = request.GET.get("date", "")
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw[:10])
    except ValueError:
        return None
    from django.utils import timezone

    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    posts = selectors.posts_for_thread(thread=thread, viewer=request.user)
    found = posts.filter(created_at__gte=start).values_list("number", flat=True).first()
    return found or posts.order_by("-number").values_list("number", flat=True).first()


@anonymous_page(scope=thread_page_scope)
def thread_detail(request, community, thread_id, slug):
    try:
        thread = get_thread(request, community, thread_id)
    except Http404:
        return _moved_or_merged(request, community, thread_id)
    if thread.merged_into_id:
        return redirect(thread.merged_into.get_absolute_url(), permanent=False)
    if slug != (thread.slug or "t"):
        url = thread.get_absolute_url()
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url, permanent=True)
    jump = _jump_target(request, thread)
    if jump:
        return redirect(reverse("discussions:post-permalink",
                                kwargs={"community": community, "thread_id": thread.pk, "number": jump}))  # fmt: skip
    if request.GET.get("unread") and getattr(thread, "my_last_read", None) is not None:
        posts_qs = selectors.posts_for_thread(thread=thread, viewer=request.user)
        number = _first_unread_number(posts_qs, [], thread.my_last_read)
        if number is None:  # nothing unread the viewer may see: the thread's last visible post
            number = posts_qs.order_by("-number").values_list("number", flat=True).first() or 1
        return redirect(
            reverse(
                "discussions:post-permalink", kwargs={"community": community, "thread_id": thread.pk, "number": number}
            )
        )
    return thread_page(request, thread)


def post_permalink(request, community, thread_id, number):
    """/p/<number>/ -> the page of the thread that shows it, with the #p<number> anchor."""
    try:
        thread = get_thread(request, community, thread_id)
    except Http404:
        return _moved_or_merged(request, community, thread_id, number)
    if thread.merged_into_id:
        return _moved_or_merged(request, community, thread_id, number)
    if number < 1 or number > thread.post_count:
        raise Http404
    page = selectors.page_of_post(thread=thread, viewer=request.user, number=number)
    url = thread.get_absolute_url()
    query = f"?page={page}" if page > 1 else ""
    return redirect(f"{url}{query}#p{number}")


@login_required
@require_http_methods(["POST"])
def post_create(request, community, thread_id):
    """Reply (form POST; errors re-render the thread page with the message)."""
    thread = get_thread(request, community, thread_id)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        reply_to = None
        if data.get("reply_to"):
            reply_to = Post.objects.filter(pk=data["reply_to"]).select_related("thread__community").first()
            if reply_to is None:
                form.add_error(None, _("You can only reply to a post of this thread."))
        if form.is_valid():
            try:
                post = services.post_create(
                    author=request.user, thread=thread, body=data["body"], reply_to=reply_to,
                    attachments=data["attachments"], idempotency_key=data["idempotency_key"],
                    language=data["language"],
                )  # fmt: skip
            except PostingError as error:
                if is_partial(request):
                    return error_json(error)
                form.add_posting_error(error)
                response = thread_page(request, thread, reply_form=form, status=error.status if error.status != 404
                                       else 400)  # fmt: skip
                if error.retry_after:
                    response["Retry-After"] = str(error.retry_after)
                return response
            if wants_json(request):
                return _posted_json(request, thread, post)
            if post.status == PostStatus.PENDING:
                messages.info(request, _("Thanks! Your reply is awaiting approval by a moderator."))
            return redirect(post.get_absolute_url())
    if is_partial(request):
        return error_json(PostingError(" ".join(str(e) for errs in form.errors.values() for e in errs)))
    return thread_page(request, thread, reply_form=form, status=400)
