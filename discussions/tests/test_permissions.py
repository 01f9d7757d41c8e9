"""Permission matrix of the discussion actions, through the real views.

actions x roles (anonymous, non-member, pending, invited, member, moderator, owner, banned, staff)
x visibility (public, private, hidden).  Content a role may not read answers 404, the same
page as a nonexistent id; anonymous people are sent to log in for actions that need an account.
"""

import pytest
from django.urls import reverse

from communities.tests.conftest import ROLES, build_world
from discussions import services
from discussions.models import Post, Thread
from uploads.tests import files

pytestmark = pytest.mark.django_db

POSTERS = {"member", "moderator", "owner", "staff"}
MODERATORS = {"moderator", "owner", "staff"}
ACTIONS = ("list", "read", "start", "reply", "edit_own", "edit_others", "react", "accept", "download")


def can_read(role, visibility):
    if role == "staff":
        return True
    if role == "banned":
        return False
    return visibility == "public" or role in {"member", "moderator", "owner"}


def expected(action, role, visibility):
    """'ok', 'denied' (403), 'hidden' (404) or 'login' (redirect to log in)."""
    needs_login = action not in {"list", "read", "download"}
    if role == "anonymous" and needs_login:
        return "login"
    if not can_read(role, visibility):
        return "hidden"
    allowed = {
        "list": True,
        "read": True,
        "download": True,
        "start": role in POSTERS,
        "reply": role in POSTERS,
        "edit_own": role in POSTERS,
        "edit_others": role in MODERATORS,
        "react": role in POSTERS,
        "accept": role in MODERATORS,
    }[action]
    return "ok" if allowed else "denied"


def outcome(response, ok_codes=(200, 302)):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    if response.status_code in ok_codes:
        return "ok"
    return {403: "denied", 404: "hidden"}.get(response.status_code, f"status {response.status_code}")


def make_post(thread, user, body):
    number = thread.post_count + 1
    Thread.objects.filter(pk=thread.pk).update(post_count=number)
    thread.post_count = number
    return Post.objects.create(thread=thread, number=number, author=user, body=body, body_html=f"<p>{body}</p>")


@pytest.mark.parametrize("visibility", ["public", "private", "hidden"])
def test_discussion_permission_matrix(visibility, monkeypatch):
    monkeypatch.setattr("discussions.services.rules.POST_RATE", "1000/m")
    w = build_world(visibility=visibility)
    c = w.community
    author = w.user("owner")
    question = services.thread_create(
        author=author, community=c, title="Which drought index do you use?", body="SPI or SPEI?", kind="question",
        attachments=[files.pdf()],
    )  # fmt: skip
    attachment = question.posts.get().attachments.get()
    from accounts.tests.factories import UserFactory
    from communities.tests.factories import MembershipFactory

    other = UserFactory(username=f"answerer{c.pk}")
    MembershipFactory(user=other, community=c)
    someone = make_post(question, other, "SPEI, because evaporation matters here.")
    own_posts = {role: make_post(question, w.user(role), f"Post by {role}") for role in ROLES if role != "anonymous"}
    failures = []
    for role in ROLES:
        client = w.client(role)
        hx = {"HTTP_HX_REQUEST": "true"}
        kw = {"community": c.slug, "thread_id": question.pk}
        results = {}
        results["list"] = outcome(client.get(reverse("discussions:thread-list", kwargs={"community": c.slug})))
        results["read"] = outcome(client.get(question.get_absolute_url()))
        results["download"] = outcome(
            client.get(reverse("discussions:attachment-download", kwargs={"community": c.slug, "pk": attachment.pk,
                                                                          "name": attachment.original_name}))
        )  # fmt: skip
        results["start"] = outcome(
            client.post(reverse("discussions:thread-create", kwargs={"community": c.slug}),
                        {"title": f"New thread by {role}", "body": "Body", "kind": "discussion"}, **hx)
        )  # fmt: skip
        results["reply"] = outcome(
            client.post(reverse("discussions:post-create", kwargs=kw), {"body": f"Reply by {role}"}, **hx)
        )
        own = own_posts.get(role)
        if own is None:  # anonymous has no posts: try someone else's
            own = someone
        results["edit_own"] = outcome(
            client.post(reverse("discussions:post-edit", kwargs={**kw, "number": own.number}), {"body": "Edited"}, **hx)
        )
        results["edit_others"] = outcome(
            client.post(reverse("discussions:post-edit", kwargs={**kw, "number": someone.number}),
                        {"body": f"Edited by {role}"}, **hx)
        )  # fmt: skip
        target = someone
        results["react"] = outcome(
            client.post(reverse("discussions:reaction-toggle", kwargs={**kw, "number": target.number}), {"kind": "like"},
                        **hx)
        )  # fmt: skip
        results["accept"] = outcome(
            client.post(reverse("discussions:answer-accept", kwargs={**kw, "number": someone.number}), **hx)
        )
        for action in ACTIONS:
            want = expected(action, role, visibility)
            if results[action] != want:
                failures.append(f"{visibility} {role} {action}: got {results[action]}, expected {want}")
    assert not failures, "\n".join(failures)


