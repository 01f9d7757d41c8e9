"""Demo discussions: 1,500+ threads and 15,000+ posts of topic-specific practitioner talk.

Written in the community's language (English, or French and Spanish for the communities in
``communities.demo_data.LANGUAGE_COMMUNITIES``) from the voice modules demo_text,
demo_text_fr and demo_text_es.  Within a thread every template is drawn at most once, so no
sentence repeats; a reply that quotes a post quotes its question and gives one of that
question's answers.  Each post's language is detected as at posting (search stems by it).

Deterministic (one random generator per community, seeded by its slug) and idempotent:
a community that already has demo threads is skipped, and the counters are recomputed
from the rows, so a second run changes nothing.  Rows are written with bulk_create and
each distinct body is rendered to HTML once.
"""

import functools
import math
import random
import re
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

import markup
from communities.models import Community, Membership, MembershipStatus, Role
from discussions import counters, language
from discussions import demo_text as T
from discussions import demo_text_es as T_es
from discussions import demo_text_fr as T_fr
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


VOICES = {T.LANGUAGE: T, T_fr.LANGUAGE: T_fr, T_es.LANGUAGE: T_es}


def voice_for(community):
    """The text module a community's threads are written from (its demo language)."""
    from communities.demo_data import COMMUNITY_LANGUAGES

    return VOICES[COMMUNITY_LANGUAGES.get(community.slug, T.LANGUAGE)]


def _capital(text):
    return text[:1].upper() + text[1:]


def _fill(template, rng, subject, voice=T):
    place, org = rng.choice(voice.PLACES), rng.choice(voice.ORGS)
    values = {
        "subject": subject,
        "Subject": _capital(subject),
        "place": place,
        "Place": _capital(place),
        "org": org,
        "Org": _capital(org),
        "year": rng.choice(voice.YEARS),
        "n": rng.choice([3, 4, 5, 6, 8, 12, 15, 20, 25, 30, 40]),
    }
    return template.format(**values)


class _Deck:
    """Templates drawn without replacement: within one thread no template, so no sentence, comes twice."""

    def __init__(self, rng, items):
        self.items = list(items)
        rng.shuffle(self.items)

    def draw(self):
        return self.items.pop() if self.items else None

    def __bool__(self):
        return bool(self.items)


class _ThreadWriter:
    """Writes one thread: an opening post, then replies that answer, add, ask and thank."""

    # Pools a community may extend with its own templates (voice.TOPIC_<name>[slug]).
    TOPICAL = ("FOLLOW_UPS", "REPLIES")

    def __init__(self, rng, voice, subject, slug=""):
        self.rng, self.voice, self.subject, self.slug = rng, voice, subject, slug
        self.decks = {}
        self.used_answers = set()
        self.open_questions = []

    def deck(self, name):
        if name not in self.decks:
            items = list(getattr(self.voice, name))
            if name in self.TOPICAL:
                items += getattr(self.voice, f"TOPIC_{name}", {}).get(self.slug, [])
            self.decks[name] = _Deck(self.rng, items)
        return self.decks[name]

    def fill(self, template):
        return _fill(template, self.rng, self.subject, self.voice)

    def answer(self, answers):
        """A filled answer among ``answers`` not used yet in this thread (None when all are)."""
        left = [a for a in answers if a not in self.used_answers]
        if not left:
            return None
        chosen = self.rng.choice(left)
        self.used_answers.add(chosen)
        return self.fill(chosen)

    def opening(self):
        """(body, question) where question is (sentence, answers) or None."""
        rng = self.rng
        parts = [self.fill(self.deck("OPENINGS").draw())]
        for chance in (0.75, 0.3):
            if rng.random() < chance and (middle := self.deck("MIDDLES").draw()):
                parts.append(self.fill(middle))
        text = " ".join(parts)
        if rng.random() < 0.3:
            items = rng.sample(self.voice.LIST_ITEMS, 3)
            intro = rng.choice(self.voice.LIST_INTROS)
            text += "\n\n" + intro + "\n\n" + "\n".join(f"- {self.fill(i)}" for i in items)
        ask = self.deck("ASKS").draw()
        if ask is None:
            return text, None
        return text + "\n\n" + ask[0], ask

    def statement(self):
        """A reply around one statement: sometimes a lead-in, a second paragraph or a closing question."""
        rng = self.rng
        core = self.deck("REPLIES").draw()
        if core is None:
            return None, None
        text = self.fill(core)
        if rng.random() < 0.3 and (lead := self.deck("LEADS").draw()):
            text = f"{lead} {text}"
        if rng.random() < 0.15 and (more := self.deck("REPLIES").draw()):
            text += "\n\n" + self.fill(more)
        question = None
        if rng.random() < 0.3 and (question := self.deck("FOLLOW_UPS").draw()):
            text += " " + question[0]
        return text, question

    def introduction(self):
        parts = [self.deck(name).draw() for name in ("INTRO_GREETINGS", "INTRO_WORK", "INTRO_HOPES")]
        if None in parts:
            return None
        if self.rng.random() < 0.3:
            parts = parts[1:]
        return " ".join(self.fill(p) for p in parts)


