"""Demo discussions: 1,500+ threads and 15,000+ posts of topic-specific practitioner talk.

Deterministic (one random generator per community, seeded by its slug) and idempotent:
a community that already has demo threads is skipped, and the counters are recomputed
from the rows, so a second run changes nothing.  Rows are written with bulk_create and
each distinct body is rendered to HTML once.
"""

import math
import random
import re
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

import markup
from communities.models import Community, Membership, MembershipStatus, Role
from discussions import demo_text as T
from discussions.models import Mention, Post, PostStatus, Reaction, ReadState, Thread, ThreadKind
from discussions.services.effects import link_mentions

SEED = 7001
TARGET_THREADS = 1560
KEY_PREFIX = "demo:"
REACTION_WEIGHTS = [("like", 60), ("insightful", 25), ("thanks", 15)]


# Plain prose (no markdown syntax, links or mentions) renders to paragraphs directly: the
# same HTML markup.render_markdown gives (checked in the tests), at a fraction of the cost.
_MARKDOWN_SYNTAX = re.compile(r"[*_`>#\[\]<&@|~\\!]|https?:|www\.|^\s*([-+]|\d+[.)])\s", re.M)


def plain_html(body):
    """HTML of ``body`` when it is plain prose, else None."""
    if _MARKDOWN_SYNTAX.search(body):
        return None
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    return "".join(f"<p>{p}</p>\n" for p in paragraphs)


class _Renderer:
    def __init__(self):
        self.cache = {}

    def __call__(self, body, users=()):
        if not users and (html := plain_html(body)) is not None:
            return html
        key = (body, tuple(u.pk for u in users))
        if key not in self.cache:
            self.cache[key] = markup.render_markdown(link_mentions(body, list(users)))
        return self.cache[key]


def _fill(template, rng, subject, users=()):
    values = {
        "subject": subject,
        "Subject": subject[:1].upper() + subject[1:],
        "place": rng.choice(T.PLACES),
        "org": rng.choice(T.ORGS),
        "Org": rng.choice(T.ORGS).capitalize(),
        "year": rng.choice(T.YEARS),
        "n": rng.choice([3, 4, 5, 6, 8, 12, 15, 20, 25, 30, 40]),
    }
    return template.format(**values)


def _opening(rng, subject):
    parts = [_fill(rng.choice(T.OPENINGS), rng, subject), _fill(rng.choice(T.MIDDLES), rng, subject)]
    text = " ".join(parts)
    if rng.random() < 0.35:
        items = rng.sample(T.LIST_ITEMS, 3)
        text += "\n\n" + rng.choice(T.LIST_INTROS) + "\n\n" + "\n".join(f"- {_fill(i, rng, subject)}" for i in items)
    return text + "\n\n" + rng.choice(T.ASKS)


def _times(rng, start, count, now):
    """``count`` increasing reply times after ``start``, squeezed before ``now`` when needed."""
    gaps = [rng.randint(15, 2400) for _ in range(count)]
    span = (now - start).total_seconds() / 60 - 5
    if sum(gaps) > span > 0:
        gaps = [g * span / sum(gaps) for g in gaps]
    times, current = [], start
    for gap in gaps:
        current = current + timedelta(minutes=gap)
        times.append(current)
    return times


