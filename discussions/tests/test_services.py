from datetime import timedelta

import pytest
from django.utils import timezone

from communities.models import Membership
from discussions import counters, services
from discussions.models import Mention, Post, PostRevision, PostStatus, Reaction, Thread, ThreadSubscription
from discussions.services import PostingError
from discussions.tests.conftest import old_account
from discussions.tests.factories import ThreadFactory
from notifications.models import Notification
from notifications.tests.helpers import committed

pytestmark = pytest.mark.django_db


def set_knobs(community, **fields):
    type(community).objects.filter(pk=community.pk).update(**fields)
    community.refresh_from_db()


def reply(author, thread, body="Thanks, we saw the same in the Limpopo basin.", **kwargs):
    """Post a reply; its transaction commits, so the people it concerns are told."""
    with committed():
        return services.post_create(author=author, thread=thread, body=body, **kwargs)


def test_thread_create_makes_opening_post_and_counts(question, community, member):
    thread = question
    community.refresh_from_db()
    assert (community.thread_count, community.post_count) == (1, 1)
    assert thread.post_count == 1 and thread.reply_count == 0 and thread.last_poster == member
    post = thread.posts.get()
    assert post.number == 1 and "<strong>vented</strong>" in post.body_html
    assert sorted(thread.tags.names()) == ["groundwater", "monitoring"]
    assert thread.slug == "low-cost-piezometers-for-community-monitoring"


def test_post_create_numbers_and_counters_are_exact(thread, community, make_member):
    a, b = make_member(community), make_member(community)
    p2 = reply(a, thread)
    p3 = reply(b, thread, reply_to=p2)
    thread.refresh_from_db()
    community.refresh_from_db()
    assert (p2.number, p3.number) == (2, 3)
    assert (thread.post_count, thread.reply_count, thread.last_poster) == (3, 2, b)
    assert (community.post_count, community.thread_count) == (3, 1)
    assert community.last_activity_at == thread.last_post_at
    assert Membership.objects.get(user=b, community=community).approved_post_count == 1


@pytest.mark.parametrize(
    ("title", "body", "tags", "field"),
    [
        ("Hi", "A body", (), "title"),
        ("x" * 201, "A body", (), "title"),
        ("A proper title", "   ", (), "body"),
        ("A proper title", "x" * 50_001, (), "body"),
        ("A proper title\x00", "body", (), "title"),
        ("A proper title", "body\x00", (), "body"),
        ("A proper title", "body", ["<script>"], "tags"),
        ("A proper title", "body", ["a;b"], "tags"),
        ("A proper title", "body", ["x" * 41], "tags"),
        ("A proper title", "body", ["a", "b", "c", "d", "e", "f"], "tags"),
    ],
)
def test_thread_create_rejects_bad_input_without_saving(community, member, title, body, tags, field):
    with pytest.raises(PostingError) as info:
        services.thread_create(author=member, community=community, title=title, body=body, tags=tags)
    assert info.value.field == field
    assert not Thread.objects.exists() and not Post.objects.exists()


def test_thread_create_accepts_unicode_tags(community, member):
    thread = services.thread_create(
        author=member, community=community, title="Gestión de acuíferos", body="¿Experiencias?",
        tags=["agua subterránea", "Sécheresse", "water-quality"],
    )  # fmt: skip
    assert sorted(thread.tags.names()) == ["agua subterránea", "sécheresse", "water-quality"]
    assert thread.slug == "gestion-de-acuiferos"


def test_post_create_rejects_locked_thread_except_moderators(thread, community, make_member, moderator):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    thread.refresh_from_db()
    with pytest.raises(PostingError) as info:
        reply(make_member(community), thread)
    assert info.value.status == 403
    assert reply(moderator, thread).number == 2


def test_post_create_rejects_archived_community(thread, community, member):
    set_knobs(community, archived_at=timezone.now())
    with pytest.raises(PostingError, match="archived"):
        reply(member, thread)


@pytest.mark.parametrize("status", ["banned", "pending", "left", "invited"])
def test_post_create_rejects_non_active_members(thread, community, make_member, status):
    user = make_member(community)
    Membership.objects.filter(user=user).update(status=status)
    with pytest.raises(PostingError) as info:
        reply(user, thread)
    assert info.value.status in (403, 404)
    assert thread.posts.count() == 1