def _someone(rng, users, *, avoid):
    """A member not in ``avoid`` (ids), when the community has one."""
    others = [u for u in users if u.pk not in avoid]
    return rng.choice(others or users)


def _quote(voice, community, quoted, sentence):
    name = "".join(ch for ch in quoted.author.name if ch not in "[]()*_`@\\<>")
    label = voice.QUOTE_LABEL.format(name=name, number=quoted.number)
    link = f"/c/{community.slug}/t/{{thread_id}}/p/{quoted.number}/"
    return f"> [{label}]({link}):\n> {sentence}"


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


def _reply(writer, *, community, kind, welcome, posts, users, title_answers):
    """(text, mentioned users, quoted post index, answers the title) for the next reply, or None."""
    rng, voice = writer.rng, writer.voice
    n = len(posts) + 1
    if welcome:
        text = writer.introduction()
        return (text, [], None, False) if text else None
    mentioned, quoted, answered_title, question = [], None, False, None
    text = None
    if kind == ThreadKind.QUESTION and n <= 4 and rng.random() < 0.8:
        text = writer.answer(title_answers)
        answered_title = text is not None
        if answered_title and writer.next_replier.pk == posts[0].author_id:
            writer.next_replier = _someone(rng, users, avoid={posts[0].author_id, posts[-1].author_id})
    if text is None and writer.open_questions and rng.random() < 0.45:
        index, (sentence, answers) = writer.open_questions.pop(rng.randrange(len(writer.open_questions)))
        if (answer := writer.answer(answers)) is not None:
            if writer.next_replier.pk == posts[index].author_id:  # the asker does not answer themselves
                writer.next_replier = _someone(rng, users, avoid={posts[index].author_id, posts[-1].author_id})
            if index == 0 and n == 2:
                text = answer  # answering the opening right below it needs no quote
            else:
                text = _quote(voice, community, posts[index], sentence) + "\n\n" + answer
                quoted = index
    if text is None and n > 3 and rng.random() < 0.1:
        text = writer.deck("THANKS").draw()
    if text is None:
        text, question = writer.statement()
    if text is None:
        text = writer.deck("THANKS").draw()
    if text is None:
        return None
    if question is not None:
        writer.open_questions.append((n - 1, question))
    if quoted is None and rng.random() < 0.08 and len(users) > 2 and (mention := writer.deck("MENTION_REPLIES").draw()):
        replier = writer.next_replier
        other = rng.choice([u for u in users if u.pk != replier.pk])
        text = _fill(mention.replace("{handle}", other.username), rng, writer.subject, voice) + "\n\n" + text
        mentioned = [other]
    return text, mentioned, quoted, answered_title


