"""One set of rules for a post's controls: the thread page and the pushed post show the same.

For each role the post is rendered both ways: the thread page (controls rendered for the
viewer) and the websocket push (one HTML for every reader, with the reader's rights applied
as static/js/realtime.js applies them).  The visible controls must be identical, and match
what discussions.permissions.post_actions (and moderation's can_flag) allow.
"""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.utils import timezone

from accounts.tests.factories import UserFactory
from communities.models import Membership, Role
from discussions import permissions as dp
from discussions import pushes
from discussions.tests.realtime_helpers import (
    add_post,
    connect,
    flush_layer,
    make_community,
    make_member,
    make_thread,
    reset_realtime_state,
    skip_presence,
)
from moderation import permissions as mp

pytestmark = pytest.mark.django_db(transaction=False)

VOID = {"input", "img", "br", "hr", "meta", "link", "source", "wbr"}

# What each role may do with someone else's reply (#2) in a question thread, and with their own.
EXPECTED = {
    "anonymous": set(),
    "non-member": {"message", "bookmark"},
    "member": {"reply", "quote", "react", "flag", "message", "bookmark"},
    "suspended member": {"message", "bookmark"},
    "author": {"reply", "quote", "edit", "delete", "bookmark"},
    "author, locked thread": {"bookmark"},
    "moderator": {"reply", "quote", "react", "accept", "edit", "delete", "flag", "message", "bookmark", "moderate"},
}


@pytest.fixture(autouse=True)
def _fresh_realtime_state(monkeypatch):
    reset_realtime_state(monkeypatch)
    yield
    flush_layer()


class _Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []


class _Tree(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.root = self.node = _Node("root", {}, None)
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs, self.node)
        self.node.children.append(node)
        if tag not in VOID:
            self.node = node

    def handle_endtag(self, tag):
        node = self.node
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.node = node.parent


def _apply_rights(node, rights):
    """What realtime.js ``applyRights`` does: keep and show the allowed controls, drop the rest."""
    kept = []
    for child in node.children:
        action, unless = child.attrs.get("data-action"), child.attrs.get("data-action-unless")
        if action is not None:
            if action not in rights:
                continue
            child.attrs.pop("hidden", None)
        if unless is not None and unless in rights:
            continue
        _apply_rights(child, rights)
        kept.append(child)
    node.children = kept


def _controls(node, out=None):
    """The visible controls of a post, named after what they do."""
    out = set() if out is None else out
    if "hidden" in node.attrs:
        return out
    target = node.attrs.get("href", "") if node.tag == "a" else node.attrs.get("action", "")
    if node.tag == "span" and "data-reaction" in node.attrs:
        out.add("counts")
    for needle, name in (("reply_to=", "reply"), ("quote=", "quote"), ("/react/", "react"), ("/accept/", "accept"),
                         ("/edit/", "edit"), ("/delete/", "delete"), ("/moderation/flag/post/", "flag"),
                         ("/messages/new/", "message"), ("/bookmark/", "bookmark"), ("/moderation/post/", "moderate"),
                         ("/reactions/", "who reacted")):  # fmt: skip
        if node.tag in ("a", "form") and needle in target:
            out.add(name)
    for child in node.children:
        _controls(child, out)
    return out


def _article(html, number):
    start = html.index(f'<article id="p{number}"')
    return html[start : html.index("</article>", start) + len("</article>")]


def page_controls(client, thread, number):
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    return _controls(_Tree(_article(response.content.decode(), number)).root)


def pushed_controls(user, post):
    async def scenario():
        ws = await connect(f"/ws/threads/{post.thread_id}/", user)
        await sync_to_async(pushes.broadcast_post_updated)(post.pk)
        message = await skip_presence(ws)
        await ws.disconnect()
        return message

    message = async_to_sync(scenario)()
    assert message["type"] == "post_updated" and message["html"], message
    tree = _Tree(message["html"])
    _apply_rights(tree.root, set(message["rights"].split()))
    return _controls(tree.root), message["rights"]


def _scene(role):
    """(viewer or None, thread, post #2) for ``role``."""
    community = make_community("public")
    asker = make_member(community)
    author = make_member(community)
    thread = make_thread(community, author=asker, kind="question", is_locked=role == "author, locked thread")
    post = add_post(thread, author=author, reaction_counts={"like": 2})
    viewer = {
        "anonymous": lambda: None,
        "non-member": UserFactory,
        "member": lambda: make_member(community),
        "suspended member": lambda: make_member(community),
        "author": lambda: author,
        "author, locked thread": lambda: author,
        "moderator": lambda: make_member(community, role=Role.MODERATOR),
    }[role]()
    if role == "suspended member":
        Membership.objects.filter(user=viewer, community=community).update(
            suspended_until=timezone.now() + timedelta(days=3)
        )
    return viewer, thread, post


@pytest.mark.parametrize("role", list(EXPECTED))
def test_page_and_push_show_the_same_controls_for_each_role(client, role):
    viewer, thread, post = _scene(role)
    if viewer is not None:
        client.force_login(viewer)
    on_page = page_controls(client, thread, post.number)
    pushed, rights = pushed_controls(viewer, post)
    assert pushed == on_page, (role, pushed, on_page)
    expected = EXPECTED[role]
    actions = on_page - {"counts", "who reacted"}
    assert actions == expected, (role, actions)
    # The push carried the rights of the permission function, nothing computed elsewhere.
    post.thread = thread
    from django.contrib.auth.models import AnonymousUser

    user = viewer or AnonymousUser()
    assert rights == str(dp.post_actions(dp.thread_rights(user, thread), post))
    assert ("flag" in expected) is mp.can_flag(user, post)
    # Readers who may not react see the counts; the others the reaction buttons.
    assert ("counts" in on_page) is ("react" not in expected)


def test_a_pushed_post_is_loaded_once_and_rendered_once_per_language(monkeypatch, django_assert_num_queries):
    from hub import i18n

    community = make_community("public")
    thread = make_thread(community)
    post = add_post(thread, author=make_member(community))
    renders = []
    render = pushes.render_post
    monkeypatch.setattr(pushes, "render_post", lambda p: renders.append(p.pk) or render(p))
    sent = []
    monkeypatch.setattr(pushes.push, "send_many", lambda *messages: sent.extend(messages) or True)
    with django_assert_num_queries(2):  # the post with its thread, community, author; its attachments
        pushes.broadcast_post_created(post.pk)
    languages = i18n.offered_languages()
    assert renders == [post.pk] * len(languages)
    (group, event), *_ = sent
    assert group == f"thread.{thread.pk}" and sorted(event["html"]) == sorted(languages)
    assert event["facts"] == {"number": post.number, "author_id": post.author_id, "status": "published",
                              "is_deleted": False}  # fmt: skip