def test_post_create_rejects_suspended_member(thread, community, make_member):
    user = make_member(community)
    Membership.objects.filter(user=user).update(suspended_until=timezone.now() + timedelta(days=2))
    with pytest.raises(PostingError, match="suspended"):
        reply(user, thread)


def test_post_create_rejects_reply_to_post_of_another_thread(thread, community, member):
    other = services.thread_create(author=member, community=community, title="Another thread", body="Body")
    with pytest.raises(PostingError) as info:
        reply(member, thread, reply_to=other.posts.get())
    assert info.value.field == "reply_to"
    assert thread.posts.count() == 1


def test_post_create_with_same_idempotency_key_creates_one_post(thread, member):
    first = reply(member, thread, idempotency_key="form-token-123")
    second = reply(member, thread, idempotency_key="form-token-123")
    assert first.pk == second.pk
    thread.refresh_from_db()
    assert thread.post_count == 2 and thread.reply_count == 1


def test_thread_create_with_same_idempotency_key_creates_one_thread(community, member):
    kwargs = {
        "author": member,
        "community": community,
        "title": "Drought triggers",
        "body": "Body",
        "idempotency_key": "tok-12345",
    }
    assert services.thread_create(**kwargs).pk == services.thread_create(**kwargs).pk
    assert Thread.objects.count() == 1


def test_slow_mode_limits_members_but_not_moderators(thread, community, make_member, moderator):
    set_knobs(community, slow_mode_seconds=120)
    user = make_member(community)
    reply(user, thread)
    with pytest.raises(PostingError) as info:
        reply(user, thread)
    assert info.value.status == 429 and info.value.retry_after > 100
    reply(moderator, thread)
    reply(moderator, thread)


def test_post_rate_limit_is_ten_per_minute(thread, community, make_member, settings):
    import time_machine

    settings.NEW_MEMBER_LIMITS = {"days": 0, "accepted_posts": 0}  # an established member
    user = make_member(community)
    # A frozen clock: the fixed one-minute window must not roll over mid-test on a slow machine.
    with time_machine.travel("2026-06-01 10:00:05+00:00", tick=False):
        for _ in range(9):  # plus the thread fixture's own user: this user posts 10 times
            reply(user, thread)
        reply(user, thread)
        with pytest.raises(PostingError) as info:
            reply(user, thread)
    assert info.value.status == 429


def test_new_members_may_post_at_most_three_links(thread, community, make_member):
    user = make_member(community)
    links = " ".join(f"https://example.org/{i}" for i in range(4))
    with pytest.raises(PostingError, match="links") as info:
        reply(user, thread, body=links)
    assert info.value.status == 400 and info.value.field == "body"
    reply(user, thread, body=" ".join(f"https://example.org/{i}" for i in range(3)))
    old_account(user)  # past the first day, but one accepted post only: still new
    with pytest.raises(PostingError, match="links"):
        reply(user, thread, body=links)
    for n in range(2):
        reply(user, thread, body=f"Accepted reply {n}")
    reply(user, thread, body=links)


def test_premoderation_holds_first_posts_until_approved(thread, community, make_member, moderator):
    set_knobs(community, premoderate_first_posts=1)
    user = make_member(community)
    post = reply(user, thread)
    assert post.status == PostStatus.PENDING
    thread.refresh_from_db()
    community.refresh_from_db()
    assert thread.reply_count == 0 and community.post_count == 1
    assert not Notification.objects.filter(recipient=thread.author).exists()
    with pytest.raises(PostingError):
        services.post_approve(actor=user, post=post)
    with committed():
        services.post_approve(actor=moderator, post=post)
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED and thread.reply_count == 1
    assert Notification.objects.filter(recipient=thread.author, kind="reply").count() == 1
    # The second post is published at once.
    assert reply(user, thread).status == PostStatus.PUBLISHED


def test_premoderated_thread_is_hidden_until_approved(community, make_member, moderator):
    set_knobs(community, premoderate_first_posts=2)
    user = make_member(community)
    thread = services.thread_create(author=user, community=community, title="First question", body="Body")
    assert thread.is_hidden and thread.hidden_reason == services.PENDING_REASON
    community.refresh_from_db()
    assert community.thread_count == 0
    services.post_approve(actor=moderator, post=thread.posts.get())
    thread.refresh_from_db()
    community.refresh_from_db()
    assert not thread.is_hidden and community.thread_count == 1


