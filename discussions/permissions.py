"""Who may read and write threads and posts.  Builds on communities.permissions."""

from dataclasses import dataclass
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.http import Http404
from django.utils import timezone

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


def can_keep_draft(user, *, community, thread=None) -> bool:
    """A draft is kept only where its author could post it: a reply they may write, or a
    new thread in a community where they may start one."""
    if thread is not None:
        return can_reply(user, thread)
    return can_start_thread(user, community)


def can_quote_post(user, post) -> bool:
    """Quote a post into a reply: the viewer reads it and may reply in its thread."""
    return not post.is_deleted and can_view_post(user, post) and can_reply(user, post.thread)


def reply_blocked_reason(user, thread) -> str:
    """Why a signed-in viewer may not reply, for the message in place of the reply box.

    One of "locked", "archived", "suspended", "not_member"; "" when ``can_reply`` holds.
    """
    if can_reply(user, thread):
        return ""
    community = thread.community
    if community.is_archived:
        return "archived"
    if thread.is_locked or thread.is_hidden:
        return "locked"
    if cp.is_suspended_in(user, community):
        return "suspended"
    return "not_member"


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


# --- what the viewer may do with each post: one computation for the page and the pushes -----

POST_ACTIONS = ("reply", "quote", "react", "accept", "edit", "delete", "flag", "message", "bookmark", "moderate")


class PostActions(frozenset):
    """The controls a viewer may use on one post; ``str()`` is the ``data-rights`` attribute
    (canonical order), ``"edit" in actions`` what templates ask."""

    def __str__(self) -> str:
        return " ".join(name for name in POST_ACTIONS if name in self)


EVERY_POST_ACTION = PostActions(POST_ACTIONS)


@dataclass(frozen=True)
class ThreadRights:
    """The viewer's rights in one thread that every post's controls derive from: asked once
    per page (or per socket, by the realtime access board), then applied to each post by
    :func:`post_actions` without a query."""

    user_id: int | None = None
    reply: bool = False  # can_reply: reply and quote, edit own posts
    moderate: bool = False  # moderates the community: moderator tools on every post
    edit_any: bool = False  # can_edit_post on anyone's post (moderator, community not archived)
    react: bool = False  # can_react_in_community
    accept: bool = False  # can_accept_answer
    flag: bool = False  # can_flag_in_community: flags other people's published posts

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None


def thread_rights(user, thread) -> ThreadRights:
    """The viewer's :class:`ThreadRights` in ``thread`` (membership lookups cached per user)."""
    if user is None or not user.is_authenticated:
        return ThreadRights()
    community = thread.community
    moderate = cp.can_moderate_community(user, community)
    return ThreadRights(
        user_id=user.pk,
        reply=can_reply(user, thread),
        moderate=moderate,
        edit_any=moderate and not community.is_archived,
        react=cp.can_react_in_community(user, community),
        accept=can_accept_answer(user, thread),
        flag=cp.can_flag_in_community(user, community),
    )


class PostFacts(NamedTuple):
    """What :func:`post_actions` reads of a post (a pushed event carries them as a dict)."""

    number: int
    author_id: int | None
    status: str
    is_deleted: bool

    @classmethod
    def of(cls, post) -> "PostFacts":
        return cls(post.number, post.author_id, post.status, post.is_deleted)


def post_actions(rights: ThreadRights, post) -> PostActions:
    """What a reader with ``rights`` may do with ``post`` (a post it may see).

    The same answers as :func:`can_quote_post`, :func:`can_edit_post`, :func:`can_react`,
    :func:`can_accept_answer` and ``moderation.permissions.can_flag`` (which asks this one for
    posts), from the thread-wide rights: one check per page or socket, none per post."""
    if post.is_deleted:
        return PostActions()
    own = rights.signed_in and post.author_id == rights.user_id
    published = post.status == PostStatus.PUBLISHED
    actions = set()
    if rights.reply and published:
        actions.update(("reply", "quote"))
    if rights.react and published and not own:
        actions.add("react")
    if rights.accept and published and post.number > 1:
        actions.add("accept")
    if rights.edit_any or (own and rights.reply):
        actions.update(("edit", "delete"))
    if rights.flag and published and not own:
        actions.add("flag")
    if rights.signed_in:
        actions.add("bookmark")
        if post.author_id and not own:
            actions.add("message")
    if rights.moderate:
        actions.add("moderate")
    return PostActions(actions)


def set_post_rights(posts, rights: ThreadRights) -> None:
    """``post.rights`` (what ``discussions/_post.html`` shows) for each post of one thread."""
    for post in posts:
        post.rights = post_actions(rights, post)


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


def threads_visible_sql(user, thread="t", community="c"):
    """``threads_visible_to`` as a SQL condition for a written-out query: ``thread`` is the
    alias of the thread table, ``community`` that of its community (joined).  (sql, params)"""
    sql, params = cp.communities_visible_sql(user, community)
    if cp.is_staff(user):
        return sql, params
    if not user.is_authenticated:
        return f"{sql} AND NOT {thread}.is_hidden", params
    moderated, moderated_params = cp.communities_moderated_sql(user, f"{thread}.community_id")
    sql = f"{sql} AND (NOT {thread}.is_hidden OR {thread}.author_id = %s OR {moderated})"
    return sql, [*params, user.pk, *moderated_params]


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


# New-member limits, like Discourse's first trust level: a member is "new" during their first
# day and until a few of their posts have been accepted; new members get lower posting
# limits (enforced in discussions.services.rules).  NEW_MEMBER_LIMITS in the settings
# overrides any of these keys.
NEW_MEMBER_DEFAULTS = {
    "days": 1,  # new for this many days after signing up...
    "accepted_posts": 3,  # ...and until this many of their posts are published and still shown
    "thread_rate": "3/d",  # threads started (rolling window)
    "reply_rate": "3/m",  # replies posted (rolling window)
    "max_mentions": 2,  # distinct members @mentioned in one post
    "max_links": 3,  # external links in one post
}


def new_member_rules() -> dict:
    return {**NEW_MEMBER_DEFAULTS, **getattr(settings, "NEW_MEMBER_LIMITS", {})}


def is_new_member(user, *, now=None) -> bool:
    """In the first days after signing up, or with fewer accepted posts than the threshold
    (published, not hidden or deleted: what moderators removed does not count)."""
    if not user.is_authenticated:
        return False
    rules = new_member_rules()
    now = now or timezone.now()
    new = bool(rules["days"]) and user.date_joined > now - timedelta(days=rules["days"])
    if not new and rules["accepted_posts"]:
        accepted = Post.objects.filter(author=user, status=PostStatus.PUBLISHED, is_hidden=False, is_deleted=False)
        new = len(accepted.values_list("pk", flat=True)[: rules["accepted_posts"]]) < rules["accepted_posts"]
    return new


def new_member_limits_apply(user, community) -> bool:
    """New members get the lower limits; staff and the community's moderators never do."""
    if not user.is_authenticated or cp.can_moderate_community(user, community):
        return False
    return is_new_member(user)


def can_bookmark_post(user, post) -> bool:
    """Any signed-in reader of a post may keep it (bookmarks are private to their owner)."""
    return user.is_authenticated and can_view_post(user, post)


def can_vote_in_poll(user, poll) -> bool:
    """Members who may reply to the thread vote, until the poll closes."""
    return not poll.is_closed() and can_reply(user, poll.thread)


def can_see_poll_results(user, poll, *, has_voted) -> bool:
    """Results show after one's own vote, or to every reader of the thread once the poll closed."""
    return poll.is_closed() or (user.is_authenticated and has_voted)