def _plan_community(community, users, staff_ids, n_threads, now, render):
    """Build (unsaved) threads, posts and side rows for one community."""
    rng = random.Random(f"{SEED}:{community.slug}")
    subjects = T.SUBJECTS.get(community.slug) or list(community.topics.names()) or ["water management"]
    topics = sorted(community.topics.names()) or ["water"]
    hosts = [u for u in users if u.pk in staff_ids] or users
    by_handle = {u.username: u for u in users}
    threads = []
    for i in range(n_threads):
        welcome = i == 0
        subject = rng.choice(subjects)
        kind = ThreadKind.QUESTION if (not welcome and rng.random() < 0.3) else ThreadKind.DISCUSSION
        if welcome:
            title = T.WELCOME_TITLE
            body = T.WELCOME_BODY.format(name=community.name)
            author = hosts[0]
            created = now - timedelta(days=300 + rng.randint(0, 60))
            n_replies = rng.randint(8, 18)
        else:
            titles = T.QUESTION_TITLES if kind == ThreadKind.QUESTION else T.DISCUSSION_TITLES
            title = _fill(rng.choice(titles), rng, subject)[:200]
            body = _opening(rng, subject)
            author = rng.choice(users)
            created = now - timedelta(minutes=rng.randint(60 * 24, 60 * 24 * 365))
            n_replies = rng.randint(4, 15)
        thread = Thread(
            community=community, author=author, title=title, slug=slugify(title)[:80].strip("-") or "t", kind=kind,
            created_at=created, is_pinned=welcome, pinned_at=created if welcome else None,
            view_count=rng.randint(20, 900),
        )  # fmt: skip
        posts = [Post(number=1, author=author, body=body, body_html=render(body), created_at=created,
                      idempotency_key=f"{KEY_PREFIX}{community.slug}:{i}")]  # fmt: skip
        mentions, quotes = [], []
        for n, when in enumerate(_times(rng, created, n_replies, now), start=2):
            replier = rng.choice(users)
            mentioned = []
            if welcome:
                text = _fill(rng.choice(T.INTRO_REPLIES), rng, subject)
            elif kind == ThreadKind.QUESTION and n <= 4 and rng.random() < 0.5:
                text = _fill(rng.choice(T.ANSWERS), rng, subject)
            else:
                text = _fill(rng.choice(T.REPLIES), rng, subject)
            roll = rng.random()
            if roll < 0.08 and len(users) > 2:
                other = rng.choice([u for u in users if u.pk != replier.pk])
                text = rng.choice(T.MENTION_REPLIES).format(handle=other.username, place=rng.choice(T.PLACES),
                                                          year=rng.choice(T.YEARS)) + "\n\n" + text  # fmt: skip
                mentioned = [by_handle[other.username]]
            elif roll < 0.16 and n > 2:
                source = rng.randrange(len(posts))
                quoted = posts[source]
                first = quoted.body.split("\n")[0][:160]
                name = "".join(ch for ch in quoted.author.name if ch not in "[]()*_`@\\<>")
                quotes.append((n - 1, source))
                link = f"/c/{community.slug}/t/{{thread_id}}/p/{quoted.number}/"
                text = f"> [{name} wrote in #{quoted.number}]({link}):\n> {first}\n\n{text}"
            posts.append(Post(number=n, author=replier, body=text, created_at=when))
            posts[-1].pending_mentions = mentioned
            for user in mentioned:
                mentions.append((n - 1, user))
        accepted = None
        if kind == ThreadKind.QUESTION and rng.random() < 0.6:
            candidates = [k for k, p in enumerate(posts[1:6], start=1) if p.author_id != author.pk]
            if candidates:
                accepted = rng.choice(candidates)
        reactions = []
        for k, post in enumerate(posts):
            if rng.random() < 0.4:
                others = [u for u in users if u.pk != post.author_id]
                for user in rng.sample(others, min(len(others), rng.randint(1, 6))):
                    kind_ = rng.choices([k_ for k_, _w in REACTION_WEIGHTS], [w for _k, w in REACTION_WEIGHTS])[0]
                    reactions.append((k, user, kind_))
        tags = rng.sample(topics, min(len(topics), rng.randint(1, 2)))
        threads.append({"thread": thread, "posts": posts, "mentions": mentions, "quotes": quotes,
                        "accepted": accepted, "reactions": reactions, "tags": tags})  # fmt: skip
    return threads


def _write(plans, render):
    """Insert the planned rows (threads, posts, reactions, mentions, tags) in bulk."""
    threads = [p["thread"] for p in plans]
    for plan in plans:
        thread, posts = plan["thread"], plan["posts"]
        last = posts[-1]
        thread.post_count = len(posts)
        thread.reply_count = len(posts) - 1
        thread.last_post_at = last.created_at
        thread.last_poster = last.author
    Thread.objects.bulk_create(threads, batch_size=500)
    all_posts = []
    for plan in plans:
        thread = plan["thread"]
        for post in plan["posts"]:
            post.thread = thread
            if not post.body_html:
                post.body = post.body.replace("{thread_id}", str(thread.pk))
                post.body_html = render(post.body, getattr(post, "pending_mentions", ()))
            all_posts.append(post)
    # Reaction counts are known before insert.
    for plan in plans:
        for k, _user, kind in plan["reactions"]:
            counts = plan["posts"][k].reaction_counts
            counts[kind] = counts.get(kind, 0) + 1
    Post.objects.bulk_create(all_posts, batch_size=1000)
    replies, accepted = [], []
    for plan in plans:
        posts = plan["posts"]
        for k, source in plan["quotes"]:
            posts[k].reply_to_id = posts[source].pk
            replies.append(posts[k])
        if plan["accepted"] is not None:
            plan["thread"].accepted_answer_id = posts[plan["accepted"]].pk
            accepted.append(plan["thread"])
    Post.objects.bulk_update(replies, ["reply_to"], batch_size=1000)
    Thread.objects.bulk_update(accepted, ["accepted_answer"], batch_size=1000)
    Reaction.objects.bulk_create(
        [Reaction(post=p["posts"][k], user=u, kind=kind, created_at=p["posts"][k].created_at)
         for p in plans for k, u, kind in p["reactions"]],
        batch_size=1000, ignore_conflicts=True,
    )  # fmt: skip
    Mention.objects.bulk_create(
        [Mention(post=p["posts"][k], user=u) for p in plans for k, u in p["mentions"]], ignore_conflicts=True
    )
    names = sorted({t for p in plans for t in p["tags"]})
    tags = {}
    for name in names:
        tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        tags[name] = tag
    content_type = ContentType.objects.get_for_model(Thread)
    TaggedItem.objects.bulk_create(
        [TaggedItem(tag=tags[t], content_type=content_type, object_id=p["thread"].pk) for p in plans for t in p["tags"]],
        batch_size=1000, ignore_conflicts=True,
    )  # fmt: skip
    return len(threads), len(all_posts)


