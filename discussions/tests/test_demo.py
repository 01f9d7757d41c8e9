import io
import re

import pytest

from communities.models import Community
from discussions import demo
from discussions.models import Post, PostStatus, Reaction, Thread

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        Thread.objects.count(),
        Post.objects.count(),
        Reaction.objects.count(),
        sorted(Community.objects.values_list("slug", "thread_count", "post_count")),
    )


def test_seed_demo_is_plausible_exact_and_idempotent(monkeypatch):
    import accounts.demo
    import communities.demo

    monkeypatch.setattr(demo, "TARGET_THREADS", 60)  # the full size (1,500+ threads) is seeded by `make run`
    out = io.StringIO()
    accounts.demo.seed(stdout=out)
    communities.demo.seed(stdout=out)
    demo.seed(stdout=out)
    first = _snapshot()
    assert first[0] >= 60 and first[1] >= 10 * first[0] * 0.5
    demo.seed(stdout=out)
    assert _snapshot() == first
    for community in Community.objects.filter(thread_count__gt=0):
        visible = Post.objects.filter(thread__community=community, status=PostStatus.PUBLISHED, is_hidden=False)
        assert community.post_count == visible.count()
    thread = Thread.objects.filter(kind="question", accepted_answer__isnull=False).first()
    assert thread is not None and thread.accepted_answer.thread_id == thread.pk
    for thread in Thread.objects.all()[:50]:
        numbers = list(thread.posts.values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))
    assert "lorem" not in " ".join(Post.objects.values_list("body", flat=True)[:500]).lower()


def test_plain_html_fast_path_matches_markdown_rendering():
    import random

    import markup

    rng = random.Random(5)
    checked = 0
    for voice in demo.VOICES.values():
        subjects = [s for group in voice.SUBJECTS.values() for s in group]
        for _ in range(150):
            writer = demo._ThreadWriter(rng, voice, rng.choice(subjects))
            opening, _question = writer.opening()
            reply, _question = writer.statement()
            for body in (opening, reply):
                html = demo.plain_html(body)
                if html is not None:
                    checked += 1
                    assert html == markup.render_markdown(body), body
    assert checked > 300
    assert demo.plain_html("**bold**") is None and demo.plain_html("see https://example.org") is None
    assert demo.plain_html("- a list") is None and demo.plain_html("@someone hi") is None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(body):
    """The author's own sentences in a post (quoted lines belong to the post they quote)."""
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith(">"):
            continue
        line = line.removeprefix("- ")
        for sentence in _SENTENCE_END.split(line):
            if sentence.strip():
                yield " ".join(sentence.split())


def test_seed_demo_threads_read_as_real(monkeypatch):
    """One seeding (the smallest the seed makes: 20 threads per community), three checks."""
    import accounts.demo
    import communities.demo

    monkeypatch.setattr(demo, "TARGET_THREADS", 1)
    out = io.StringIO()
    accounts.demo.seed(stdout=out)
    communities.demo.seed(stdout=out)
    demo.seed(stdout=out)
    check_no_sentence_repeated_within_a_thread()
    check_replies_answer_the_post_they_quote()
    check_french_and_spanish_communities_are_detected_as_such()


def check_no_sentence_repeated_within_a_thread():
    bodies = {}
    for thread_id, body in Post.objects.order_by("thread_id", "number").values_list("thread_id", "body"):
        bodies.setdefault(thread_id, []).append(body)
    assert len(bodies) >= 500
    for thread_id, posts in bodies.items():
        seen = [s for body in posts for s in sentences(body)]
        repeated = sorted({s for s in seen if seen.count(s) > 1})
        assert not repeated, (thread_id, repeated)


def check_replies_answer_the_post_they_quote():
    from discussions import demo_text, demo_text_es, demo_text_fr

    answers_to = {}
    for voice in (demo_text, demo_text_fr, demo_text_es):
        topical = [pair for pairs in voice.TOPIC_FOLLOW_UPS.values() for pair in pairs]
        for question, answers in voice.ASKS + voice.FOLLOW_UPS + topical:
            answers_to[question] = answers
    quoting = Post.objects.filter(reply_to__isnull=False).select_related("reply_to")
    assert quoting.count() >= 100
    for post in quoting:
        quoted_line = post.body.splitlines()[1].removeprefix("> ")
        assert quoted_line in post.reply_to.body  # the quote is a sentence of the quoted post
        assert quoted_line in answers_to, quoted_line  # ... and a question
        answer = post.body.split("\n\n", 1)[1]
        # The reply is one of that question's answers (numbers, places and names filled in).
        patterns = [re.escape(a).replace(r"\{", "{").replace(r"\}", "}") for a in answers_to[quoted_line]]
        patterns = [re.sub(r"\{\w+\}", ".+", p) for p in patterns]
        assert any(re.fullmatch(p, answer) for p in patterns), (quoted_line, answer)
        assert post.author_id != post.reply_to.author_id  # nobody answers their own question


def check_french_and_spanish_communities_are_detected_as_such():
    from accounts.models import User
    from communities.demo_data import COMMUNITY_LANGUAGES

    for slug, code in COMMUNITY_LANGUAGES.items():
        threads = Thread.objects.filter(community__slug=slug)
        assert threads.count() >= 20
        assert set(threads.values_list("language", flat=True)) == {code}, slug
        posts = Post.objects.filter(thread__community__slug=slug)
        assert set(posts.values_list("language", flat=True)) <= {code, ""}
        assert posts.filter(language=code).count() >= 0.95 * posts.count()
    assert not Thread.objects.exclude(community__slug__in=COMMUNITY_LANGUAGES).exclude(language="en").exists()
    assert User.objects.filter(preferred_language="fr").count() >= 20
    assert User.objects.filter(preferred_language="es").count() >= 20
    niger = Community.objects.get(slug="bassin-du-niger")
    speakers = niger.memberships.filter(user__preferred_language="fr").count()
    assert speakers >= 0.8 * niger.memberships.count()
