"""Who may read and write threads and posts.  Builds on communities.permissions."""

from django.http import Http404

from communities import permissions as cp
from discussions.models import Post, PostStatus, Thread


def can_view_thread(user, thread) -> bool:
    if not cp.can_view_community(user, thread.community):
        return False
    if thread.is_hidden:
        return cp.can_moderate_community(user, thread.community) or (
            user.is_authenticated and thread.author_id == user.pk
        )
    return True


def check_can_view_thread(user, thread) -> None:
    if not can_view_thread(user, thread):
        raise Http404


def can_view_post(user, post) -> bool:
    """Hidden or pending posts: moderators and the author only."""
    if not can_view_thread(user, post.thread):
        return False
    if post.is_hidden or post.status != PostStatus.PUBLISHED:
        return cp.can_moderate_community(user, post.thread.community) or (
            user.is_authenticated and post.author_id == user.pk
        )
    return True


def can_start_thread(user, community) -> bool:
    return cp.can_post_in_community(user, community)


def can_reply(user, thread) -> bool:
    if not can_view_thread(user, thread) or not cp.can_post_in_community(user, thread.community):
        return False
    if thread.is_locked or thread.is_hidden:
        return cp.can_moderate_community(user, thread.community)
    return True


def can_edit_post(user, post) -> bool:
    """Authors edit their own posts; moderators edit anyone's in their community."""
    if not user.is_authenticated or post.is_deleted:
        return False
    community = post.thread.community
    if cp.can_moderate_community(user, community) and not community.is_archived:
        return True
    return post.author_id == user.pk and can_reply(user, post.thread)


def can_delete_post(user, post) -> bool:
    return can_edit_post(user, post)


def can_react(user, post) -> bool:
    return can_view_post(user, post) and cp.can_react_in_community(user, post.thread.community)


def can_accept_answer(user, thread) -> bool:
    if not user.is_authenticated or thread.kind != "question":
        return False
    if cp.can_moderate_community(user, thread.community):
        return True
    return thread.author_id == user.pk and cp.can_post_in_community(user, thread.community)


def threads_visible_to(user, qs=None):
    """Threads ``user`` may read: in readable communities, and not hidden (unless moderator/author)."""
    qs = Thread.objects.all() if qs is None else qs
    qs = qs.filter(community__in=cp.communities_visible_to(user))
    if cp.is_staff(user):
        return qs
    if not user.is_authenticated:
        return qs.filter(is_hidden=False)
    from django.db.models import Q

    return qs.filter(Q(is_hidden=False) | Q(author=user) | Q(community__in=cp.moderated_communities(user)))


def posts_visible_to(user, qs=None):
    """Posts ``user`` may read (published and not hidden, unless moderator/author)."""
    from django.db.models import Q

    qs = Post.objects.all() if qs is None else qs
    qs = qs.filter(thread__in=threads_visible_to(user))
    if cp.is_staff(user):
        return qs
    visible = Q(status=PostStatus.PUBLISHED, is_hidden=False)
    if not user.is_authenticated:
        return qs.filter(visible)
    return qs.filter(visible | Q(author=user) | Q(thread__community__in=cp.moderated_communities(user)))


def can_bookmark_post(user, post) -> bool:
    """Any signed-in reader of a post may keep it (bookmarks are private to their owner)."""
    return user.is_authenticated and can_view_post(user, post)


def can_vote_in_poll(user, poll) -> bool:
    """Members who may reply to the thread vote, until the poll closes."""
    return not poll.is_closed() and can_reply(user, poll.thread)


def can_see_poll_results(user, poll, *, has_voted) -> bool:
    """Results show after one's own vote, or to every reader of the thread once the poll closed."""
    return poll.is_closed() or (user.is_authenticated and has_voted)
