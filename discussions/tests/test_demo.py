import io

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
    from discussions import demo_text as T

    rng = random.Random(5)
    checked = 0
    for _ in range(400):
        subject = rng.choice(T.SUBJECTS["drought-management"])
        for body in (demo._opening(rng, subject), demo._fill(rng.choice(T.REPLIES), rng, subject)):
            html = demo.plain_html(body)
            if html is not None:
                checked += 1
                assert html == markup.render_markdown(body), body
    assert checked > 300
    assert demo.plain_html("**bold**") is None and demo.plain_html("see https://example.org") is None
    assert demo.plain_html("- a list") is None and demo.plain_html("@someone hi") is None