def _normalise(content):
    """Per-response randomness (CSP nonce, masked CSRF token) aside, the pages must be identical."""
    import re

    content = re.sub(rb'nonce="[^"]*"', b'nonce=""', content)
    return re.sub(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*', rb"\1", content)


@pytest.mark.parametrize("visibility", ["private", "hidden"])
def test_hidden_content_404_is_identical_to_missing_id(client, visibility):
    w = build_world(visibility=visibility)
    thread = services.thread_create(author=w.user("member"), community=w.community, title="Budget lines", body="x")
    client.force_login(w.user("nonmember"))
    real = client.get(thread.get_absolute_url())
    missing = client.get(thread.get_absolute_url().replace(f"/t/{thread.pk}-", "/t/999999-"))
    assert real.status_code == missing.status_code == 404
    assert _normalise(real.content) == _normalise(missing.content)
    permalink = reverse("discussions:post-permalink", kwargs={"community": w.community.slug, "thread_id": thread.pk,
                                                              "number": 1})  # fmt: skip
    assert client.get(permalink).status_code == 404
    assert client.get(reverse("discussions:thread-list", kwargs={"community": w.community.slug})).status_code == 404
    assert client.get(reverse("discussions:thread-list", kwargs={"community": "no-such-community"})).status_code == 404


def test_hidden_thread_only_for_author_and_moderators(client):
    w = build_world(visibility="public")
    thread = services.thread_create(author=w.user("member"), community=w.community, title="Spam?", body="x")
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True, hidden_reason="spam")
    for role in ROLES:
        status = w.client(role).get(thread.get_absolute_url()).status_code
        assert status == (200 if role in {"member", "moderator", "owner", "staff"} else 404), role
        listing = w.client(role).get(reverse("discussions:thread-list", kwargs={"community": w.community.slug}))
        if listing.status_code == 200:
            assert (b"Spam?" in listing.content) == (role in {"member", "moderator", "owner", "staff"}), role


def test_other_routes_follow_read_permission(client):
    """History, who-reacted, subscriptions, preview and autocomplete: readers only (404 otherwise)."""
    w = build_world(visibility="private")
    c = w.community
    thread = services.thread_create(author=w.user("member"), community=c, title="Monitoring plan", body="x")
    kw = {"community": c.slug, "thread_id": thread.pk}
    routes = [
        ("get", reverse("discussions:post-history", kwargs={**kw, "number": 1}), {}),
        ("get", reverse("discussions:reaction-list", kwargs={**kw, "number": 1}), {}),
        ("get", reverse("discussions:post-delete", kwargs={**kw, "number": 1}), {}),
        ("post", reverse("discussions:thread-subscription", kwargs=kw), {"level": "watch"}),
        ("post", reverse("discussions:community-subscription", kwargs={"community": c.slug}), {"level": "watch"}),
        ("post", reverse("discussions:markdown-preview", kwargs={"community": c.slug}), {"body": "x"}),
        ("get", reverse("discussions:tag-autocomplete", kwargs={"community": c.slug}), {}),
        ("get", reverse("discussions:member-autocomplete", kwargs={"community": c.slug}), {}),
    ]
    for role in ROLES:
        client = w.client(role)
        for method, route, data in routes:
            response = getattr(client, method)(route, data)
            reader = can_read(role, "private")
            if reader:
                assert response.status_code in (200, 302), (role, route, response.status_code)
                assert "/accounts/login/" not in response.get("Location", "")
            elif role == "anonymous" and response.status_code == 302:
                assert "/accounts/login/" in response["Location"]
            else:
                assert response.status_code == 404, (role, route, response.status_code)
