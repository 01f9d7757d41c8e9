"""Scoped invalidation of the page cache (hub.pagecache): a write inside one thread or
community leaves the other communities' cached pages valid, and shows at once on every
page that can show it; writes whose place is unknown stay global."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from accounts.tests.factories import UserFactory
from communities.models import Role
from communities.tests.factories import CommunityFactory, MembershipFactory
from discussions import services
from discussions.models import Post, Thread
from discussions.tests.test_fragments import fragment_keys
from hub import pagecache
from hub.tests.test_pagecache import fetch, fresh, is_hit

pytestmark = pytest.mark.django_db


def warm(client, url):
    """Make sure ``url`` is in the cache (rendering it when it is not)."""
    if not is_hit(fetch(client, url)):
        assert is_hit(fetch(client, url))


def _member(community, role=Role.MEMBER, **fields):
    user = UserFactory(**fields)
    MembershipFactory(user=user, community=community, role=role)
    return user


@pytest.fixture
def place(db):
    """Two communities, each with a member and a thread."""
    found = {}
    for name in ("a", "b"):
        community = CommunityFactory(name=f"Basin {name.upper()}", slug=f"basin-{name}")
        member = _member(community, display_name=f"Member {name.upper()}")
        thread = services.thread_create(author=member, community=community, title=f"Silt in basin {name}",
                                        body=f"How fast does basin {name} silt up?")  # fmt: skip
        found[name] = {"community": community, "member": member, "thread": thread}
    return found


def urls_of(community, thread):
    return {
        "thread": thread.get_absolute_url(),
        "thread_list": reverse("discussions:thread-list", kwargs={"community": community.slug}),
        "community": reverse("communities:detail", kwargs={"slug": community.slug}),
        "about": reverse("communities:about", kwargs={"slug": community.slug}),
        "members": reverse("communities:members", kwargs={"slug": community.slug}),
    }


def cross_pages():
    """Pages listing content from every community."""
    return {"directory": reverse("communities:directory"), "home": reverse("home"),
            "latest": reverse("reading:latest"), "search": reverse("search:search") + "?q=silt"}  # fmt: skip


def test_a_reply_in_one_community_leaves_the_other_communitys_pages_cached(client, place):
    a, b = place["a"], place["b"]
    pages_a, pages_b = urls_of(a["community"], a["thread"]), urls_of(b["community"], b["thread"])
    cross = cross_pages()
    for url in [*pages_a.values(), *pages_b.values(), *cross.values()]:
        warm(client, url)
    services.post_create(author=b["member"], thread=b["thread"], body="Within a fortnight after each flood.")
    for name, url in pages_a.items():
        assert is_hit(fetch(client, url)), name
    # The written thread's page and its community's list show the reply on the very next request.
    page = fresh(client, pages_b["thread"])
    assert b"Within a fortnight after each flood." in page.content
    listing = fresh(client, pages_b["thread_list"])
    assert b"1 reply" in listing.content and b"Member B" in listing.content
    for name in ("community", "about", "members"):
        fresh(client, pages_b[name])
    # Pages listing content from everywhere are rendered again.
    for url in cross.values():
        fresh(client, url)
    assert is_hit(fetch(client, pages_b["thread"]))


def test_a_reply_leaves_the_other_threads_of_its_community_cached(client, place):
    a = place["a"]
    other = services.thread_create(author=a["member"], community=a["community"], title="Gabion dams upstream",
                                   body="Which gabion designs hold in a flash flood?")  # fmt: skip
    pages = urls_of(a["community"], a["thread"])
    warm(client, other.get_absolute_url())
    warm(client, pages["thread"])
    warm(client, pages["thread_list"])
    services.post_create(author=a["member"], thread=a["thread"], body="Ours silts up in three weeks.")
    assert is_hit(fetch(client, other.get_absolute_url()))
    assert b"Ours silts up in three weeks." in fresh(client, pages["thread"]).content
    assert b"1 reply" in fresh(client, pages["thread_list"]).content


def test_edits_reactions_and_deletes_are_scoped_to_their_thread(client, place):
    a, b = place["a"], place["b"]
    reader = _member(b["community"])
    opening = Post.objects.get(thread=b["thread"], number=1)
    reply = services.post_create(author=reader, thread=b["thread"], body="Every monsoon.")
    writes = [  # (the write, what B's thread page must show next)
        (lambda: services.post_edit(actor=b["member"], post=opening, body="How fast, in weeks, does it silt up?"),
         b"How fast, in weeks"),
        (lambda: services.reaction_toggle(user=reader, post=opening, kind="like"), b'class="reaction-count">1<'),
        (lambda: services.post_delete(actor=reader, post=reply), b"This post was deleted."),
        # A new thread changes its community's lists, not the other threads' pages.
        (lambda: services.thread_create(author=reader, community=b["community"], title="Desilting crews",
                                        body="Who clears your basins?"), None),
    ]  # fmt: skip
    list_b = urls_of(b["community"], b["thread"])["thread_list"]
    for write, shown in writes:
        for url in (a["thread"].get_absolute_url(), b["thread"].get_absolute_url(), list_b):
            warm(client, url)
        write()
        assert is_hit(fetch(client, a["thread"].get_absolute_url()))
        fresh(client, list_b)
        if shown is None:
            assert is_hit(fetch(client, b["thread"].get_absolute_url()))
        else:
            assert shown in fresh(client, b["thread"].get_absolute_url()).content
    assert b"Desilting crews" in fetch(client, list_b).content


def test_writes_outside_a_scope_still_drop_every_page(client, place):
    """update(), raw SQL and unscoped services: the place is unknown, so everything goes."""
    a, b = place["a"], place["b"]
    url = a["thread"].get_absolute_url()
    writes = [
        lambda: Thread.objects.filter(pk=b["thread"].pk).update(title="Renamed by a script"),
        lambda: connection.cursor().execute(
            f"UPDATE {Post._meta.db_table} SET body_html = %s WHERE thread_id = %s", ["<p>Fixed.</p>", b["thread"].pk]
        ),
        lambda: CommunityFactory(name="Delta Wardens"),
    ]
    for write in writes:
        warm(client, url)
        write()
        fresh(client, url)


def test_a_scoped_service_writing_a_table_outside_its_scope_bumps_globally(place):
    b = place["b"]
    before = pagecache.generation()

    @pagecache.write_scope("thread")
    def rename_author(*, thread):
        type(b["member"]).objects.filter(pk=b["member"].pk).update(display_name="Renamed member")

    rename_author(thread=b["thread"])
    assert pagecache.generation() > before


def test_a_missing_scope_generation_is_a_miss(client, place):
    """An evicted (or never created) thread generation cannot make an old page current."""
    url = place["a"]["thread"].get_absolute_url()
    warm(client, url)
    cache.delete(pagecache.scope_key(pagecache.thread_scope(place["a"]["thread"].pk)))
    fresh(client, url)
    assert is_hit(fetch(client, url))


def test_signed_in_fragments_of_another_thread_survive_a_reply(client, place):
    """The thread page's shared post fragments depend on their thread, not on every write."""
    a, b = place["a"], place["b"]
    reader = _member(a["community"])
    client.force_login(reader)
    assert client.get(a["thread"].get_absolute_url()).status_code == 200
    assert fragment_keys()
    stamp = pagecache.current_stamp([pagecache.thread_scope(a["thread"].pk)])
    services.post_create(author=b["member"], thread=b["thread"], body="Every spring, in our case.")
    assert pagecache.current_stamp([pagecache.thread_scope(a["thread"].pk)]) == stamp
    services.post_create(author=a["member"], thread=a["thread"], body="Every autumn here.")
    assert pagecache.current_stamp([pagecache.thread_scope(a["thread"].pk)]) != stamp
    assert b"Every autumn here." in client.get(a["thread"].get_absolute_url()).content
