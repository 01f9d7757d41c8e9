"""Writing threads and posts: validate, write in one transaction, then side effects on commit."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

import markup
from communities import permissions as cp
from discussions import attachments as files
from discussions import counters
from discussions import language as lang
from discussions import permissions as dp
from discussions.models import Draft, Post, PostRevision, PostStatus, Thread, ThreadKind
from discussions.services import effects
from discussions.services.polls import poll_create
from discussions.services.rules import (
    PostingError,
    check_can_post,
    check_links,
    check_pace,
    clean_body,
    clean_tags,
    clean_title,
    needs_premoderation,
)
from hub import pagecache
from remoteimages.services import localise_later

# A thread whose opening post awaits approval is hidden with this reason until approved.
PENDING_REASON = "awaiting approval"


def _render(body, author):
    users = effects.mentioned_users(body, author=author)
    return markup.render_markdown(effects.link_mentions(body, users)), users


def _checked_files(uploads):
    try:
        return files.check_files(uploads)
    except files.AttachmentError as exc:
        raise PostingError(str(exc), field="attachments") from exc


def _existing(author, key):
    if not key:
        return None
    return Post.objects.select_related("thread__community").filter(author=author, idempotency_key=key).first()


def _clean_key(key):
    key = (key or "").replace("\x00", "")[:64]
    return key if len(key) >= 8 else ""


@pagecache.write_scope("community")
def thread_create(
    *, author, community, title, body, kind=ThreadKind.DISCUSSION, tags=(), pinned=False, attachments=(),
    idempotency_key="", language="", poll=None,
) -> Thread:  # fmt: skip
    """Start a thread with its opening post (#1), in ``language`` or the one its text shows,
    and its poll when ``poll`` (a checked PollSpec) is given."""
    title = clean_title(title)
    body = clean_body(body)
    tags = clean_tags(tags)
    if kind not in ThreadKind.values:
        raise PostingError(_("Unknown kind of thread."), field="kind")
    checked = _checked_files(attachments)
    key = _clean_key(idempotency_key)
    if (existing := _existing(author, key)) is not None:
        return existing.thread
    check_can_post(author, community)
    if pinned and not cp.can_moderate_community(author, community):
        pinned = False
    body_html, users = _render(body, author)
    limited = dp.new_member_limits_apply(author, community)
    check_links(author, body_html, limited=limited, mentioned=users)
    check_pace(author, community, limited=limited, starting_thread=True)
    pending = needs_premoderation(author, community)
    language = lang.resolve(language, f"{title}\n\n{body}")
    stored = []
    now = timezone.now()
    try:
        with transaction.atomic():
            thread = Thread.objects.create(
                community=community, author=author, title=title, slug=slugify(title)[:80].strip("-") or "t",
                kind=kind, is_pinned=bool(pinned), pinned_at=now if pinned else None, created_at=now,
                post_count=1, last_post_at=now, last_poster=author,
                is_hidden=pending, hidden_reason=PENDING_REASON if pending else "", language=language,
            )  # fmt: skip
            if tags:
                thread.tags.set(tags)
            if poll is not None:
                poll_create(thread=thread, spec=poll)
            post = Post.objects.create(
                thread=thread, number=1, author=author, body=body, body_html=body_html, created_at=now,
                status=PostStatus.PENDING if pending else PostStatus.PUBLISHED, idempotency_key=key,
                language=language,
            )  # fmt: skip
            for item in checked:
                stored.append(files.store(item, post=post, uploaded_by=author))
            mentioned = effects.record_mentions(post, users)
            Draft.objects.filter(user=author, community=community, thread__isnull=True).delete()
            if not pending:
                effects.publish_effects(post, mentioned, now=now)
            localise_later(post)
    except IntegrityError:
        files.delete_files(stored)
        if (existing := _existing(author, key)) is not None:
            return existing.thread
        raise
    except BaseException:
        files.delete_files(stored)
        raise
    return thread


@pagecache.write_scope("thread")
def post_create(*, author, thread, body, reply_to=None, attachments=(), idempotency_key="", language="") -> Post:
    """Reply in ``thread`` (number allocated under a row lock on the thread), in ``language`` or the detected one."""
    body = clean_body(body)
    checked = _checked_files(attachments)
    key = _clean_key(idempotency_key)
    if (existing := _existing(author, key)) is not None:
        return existing
    community = thread.community
    if not dp.can_view_thread(author, thread):
        raise PostingError(_("This thread does not exist."), status=404)
    check_can_post(author, community)
    if not dp.can_reply(author, thread):
        raise PostingError(_("This thread is locked: only moderators can reply."), status=403)
    if reply_to is not None and (reply_to.thread_id != thread.pk or not dp.can_view_post(author, reply_to)):
        raise PostingError(_("You can only reply to a post of this thread."), field="reply_to")
    body_html, users = _render(body, author)
    limited = dp.new_member_limits_apply(author, community)
    check_links(author, body_html, limited=limited, mentioned=users)
    check_pace(author, community, limited=limited, starting_thread=False)
    pending = needs_premoderation(author, community)
    language = lang.resolve(language, body)
    stored = []
    now = timezone.now()
    try:
        with transaction.atomic():
            locked = Thread.objects.select_for_update().get(pk=thread.pk)
            if key and (existing := _existing(author, key)) is not None:
                return existing
            if locked.community_id != thread.community_id:
                # Moved while this reply waited for the lock: it (and its +1) goes where the
                # thread is now, if the author may post there.
                thread.community_id = locked.community_id
                community = thread.community
                check_can_post(author, community)
            if locked.is_locked and not cp.can_moderate_community(author, community):
                raise PostingError(_("This thread is locked: only moderators can reply."), status=403)
            number = locked.post_count + 1
            Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1)
            post = Post.objects.create(
                thread=thread, number=number, author=author, body=body, body_html=body_html, reply_to=reply_to,
                created_at=now, status=PostStatus.PENDING if pending else PostStatus.PUBLISHED, idempotency_key=key,
                language=language,
            )  # fmt: skip
            for item in checked:
                stored.append(files.store(item, post=post, uploaded_by=author))
            mentioned = effects.record_mentions(post, users)
            Draft.objects.filter(user=author, thread=thread).delete()
            # Registered first, so the push leaves right after the commit, before the
            # notifications' on-commit work.
            effects.push_post_created(post)
            if not pending:
                effects.publish_effects(post, mentioned, now=now)
            localise_later(post)
    except IntegrityError:
        files.delete_files(stored)
        if (existing := _existing(author, key)) is not None:
            return existing
        raise
    except BaseException:
        files.delete_files(stored)
        raise
    thread.post_count = number
    return post


@pagecache.write_scope("post")
def post_edit(*, actor, post, body, title=None, language=None) -> Post:
    """Change a post's text (the old text is kept as a PostRevision); #1 may also change the title.

    ``language`` is the author's choice; without one, a changed text has its language detected again.
    """
    if not dp.can_edit_post(actor, post):
        raise PostingError(_("You cannot edit this post."), status=403)
    body = clean_body(body)
    thread = post.thread
    new_title = clean_title(title) if (title is not None and post.number == 1) else None
    chosen = language if language in lang.CODES else None
    if (
        body == post.body
        and (new_title is None or new_title == thread.title)
        and (chosen is None or chosen == post.language)
    ):
        return post
    if chosen is not None:
        new_language = chosen
    elif body != post.body:
        new_language = lang.detect(f"{new_title or thread.title}\n\n{body}" if post.number == 1 else body)
    else:
        new_language = post.language
    body_html, users = _render(body, post.author)
    limited = dp.new_member_limits_apply(actor, thread.community)
    check_links(actor, body_html, limited=limited, mentioned=users)
    now = timezone.now()
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.body != body:
            PostRevision.objects.create(post=post, body=locked.body, edited_by=actor, created_at=now)
            previous = set(post.mentions.values_list("user_id", flat=True))
            Post.objects.filter(pk=post.pk).update(
                body=body, body_html=body_html, edited_at=now, edit_count=F("edit_count") + 1
            )
            post.body, post.body_html, post.edited_at = body, body_html, now
            post.edit_count = locked.edit_count + 1
            mentioned = effects.record_mentions(post, users, previous=previous)
            if mentioned and post.status == PostStatus.PUBLISHED and not post.is_hidden:
                effects.notify_new_post_mentions_only(post, mentioned)
            effects.push_post_updated(post)
            localise_later(post)
        if new_language != post.language:
            Post.objects.filter(pk=post.pk).update(language=new_language)
            post.language = new_language
            if post.number == 1:
                Thread.objects.filter(pk=thread.pk).update(language=new_language)
                thread.language = new_language
        if new_title is not None and new_title != thread.title:
            thread.title = new_title
            thread.slug = slugify(new_title)[:80].strip("-") or "t"
            Thread.objects.filter(pk=thread.pk).update(title=thread.title, slug=thread.slug)
            effects.push_thread_updated(thread)
    return post


@pagecache.write_scope("post")
def post_delete(*, actor, post) -> Post:
    """Soft-delete: the post stays (as “deleted”), its text is kept for moderators."""
    if not dp.can_delete_post(actor, post):
        raise PostingError(_("You cannot delete this post."), status=403)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.is_deleted:
            return post
        was_counted = counters.is_counted(locked)
        Post.objects.filter(pk=post.pk).update(is_deleted=True)
        post.is_deleted = True
        if was_counted:
            counters.post_uncounted(post)
        Thread.objects.filter(pk=post.thread_id, accepted_answer=post).update(accepted_answer=None)
        effects.push_post_updated(post)
    return post


def post_approve(*, actor, post) -> Post:
    """A moderator publishes a pending post (pre-moderation queue)."""
    if not cp.can_moderate_community(actor, post.thread.community):
        raise PostingError(_("Only moderators can approve posts."), status=403)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.status == PostStatus.PUBLISHED:
            return post
        Post.objects.filter(pk=post.pk).update(status=PostStatus.PUBLISHED)
        post.status = PostStatus.PUBLISHED
        thread = post.thread
        # The thread's row lock keeps a concurrent move from taking the +1 to the wrong community.
        community_id = Thread.objects.select_for_update().values_list("community_id", flat=True).get(pk=thread.pk)
        if community_id != thread.community_id:
            thread.community_id = community_id
        if post.number == 1 and thread.is_hidden and thread.hidden_reason == PENDING_REASON:
            Thread.objects.filter(pk=thread.pk).update(is_hidden=False, hidden_reason="")
            thread.is_hidden, thread.hidden_reason = False, ""
        mentioned = [m.user for m in post.mentions.select_related("user")]
        effects.publish_effects(post, mentioned)
        if post.number > 1:
            effects.push_post_updated(post)
    return post


def post_reject(*, actor, post) -> Post:
    """A moderator refuses a pending post (it stays, visible to its author as rejected)."""
    if not cp.can_moderate_community(actor, post.thread.community):
        raise PostingError(_("Only moderators can reject posts."), status=403)
    with transaction.atomic():
        updated = Post.objects.filter(pk=post.pk, status=PostStatus.PENDING).update(status=PostStatus.REJECTED)
        if updated:
            post.status = PostStatus.REJECTED
    return post