def test_post_edit_keeps_revision_and_marks_edited(thread, member, community, make_member):
    post = thread.posts.get()
    services.post_edit(actor=member, post=post, body="Updated: vented loggers drift less.", title="Vented loggers?")
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.edit_count == 1 and post.edited_at is not None and "drift" in post.body_html
    assert PostRevision.objects.get(post=post).body.startswith("How often")
    assert thread.title == "Vented loggers?" and thread.slug == "vented-loggers"
    with pytest.raises(PostingError) as info:
        services.post_edit(actor=make_member(community), post=post, body="Vandalism")
    assert info.value.status == 403


def test_post_edit_by_moderator_and_mention_added_on_edit(thread, member, moderator, community, make_member):
    other = make_member(community)
    post = thread.posts.get()
    with committed():
        services.post_edit(actor=moderator, post=post, body=f"Asking @{other.username} too")
    assert Mention.objects.filter(post=post, user=other).exists()
    assert Notification.objects.filter(recipient=other, kind="mention").count() == 1


def test_post_delete_is_soft_and_updates_counters(thread, community, make_member):
    user = make_member(community)
    post = reply(user, thread)
    services.post_delete(actor=user, post=post)
    post.refresh_from_db()
    thread.refresh_from_db()
    community.refresh_from_db()
    assert post.is_deleted and post.body  # kept for moderators
    assert thread.reply_count == 0 and community.post_count == 1
    with pytest.raises(PostingError):  # a deleted post can no longer be edited or deleted
        services.post_delete(actor=user, post=post)
    thread.refresh_from_db()
    assert thread.reply_count == 0


def test_reaction_toggle_updates_counts_in_same_transaction(thread, community, make_member, member):
    a, b = make_member(community), make_member(community)
    post = thread.posts.get()
    with committed():
        assert services.reaction_toggle(user=a, post=post, kind="like") is True
    with committed():
        assert services.reaction_toggle(user=b, post=post, kind="like") is True
    with committed():
        assert services.reaction_toggle(user=b, post=post, kind="thanks") is True
    post.refresh_from_db()
    assert post.reaction_counts == {"like": 2, "thanks": 1}
    assert services.reaction_toggle(user=a, post=post, kind="like") is False
    post.refresh_from_db()
    assert post.reaction_counts == {"like": 1, "thanks": 1}
    assert Reaction.objects.count() == 2
    notification = Notification.objects.get(recipient=member, kind="reaction")
    assert "reactions" in notification.text  # batched into one notification
    with pytest.raises(PostingError):
        services.reaction_toggle(user=member, post=post, kind="like")  # own post
    with pytest.raises(PostingError):
        services.reaction_toggle(user=a, post=post, kind="love")


def test_answer_accept_by_author_or_moderator_only(question, community, make_member, member, moderator):
    thread = question
    answerer = make_member(community)
    answer = reply(answerer, thread, body="Use vented loggers below 10 m.")
    with pytest.raises(PostingError):
        services.answer_accept(actor=answerer, thread=thread, post=answer)
    with pytest.raises(PostingError):
        services.answer_accept(actor=member, thread=thread, post=thread.posts.get(number=1))
    with committed():
        services.answer_accept(actor=member, thread=thread, post=answer)
    thread.refresh_from_db()
    assert thread.accepted_answer == answer
    assert Notification.objects.filter(recipient=answerer, kind="accepted_answer").exists()
    services.answer_accept(actor=moderator, thread=thread, post=None)
    thread.refresh_from_db()
    assert thread.accepted_answer is None


def test_discussion_threads_have_no_accepted_answer(community, member, make_member):
    thread = services.thread_create(author=member, community=community, title="Open discussion", body="Body")
    answer = reply(make_member(community), thread)
    with pytest.raises(PostingError):
        services.answer_accept(actor=member, thread=thread, post=answer)


def test_mentions_only_for_people_who_can_read_the_thread(make_member, world):
    w = world(visibility="private")
    thread = services.thread_create(author=w.user("member"), community=w.community, title="Private plans", body="x")
    outsider = w.user("nonmember")
    body = f"Hello @{w.user('moderator').username} and @{outsider.username} and @nobody"
    post = reply(w.user("owner"), thread, body=body)
    assert set(Mention.objects.filter(post=post).values_list("user__username", flat=True)) == {
        w.user("moderator").username
    }
    assert Notification.objects.filter(recipient=w.user("moderator"), kind="mention").exists()
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert f'href="/members/{w.user("moderator").username}/"' in post.body_html


