"""The member's activity on their profile: recent threads and posts, reactions, answers.

Registered as a profile section (accounts sits below discussions).  Everything listed is
filtered by what the *viewer* may read; the counts are of readable posts too, so a
private community's activity never shows through a number.
"""

from django.db.models import Count
from django.template.loader import render_to_string

from discussions import permissions as dp
from discussions.models import Post, PostStatus, Reaction, Thread
from markup import plain_text

RECENT = 5


def activity(*, member, viewer, request):
    readable_posts = dp.posts_visible_to(viewer, Post.objects.filter(is_deleted=False))
    threads = list(
        dp.threads_visible_to(viewer, Thread.objects.filter(author=member, merged_into__isnull=True))
        .select_related("community")
        .order_by("-created_at")[:RECENT]
    )
    posts = list(
        readable_posts.filter(author=member, number__gt=1)
        .select_related("thread__community")
        .order_by("-created_at")[:RECENT]
    )
    for post in posts:
        # Plain text of the rendered post, escaped once by the template.
        post.excerpt = plain_text(post.body_html, 160)
    mine = readable_posts.filter(author=member, status=PostStatus.PUBLISHED)
    counts = mine.aggregate(
        posts=Count("pk"),
        received=Count("reactions", distinct=True),
    )
    counts["given"] = Reaction.objects.filter(user=member, post__in=readable_posts).count()
    counts["answers"] = dp.threads_visible_to(viewer, Thread.objects.filter(accepted_answer__author=member)).count()
    if not threads and not posts and not any(counts.values()):
        return None
    return render_to_string(
        "discussions/_profile_activity.html",
        {"member": member, "threads": threads, "posts": posts, "counts": counts},
        request=request,
    )
