"""Drafts kept as members type, quotes fetched in place, replies sent without a reload."""

import json
import re

import pytest
from django.urls import reverse

from communities.tests.conftest import ROLES, build_world
from discussions import services
from discussions.models import BODY_MAX, Draft, Post

pytestmark = pytest.mark.django_db

POSTERS = {"member", "moderator", "owner", "staff"}
JSON = {"HTTP_ACCEPT": "application/json"}


def can_read(role, visibility):
    if role == "staff":
        return True
    if role == "banned":
        return False
    return visibility == "public" or role in {"member", "moderator", "owner"}


def expected(role, visibility):
    if role == "anonymous":
        return 401
    if not can_read(role, visibility):
        return 404
    return 200 if role in POSTERS else 403


@pytest.mark.parametrize("visibility", ["public", "private", "hidden"])
def test_draft_and_quote_permission_matrix(visibility):
    w = build_world(visibility=visibility)
    c = w.community
    thread = services.thread_create(author=w.user("owner"), community=c, title="Rainwater tanks", body="Who uses them?")
    failures = []
    for role in ROLES:
        client = w.client(role)
        kw = {"community": c.slug, "thread_id": thread.pk}
        responses = {
            "thread-draft": client.post(reverse("discussions:thread-draft", kwargs=kw), {"body": f"By {role}"}, **JSON),
            "new-thread-draft": client.post(
                reverse("discussions:new-thread-draft", kwargs={"community": c.slug}),
                {"title": "T", "body": "B"},
                **JSON,
            ),
            "post-quote": client.get(reverse("discussions:post-quote", kwargs={**kw, "number": 1}), **JSON),
        }
        want = expected(role, visibility)
        for name, response in responses.items():
            assert response["Content-Type"] == "application/json", (name, role)
            if response.status_code != want:
                failures.append(f"{visibility} {role} {name}: got {response.status_code}, expected {want}")
            if want != 200:
                assert "error" in response.json()
    assert not failures, "\n".join(failures)
    # Only posters' drafts were kept, one per place.
    kept = {(d.user_id, d.thread_id is None) for d in Draft.objects.all()}
    assert kept == {(w.user(r).pk, new) for r in POSTERS for new in (True, False)}


def test_draft_save_update_discard_and_empty_forgets(member, thread):
    community = thread.community
    services.draft_save(user=member, community=community, thread=thread, body="First words")
    services.draft_save(
        user=member, community=community, thread=thread, body="First words, then more", reply_to_number=1
    )
    draft = Draft.objects.get()
    assert (draft.body, draft.reply_to_number) == ("First words, then more", 1)
    assert services.draft_save(user=member, community=community, thread=thread, body="   ") is None
    assert not Draft.objects.exists()
    services.draft_save(user=member, community=community, title="A new thread", body="")
    services.draft_discard(user=member, community=community)
    assert not Draft.objects.exists()


def test_draft_bad_input_gets_a_json_error_and_keeps_the_last_draft(client, member, thread):
    client.force_login(member)
    url = reverse("discussions:thread-draft", kwargs={"community": thread.community.slug, "thread_id": thread.pk})
    assert client.post(url, {"body": "Kept"}, **JSON).json()["saved"] is True
    too_long = client.post(url, {"body": "x" * (BODY_MAX + 1)}, **JSON)
    assert too_long.status_code == 400 and "characters" in too_long.json()["error"]
    assert client.get(url, **JSON).status_code == 405
    assert client.post(url, {"body": "ok", "reply_to_number": "9" * 40}, **JSON).status_code == 200
    assert Draft.objects.get().reply_to_number is None
    missing = reverse("discussions:thread-draft", kwargs={"community": thread.community.slug, "thread_id": 99999})
    response = client.post(missing, {"body": "x"}, **JSON)
    assert response.status_code == 404 and response.json()["error"]


def test_reply_draft_is_restored_on_the_thread_page_and_forgotten_on_posting(client, member, thread):
    client.force_login(member)
    kw = {"community": thread.community.slug, "thread_id": thread.pk}
    client.post(
        reverse("discussions:thread-draft", kwargs=kw), {"body": "Half a thought about <wells>", "reply_to_number": "1"}
    )
    page = client.get(thread.get_absolute_url()).content.decode()
    textarea = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert textarea == "Half a thought about &lt;wells&gt;"
    assert "Your draft was restored." in page and 'data-reply-to-number="1"' in page
    first = Post.objects.get(thread=thread, number=1)
    assert f'name="reply_to" value="{first.pk}"' in page
    client.post(reverse("discussions:post-create", kwargs=kw), {"body": "Half a thought, finished."})
    assert not Draft.objects.exists()
    assert "Your draft was restored." not in client.get(thread.get_absolute_url()).content.decode()


def test_new_thread_draft_is_restored_and_forgotten_when_the_thread_is_posted(client, member, community):
    client.force_login(member)
    client.post(reverse("discussions:new-thread-draft", kwargs={"community": community.slug}),
                {"title": "Drip irrigation costs", "body": "Figures from Niger"})  # fmt: skip
    form = client.get(reverse("discussions:thread-create", kwargs={"community": community.slug})).content.decode()
    assert 'value="Drip irrigation costs"' in form and "Figures from Niger</textarea>" in form
    client.post(reverse("discussions:thread-create", kwargs={"community": community.slug}),
                {"title": "Drip irrigation costs", "body": "Figures from Niger", "kind": "discussion"})  # fmt: skip
    assert not Draft.objects.exists()


def test_quote_endpoint_gives_the_markdown_and_refuses_what_the_reader_may_not_quote(
    client, member, thread, make_member
):
    from accounts.tests.factories import UserFactory

    client.force_login(member)
    url = reverse(
        "discussions:post-quote", kwargs={"community": thread.community.slug, "thread_id": thread.pk, "number": 1}
    )
    data = client.get(url).json()
    assert data["number"] == 1 and data["markdown"].startswith("> [") and "> How often do you read" in data["markdown"]
    client.force_login(UserFactory())  # reads the public community, may not reply there
    assert client.get(url).status_code == 403
    client.force_login(member)
    missing = url.replace("/p/1/", "/p/7/")
    assert client.get(missing).status_code == 404


def test_reply_sent_without_reload_answers_json_with_the_post_as_its_author_sees_it(client, member, thread):
    client.force_login(member)
    url = reverse("discussions:post-create", kwargs={"community": thread.community.slug, "thread_id": thread.pk})
    response = client.post(url, {"body": "Weekly, & daily in droughts", "idempotency_key": "k" * 20}, **JSON)
    assert response.status_code == 201
    data = response.json()
    assert data["number"] == 2 and data["url"].endswith("/p/2/") and data["pending"] is False
    assert 'id="p2"' in data["html"] and "Weekly, &amp; daily in droughts" in data["html"]
    assert ">Edit<" in data["html"] and "data-action" not in data["html"]
    assert data["idempotency_key"] != "k" * 20
    again = client.post(url, {"body": "Weekly, & daily in droughts", "idempotency_key": "k" * 20}, **JSON)
    assert again.json()["number"] == 2 and Post.objects.filter(thread=thread).count() == 2  # not posted twice
    bad = client.post(url, {"body": ""}, **JSON)
    assert bad.status_code == 400 and json.loads(bad.content)["error"]