def _plan_community(community, users, staff_ids, n_threads, now, render, detect):
    """Build (unsaved) threads, posts and side rows for one community."""
    rng = random.Random(f"{SEED}:{community.slug}")
    voice = voice_for(community)
    subjects = voice.SUBJECTS.get(community.slug) or list(community.topics.names()) or ["water management"]
    topics = sorted(community.topics.names()) or ["water"]
    hosts = [u for u in users if u.pk in staff_ids] or users
    threads = []
    for i in range(n_threads):
        welcome = i == 0
        subject = rng.choice(subjects)
        writer = _ThreadWriter(rng, voice, subject, community.slug)
        kind = ThreadKind.QUESTION if (not welcome and rng.random() < 0.3) else ThreadKind.DISCUSSION
        title_answers = []
        question = None
        if welcome:
            title = voice.WELCOME_TITLE
            body = voice.WELCOME_BODY.format(name=community.name)
            author = hosts[0]
            created = now - timedelta(days=300 + rng.randint(0, 60))
            n_replies = rng.randint(6, 10)
        else:
            if kind == ThreadKind.QUESTION:
                template, title_answers = rng.choice(voice.QUESTION_TITLES)
            else:
                template = rng.choice(voice.DISCUSSION_TITLES)
            title = writer.fill(template)[:200]
            body, question = writer.opening()
            author = rng.choice(users)
            created = now - timedelta(minutes=rng.randint(60 * 24, 60 * 24 * 365))
            n_replies = rng.randint(4, 15)
        if question is not None:
            writer.open_questions.append((0, question))
        thread = Thread(
            community=community, author=author, title=title, slug=slugify(title)[:80].strip("-") or "t", kind=kind,
            created_at=created, is_pinned=welcome, pinned_at=created if welcome else None,
            view_count=rng.randint(20, 900), language=detect(f"{title}\n\n{body}"),
        )  # fmt: skip
        posts = [Post(number=1, author=author, body=body, body_html=render(body), created_at=created,
                      idempotency_key=f"{KEY_PREFIX}{community.slug}:{i}", language=detect(body))]  # fmt: skip
        mentions, quotes, title_answer_posts = [], [], []
        for when in _times(rng, created, n_replies, now):
            # Nobody replies to themselves right after their own post.
            writer.next_replier = _someone(rng, users, avoid={posts[-1].author_id})
            reply = _reply(writer, community=community, kind=kind, welcome=welcome, posts=posts, users=users,
                           title_answers=title_answers)  # fmt: skip
            if reply is None:
                break
            text, mentioned, quoted, answered_title = reply
            n = len(posts) + 1
            post = Post(number=n, author=writer.next_replier, body=text, created_at=when, language=detect(text))
            post.pending_mentions = mentioned
            posts.append(post)
            mentions += [(n - 1, user) for user in mentioned]
            if quoted is not None:
                quotes.append((n - 1, quoted))
            if answered_title:
                title_answer_posts.append(n - 1)
        accepted = None
        if kind == ThreadKind.QUESTION and rng.random() < 0.6:
            candidates = [k for k in title_answer_posts if posts[k].author_id != author.pk]
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
        voice = voice_for(community)
        subject = rng.choice(voice.SUBJECTS.get(community.slug) or ["water management"])
        body = _fill(voice.NEWCOMER_POSTS[k % len(voice.NEWCOMER_POSTS)], rng, subject, voice)
        number = Thread.objects.get(pk=thread.pk).post_count + 1
        Post.objects.create(thread=thread, number=number, author=rng.choice(users), body=body,
                            body_html=markup.render_markdown(body), status=PostStatus.PENDING,
                            created_at=now - timedelta(hours=k + 1), idempotency_key=key,
                            language=language.detect(body))  # fmt: skip
        Thread.objects.filter(pk=thread.pk).update(post_count=number)
        created += 1
    return created


def _recount(communities):
    """Exact counters from the rows (the same numbers on every run)."""
    for community in communities:
        counters.community_recount(community.pk)
        last = Thread.objects.filter(community=community, is_hidden=False).aggregate(last=Max("last_post_at"))["last"]
        Community.objects.filter(pk=community.pk).update(last_activity_at=last)
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
    from communities.demo_data import COMMUNITIES, LANGUAGE_COMMUNITIES, MODERATORS_COMMUNITY

    now = timezone.now().replace(second=0, microsecond=0)
    # Only the communities seeded by communities.demo (others are made later by other apps' demos).
    slugs = [row[0] for row in COMMUNITIES + LANGUAGE_COMMUNITIES] + [MODERATORS_COMMUNITY[0]]
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
    detect = functools.cache(language.detect)
    plans = []
    for community in eligible:
        if community.slug in done:
            continue
        plans += _plan_community(
            community, members[community.pk], staff_ids.get(community.pk, set()), per_community, now, render, detect
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