def test_mentions_inside_code_are_ignored(thread, community, make_member):
    other = make_member(community)
    post = reply(make_member(community), thread, body=f"`@{other.username}` and\n\n```\n@{other.username}\n```")
    assert not Mention.objects.filter(post=post).exists()


def test_reply_notifies_thread_and_post_authors_once(thread, community, make_member, member):
    a, b = make_member(community), make_member(community)
    p2 = reply(a, thread)
    reply(b, thread, reply_to=p2)
    assert Notification.objects.filter(recipient=member, kind="reply").count() == 2
    assert Notification.objects.filter(recipient=a, kind="post_reply").count() == 1
    # Quote-reply to the opening post: the thread author gets one notification, not two.
    before = Notification.objects.filter(recipient=member).count()
    reply(a, thread, reply_to=thread.posts.get(number=1))
    assert Notification.objects.filter(recipient=member).count() == before + 1


def test_muted_thread_gets_no_notifications(thread, community, make_member, member):
    services.subscription_set(user=member, thread=thread, level="mute")
    reply(make_member(community), thread)
    assert not Notification.objects.filter(recipient=member).exists()


def test_watchers_get_every_post_and_community_watchers_new_threads(thread, community, make_member, member):
    watcher, fan = make_member(community), make_member(community)
    services.subscription_set(user=watcher, thread=thread, level="watch")
    services.subscription_set(user=fan, community=community, level="watch")
    reply(make_member(community), thread)
    assert Notification.objects.filter(recipient=watcher, kind="watched_reply").count() == 1
    with committed():
        services.thread_create(author=member, community=community, title="Another one", body="Body")
    assert Notification.objects.filter(recipient=fan, kind="watched_thread").count() == 1


def test_subscription_set_rejects_bad_level_and_non_members(thread, community, user):
    with pytest.raises(PostingError):
        services.subscription_set(user=thread.author, thread=thread, level="loud")
    with pytest.raises(PostingError) as info:
        services.subscription_set(user=user, community=community, level="watch")
    assert info.value.status == 403
    services.subscription_set(user=user, thread=thread, level="watch")  # public thread: anyone may follow
    assert ThreadSubscription.objects.filter(user=user, thread=thread, level="watch").exists()


def test_thread_mark_read_never_goes_backwards(thread, member):
    from discussions.models import ReadState

    services.thread_mark_read(user=member, thread=thread, number=1)
    thread.my_last_read = 1
    services.thread_mark_read(user=member, thread=thread, number=0)
    assert ReadState.objects.get(user=member, thread=thread).last_read_number == 1


def test_thread_recount_recomputes(thread, community, make_member):
    reply(make_member(community), thread)
    Thread.objects.filter(pk=thread.pk).update(reply_count=99)
    assert counters.thread_recount(thread).reply_count == 1


def test_pinned_only_for_moderators(community, member, moderator):
    assert not services.thread_create(
        author=member, community=community, title="Pin me", body="x", pinned=True
    ).is_pinned
    assert services.thread_create(author=moderator, community=community, title="Rules", body="x", pinned=True).is_pinned


def test_factories_work(db):
    assert ThreadFactory().pk


def test_quoting_a_post_by_link_notifies_its_author(thread, community, make_member):
    a, b = make_member(community), make_member(community)
    p2 = reply(a, thread, body="Weekly readings worked for us.")
    quote = f"> [{a.name} wrote in #2](/c/{community.slug}/t/{thread.pk}/p/2/):\n> Weekly readings\n\nSame here."
    reply(b, thread, body=quote)
    assert Notification.objects.filter(recipient=a, kind="post_reply", data__post_id__isnull=False).count() == 1
    assert p2.number == 2


def test_reply_notification_carries_the_post_as_plain_text(
    thread, community, make_member, django_capture_on_commit_callbacks
):
    from django.template.loader import render_to_string

    author = old_account(make_member(community))
    with django_capture_on_commit_callbacks(execute=True):
        reply(author, thread, body="If a > b & `x<y`, keep snake_case and *this*.")
    notification = Notification.objects.get(recipient=thread.author, kind="reply")
    assert notification.data["excerpt"] == "If a > b & x<y, keep snake_case and this."
    html = render_to_string("notifications/email/notification.html", {"notification": notification})
    assert "If a &gt; b &amp; x&lt;y, keep snake_case and this." in html
    assert "&amp;gt;" not in html
