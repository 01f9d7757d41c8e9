"""The dataset loader maps every field of a small slice of the shared dataset correctly."""

import copy

import pytest

from bench import loader

pytestmark = pytest.mark.skipif(not loader.DATASET_DIR.joinpath("forum_dataset.py").exists(), reason="no dataset")


@pytest.fixture(scope="module")
def tiny():
    """The first topics of the hot and one other category: about 50 posts, plus the big topic's head."""
    ds = loader.dataset_module().build()
    topics = [t for t in ds["topics"] if t["category"] in (0, 1)]
    big = copy.deepcopy(topics[0])
    big["posts"] = big["posts"][:5]
    picked, total = [big], 5
    for topic in topics[1:]:
        if total >= 50:
            break
        if topic["category"] == 1 or len(picked) < 2:
            picked.append(topic)
            total += len(topic["posts"])
    return {"users": ds["users"], "categories": ds["categories"][:2], "topics": picked}


def test_loader_maps_fields(db, tiny):
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from communities.models import Community, Membership
    from discussions.models import Post, Thread

    loader.load(tiny, password="bench-password", log=lambda *a: None, processes=1)

    assert User.objects.count() == len(tiny["users"])
    first = User.objects.get(username="user0001")
    assert first.email == "user0001@example.com" and first.check_password("bench-password")
    assert EmailAddress.objects.filter(user=first, verified=True, primary=True).exists()

    hot = Community.objects.get(slug="hot-category")
    assert hot.name == "Hot category" and hot.visibility == "public" and hot.join_policy == "open"
    assert hot.description == tiny["categories"][0]["description"] and hot.description_html.startswith("<p>")

    for topic in tiny["topics"]:
        thread = Thread.objects.get(title=topic["title"])
        community = Community.objects.get(slug=tiny["categories"][topic["category"]]["slug"])
        assert thread.community == community
        assert thread.author.username == tiny["users"][topic["author"]]["username"]
        assert thread.created_at == topic["created"]
        posts = list(thread.posts.order_by("number"))
        assert [p.number for p in posts] == list(range(1, len(topic["posts"]) + 1))
        for post, source in zip(posts, topic["posts"], strict=True):
            assert post.body == source["body"]
            assert post.created_at == source["created"]
            assert post.author.username == tiny["users"][source["author"]]["username"]
            assert post.body_html.startswith("<")
        # Counters recomputed exactly.
        assert thread.post_count == len(topic["posts"])
        assert thread.reply_count == len(topic["posts"]) - 1
        assert thread.last_post_at == topic["posts"][-1]["created"]
        assert thread.last_poster.username == tiny["users"][topic["posts"][-1]["author"]]["username"]
        # Every author is an active member of the community they wrote in.
        for source in topic["posts"]:
            author = User.objects.get(username=tiny["users"][source["author"]]["username"])
            assert Membership.objects.filter(user=author, community=community, status="active").exists()

    n_posts = sum(len(t["posts"]) for t in tiny["topics"] if t["category"] == 0)
    hot.refresh_from_db()
    assert hot.post_count == n_posts == Post.objects.filter(thread__community=hot).count()
    assert hot.thread_count == sum(1 for t in tiny["topics"] if t["category"] == 0)
    assert hot.member_count == Membership.objects.filter(community=hot, status="active").count() > 0