def _pending_posts(community, users, now, rng):
    """A couple of posts waiting in the pre-moderation queue."""
    thread = Thread.objects.filter(community=community, is_pinned=False).order_by("-last_post_at").first()
    if thread is None or not users:
        return 0
    created = 0
    for k in range(2):
        key = f"{KEY_PREFIX}{community.slug}:pending:{k}"
        if Post.objects.filter(idempotency_key=key).exists():
            continue
        body = "First post here. " + _fill(rng.choice(T.REPLIES), rng, rng.choice(T.SUBJECTS.get(community.slug,
                                                                                                ["this topic"])))  # fmt: skip
        number = Thread.objects.get(pk=thread.pk).post_count + 1
        Post.objects.create(thread=thread, number=number, author=rng.choice(users), body=body,
                            body_html=markup.render_markdown(body), status=PostStatus.PENDING,
                            created_at=now - timedelta(hours=k + 1), idempotency_key=key)  # fmt: skip
        Thread.objects.filter(pk=thread.pk).update(post_count=number)
        created += 1
    return created


def _recount(communities):
    """Exact counters from the rows (the same numbers on every run)."""
    visible = Q(posts__status=PostStatus.PUBLISHED, posts__is_hidden=False, posts__is_deleted=False)
    for community in communities:
        stats = Thread.objects.filter(community=community, is_hidden=False).aggregate(
            threads=Count("pk", distinct=True), posts=Count("posts", filter=visible), last=Max("last_post_at")
        )
        Community.objects.filter(pk=community.pk).update(
            thread_count=stats["threads"], post_count=stats["posts"], last_activity_at=stats["last"]
        )
    counts = (
        Post.objects.filter(status=PostStatus.PUBLISHED, thread__community__in=communities)
        .values("author_id", "thread__community_id")
        .annotate(n=Count("pk"))
    )
    wanted = {(c["author_id"], c["thread__community_id"]): c["n"] for c in counts}
    changed = []
    for membership in Membership.objects.filter(community__in=communities):
        n = wanted.get((membership.user_id, membership.community_id), 0)
        if membership.approved_post_count != n:
            membership.approved_post_count = n
            changed.append(membership)
    Membership.objects.bulk_update(changed, ["approved_post_count"], batch_size=1000)


def _read_states(now):
    """The demo member has read some threads partly, so unread markers show."""
    from accounts.models import User

    member = User.objects.filter(email="member@example.org").first()
    if member is None:
        return
    rng = random.Random(f"{SEED}:reads")
    community_ids = Membership.objects.filter(user=member, status=MembershipStatus.ACTIVE).values("community_id")
    rows = []
    for thread_id, post_count in (
        Thread.objects.filter(community_id__in=community_ids).order_by("pk").values_list("pk", "post_count")
    ):
        if rng.random() < 0.6:
            rows.append(ReadState(user=member, thread_id=thread_id, last_read_number=rng.randint(1, post_count),
                                  updated_at=now))  # fmt: skip
    ReadState.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def seed(*, stdout):
    from communities.demo_data import COMMUNITIES, MODERATORS_COMMUNITY

    now = timezone.now().replace(second=0, microsecond=0)
    # Only the communities seeded by communities.demo (others are made later by other apps' demos).
    slugs = [row[0] for row in COMMUNITIES] + [MODERATORS_COMMUNITY[0]]
    communities = list(Community.objects.filter(slug__in=slugs).order_by("pk"))
    members = {}
    staff_ids = {}
    for m in (
        Membership.objects.filter(status=MembershipStatus.ACTIVE, user__is_active=True)
        .select_related("user")
        .order_by("community_id", "user_id")
    ):
        members.setdefault(m.community_id, []).append(m.user)
        if m.role in (Role.MODERATOR, Role.OWNER):
            staff_ids.setdefault(m.community_id, set()).add(m.user_id)
    eligible = [c for c in communities if len(members.get(c.pk, [])) >= 3]
    if not eligible:
        stdout.write("discussions: no communities with members yet, skipped")
        return
    done = {
        key.split(":")[1]
        for key in Post.objects.filter(number=1, idempotency_key__startswith=KEY_PREFIX).values_list(
            "idempotency_key", flat=True
        )
    }
    per_community = max(20, math.ceil(TARGET_THREADS / len(eligible)))
    render = _Renderer()
    plans = []
    for community in eligible:
        if community.slug in done:
            continue
        plans += _plan_community(
            community, members[community.pk], staff_ids.get(community.pk, set()), per_community, now, render
        )
    with transaction.atomic():
        n_threads, n_posts = _write(plans, render) if plans else (0, 0)
        pending = 0
        for community in eligible:
            if community.premoderate_first_posts:
                rng = random.Random(f"{SEED}:{community.slug}:pending")
                pending += _pending_posts(community, members[community.pk], now, rng)
        _recount(eligible)
        _read_states(now)
    stdout.write(f"discussions: {n_threads} threads, {n_posts} posts, {pending} pending posts created")
