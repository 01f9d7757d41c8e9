"""The anonymous page cache (hub.pagecache): hits, invalidation by the SQL watcher,
per-request nonce and CSRF token, what is never cached, and a failing cache."""

import re

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.db import connection, transaction
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, translate_url

from accounts import services as account_services
from accounts.tests.factories import UserFactory
from communities import services as community_services
from communities.models import Role, Visibility
from communities.tests.factories import CommunityFactory, InvitationFactory, MembershipFactory
from discussions import services
from discussions.models import Post, ReadState, Thread, ThreadSubscription
from hub import pagecache
from hub.models import ContactMessage
from moderation import services as moderation_services
from notifications.models import Notification, NotificationKind
from notifications.services import notify
from notifications.tests.helpers import committed

pytestmark = pytest.mark.django_db

PLACEHOLDER = b"\x1e"
NONCE_ATTR = re.compile(r'nonce="([^"]+)"')
HX_TOKEN = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]+)"')
FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


# --- helpers ----------------------------------------------------------------------------------


def fetch(client, url, **extra):
    """GET ``url``; no response may ever carry a placeholder of the stored template."""
    response = client.get(url, **extra)
    assert PLACEHOLDER not in response.content
    return response


def is_hit(response):
    return response.headers.get("X-Page-Cache") == "hit"


def warm(client, url, **extra):
    """Render ``url`` once (a miss) and check that the next anonymous GET is a hit."""
    first = fetch(client, url, **extra)
    assert first.status_code == 200 and not is_hit(first)
    second = fetch(client, url, **extra)
    assert second.status_code == 200 and is_hit(second)
    return second


def fresh(client, url):
    """The next anonymous GET after a write: rendered again, not the stored page."""
    response = fetch(client, url)
    assert not is_hit(response)
    return response


def normalised(response):
    """The body without this response's nonce and CSRF tokens."""
    body = response.content.decode()
    for nonce in set(NONCE_ATTR.findall(body)):
        body = body.replace(nonce, "NONCE")
    return TOKEN.sub("TOKEN", body)


def csp_nonce(response):
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


# --- data -------------------------------------------------------------------------------------


@pytest.fixture
def community(db):
    return CommunityFactory(name="Aquifer Stewards", slug="aquifer-stewards")


def _member(community, role=Role.MEMBER, **fields):
    user = UserFactory(**fields)
    MembershipFactory(user=user, community=community, role=role)
    return user


@pytest.fixture
def author(community):
    return _member(community, username="amina", display_name="Amina Okafor")


@pytest.fixture
def reader(community):
    return _member(community, username="tomas", display_name="Tomas Lindqvist")


@pytest.fixture
def moderator(community):
    return _member(community, role=Role.MODERATOR, username="grace", display_name="Grace Mwangi")


@pytest.fixture
def owner(community):
    return _member(community, role=Role.OWNER, username="owner", display_name="Rosa Quispe")


@pytest.fixture
def thread(community, author):
    return services.thread_create(
        author=author, community=community, title="Recharge basins after the monsoon",
        body="How quickly do your recharge basins clog with silt after the first floods?",
    )  # fmt: skip


@pytest.fixture
def opening(thread):
    return Post.objects.get(thread=thread, number=1)


@pytest.fixture
def urls(community, thread, author):
    return {
        "thread": thread.get_absolute_url(),
        "thread_list": reverse("discussions:thread-list", kwargs={"community": community.slug}),
        "directory": reverse("communities:directory"),
        "community": reverse("communities:detail", kwargs={"slug": community.slug}),
        "about": reverse("communities:about", kwargs={"slug": community.slug}),
        "members": reverse("communities:members", kwargs={"slug": community.slug}),
        "home": reverse("home"),
        "search": reverse("search:search") + "?q=recharge",
        "people": reverse("accounts:directory"),
        "profile": reverse("accounts:profile", kwargs={"username": author.username}),
    }


# --- 1. hits, without SQL; never for signed-in members -----------------------------------------


@pytest.mark.parametrize(
    "page", ["thread", "thread_list", "directory", "community", "about", "members", "home", "search", "people",
             "profile"],
)  # fmt: skip
def test_second_anonymous_get_is_a_hit_without_sql(client, urls, page):
    url = urls[page]
    miss = fetch(client, url)
    assert miss.status_code == 200 and not is_hit(miss)
    with CaptureQueriesContext(connection) as queries:
        hit = fetch(client, url)
    assert is_hit(hit) and hit.status_code == 200
    assert len(queries.captured_queries) == 0, [q["sql"] for q in queries.captured_queries]
    assert hit["Content-Type"] == miss["Content-Type"]
    assert normalised(hit) == normalised(miss)


def test_a_hit_shows_the_thread(client, urls):
    hit = warm(client, urls["thread"])
    assert b"Recharge basins after the monsoon" in hit.content
    assert b"clog with silt after the first floods" in hit.content
    assert b"Amina Okafor" in hit.content


def test_signed_in_requests_are_never_served_from_the_page_cache(client, urls, reader):
    client.force_login(reader)  # before warming: the login writes last_login (a visible table)
    anonymous = Client()
    assert fetch(client, urls["thread"]).status_code == 200  # a member's page is not stored...
    assert not is_hit(fetch(anonymous, urls["thread"]))  # ...so the first anonymous GET renders
    assert is_hit(fetch(anonymous, urls["thread"]))
    warm(anonymous, urls["thread_list"])
    for _ in range(2):
        page = fetch(client, urls["thread"])
        assert page.status_code == 200 and not is_hit(page)
        assert b"Your reply" in page.content  # the member's reply form, not the anonymous "Log in to reply"
        assert b"Log in to reply" not in page.content
        listing = fetch(client, urls["thread_list"])
        assert listing.status_code == 200 and not is_hit(listing)
    assert is_hit(fetch(anonymous, urls["thread"]))


def test_head_of_a_cached_page_is_served_from_the_cache(client, urls):
    warm(client, urls["thread"])
    response = client.head(urls["thread"])
    assert response.status_code == 200 and is_hit(response)
    assert response.content == b""


# --- 2. invalidation through the services -----------------------------------------------------


def test_a_new_reply_shows_at_once(client, urls, thread, reader):
    warm(client, urls["thread"])
    warm(client, urls["thread_list"])
    warm(client, urls["community"])
    services.post_create(author=reader, thread=thread, body="Ours clog within two weeks; we scrape them monthly.")
    page = fresh(client, urls["thread"])
    assert b"Ours clog within two weeks" in page.content
    assert b"1 reply" in page.content
    listing = fresh(client, urls["thread_list"])
    assert b"Tomas Lindqvist" in listing.content  # the last poster
    fresh(client, urls["community"])
    assert is_hit(fetch(client, urls["thread"]))


def test_an_edit_shows_at_once(client, urls, author, opening):
    warm(client, urls["thread"])
    services.post_edit(actor=author, post=opening, body="How quickly do infiltration galleries clog?")
    page = fresh(client, urls["thread"])
    assert b"infiltration galleries" in page.content
    assert b"clog with silt" not in page.content


def test_a_reaction_changes_the_count_at_once(client, urls, reader, opening):
    before = warm(client, urls["thread"])
    assert b'data-reaction="like"' not in before.content
    services.reaction_toggle(user=reader, post=opening, kind="like")
    page = fresh(client, urls["thread"])
    assert re.search(rb'data-reaction="like">[^<]*<span class="reaction-count">1</span>', page.content)
    services.reaction_toggle(user=reader, post=opening, kind="like")
    assert b'data-reaction="like"' not in fresh(client, urls["thread"]).content


def test_a_soft_delete_shows_at_once(client, urls, thread, reader):
    reply = services.post_create(author=reader, thread=thread, body="Try a geotextile layer under the sand.")
    assert b"geotextile layer" in warm(client, urls["thread"]).content
    services.post_delete(actor=reader, post=reply)
    page = fresh(client, urls["thread"])
    assert b"geotextile layer" not in page.content
    assert b"This post was deleted." in page.content


def test_a_thread_hidden_by_a_moderator_disappears_at_once(client, urls, thread, moderator):
    warm(client, urls["thread"])
    assert b"Recharge basins after the monsoon" in warm(client, urls["thread_list"]).content
    moderation_services.thread_hide(actor=moderator, thread=thread, reason="Posted twice")
    assert fresh(client, urls["thread"]).status_code == 404
    listing = fresh(client, urls["thread_list"])
    assert listing.status_code == 200
    assert b"Recharge basins after the monsoon" not in listing.content


def test_a_thread_locked_by_a_moderator_shows_locked_at_once(client, urls, thread, moderator):
    assert b"Agreed at the basin meeting" not in warm(client, urls["thread"]).content
    moderation_services.thread_lock(actor=moderator, thread=thread, reason="Agreed at the basin meeting")
    page = fresh(client, urls["thread"])
    assert b"Locked" in page.content and b"Agreed at the basin meeting" in page.content


def test_a_community_turned_private_is_a_404_like_an_unknown_id(client, urls, community, thread, owner):
    for page in ("thread", "thread_list", "community"):
        warm(client, urls[page])
    community_services.community_update(actor=owner, community=community, fields={"visibility": Visibility.PRIVATE})
    unknown_thread = fetch(client, reverse("discussions:thread-detail", kwargs={
        "community": community.slug, "thread_id": thread.pk + 1000, "slug": thread.slug}))  # fmt: skip
    unknown_community = fetch(client, reverse("discussions:thread-list", kwargs={"community": "no-such-community"}))
    assert unknown_thread.status_code == unknown_community.status_code == 404
    page = fresh(client, urls["thread"])
    assert page.status_code == 404 and page.content == unknown_thread.content
    listing = fresh(client, urls["thread_list"])
    assert listing.status_code == 404 and listing.content == unknown_community.content
    assert b"Recharge basins" not in fresh(client, urls["community"]).content
    # And the 404 is not cached either: it is still a 404 rendered again.
    assert not is_hit(fetch(client, urls["thread"]))


def test_a_display_name_change_shows_at_once(client, urls, author):
    for page in ("thread", "profile", "people"):
        assert b"Amina Okafor" in warm(client, urls[page]).content
    account_services.profile_update(actor=author, user=author, display_name="Amina Mensah")
    for page in ("thread", "profile", "people"):
        content = fresh(client, urls[page]).content
        assert b"Amina Mensah" in content and b"Amina Okafor" not in content


def test_a_queryset_update_is_seen_by_the_sql_watcher(client, urls, thread, opening):
    warm(client, urls["thread"])
    warm(client, urls["thread_list"])
    Post.objects.filter(pk=opening.pk).update(body_html="<p>Corrected straight in the database.</p>")
    assert b"Corrected straight in the database." in fresh(client, urls["thread"]).content
    Thread.objects.filter(pk=thread.pk).update(title="Renamed without any service")
    assert b"Renamed without any service" in fresh(client, urls["thread_list"]).content


def test_a_raw_sql_write_is_seen_by_the_sql_watcher(client, urls, opening):
    warm(client, urls["thread"])
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Post._meta.db_table} SET body_html = %s WHERE id = %s", ["<p>Raw SQL fix.</p>",
                                                                                           opening.pk])  # fmt: skip
    assert b"Raw SQL fix." in fresh(client, urls["thread"]).content


def test_raw_sql_written_over_several_lines_is_seen_by_the_sql_watcher(client, urls, opening):
    warm(client, urls["thread"])
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Post._meta.db_table}
               SET body_html = %s
             WHERE id = %s
            """,
            ["<p>Fixed by a maintenance script.</p>", opening.pk],
        )
    assert b"Fixed by a maintenance script." in fresh(client, urls["thread"]).content


def test_a_write_inside_an_atomic_block_shows_to_the_next_request_at_once(client, urls, author, opening):
    warm(client, urls["thread"])
    with transaction.atomic():
        services.post_edit(actor=author, post=opening, body="Edited inside a transaction.")
        inside = fresh(client, urls["thread"])  # a later read in the same transaction
        assert b"Edited inside a transaction." in inside.content
    after = fetch(client, urls["thread"])
    assert b"Edited inside a transaction." in after.content


def test_the_commit_bump_is_registered_once_per_transaction(client, django_capture_on_commit_callbacks):
    """Everything below is one transaction: many visible writes bump at once each, and one
    bump more is registered for the commit (it runs when the callbacks are executed).  The
    factories' writes are global; the services' writes bump their thread and community."""
    start = pagecache.generation()
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        community = CommunityFactory()
        author = _member(community)
        reader = _member(community)
        factories = pagecache.generation()
        with transaction.atomic():
            thread = services.thread_create(author=author, community=community, title="Silt traps that work",
                                            body="Which silt traps have you tried upstream of basins?")  # fmt: skip
            before_reply = pagecache.current_stamp([pagecache.thread_scope(thread.pk)])
            services.post_create(author=reader, thread=thread, body="Gabion check dams, with mixed results.")
            after_reply = pagecache.current_stamp([pagecache.thread_scope(thread.pk)])
        assert pagecache.generation() == factories  # the services' writes are scoped
    visible_writes = sum(pagecache.is_visible_write(q["sql"]) for q in queries.captured_queries)
    assert visible_writes > 5 and factories > start
    assert sum(isinstance(callback, pagecache.CommitBump) for callback in callbacks) == 1
    assert pagecache.generation() == factories + 1
    assert after_reply[0] == before_reply[0] and after_reply[1] > before_reply[1]  # the thread's, not global
    assert b"Gabion check dams" in fetch(client, thread.get_absolute_url()).content


@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_before_the_commit_is_dropped_by_the_commit(client):
    """Real commits: a page stored while the write is still uncommitted (another request
    would have rendered it without the new rows) is not served after the commit."""
    community = CommunityFactory()
    author = _member(community)
    thread = services.thread_create(author=author, community=community, title="Recharge wells in clay soils",
                                    body="Do recharge wells work at all in heavy clay?")  # fmt: skip
    url = thread.get_absolute_url()
    warm(client, url)
    opening = Post.objects.get(thread=thread, number=1)
    with transaction.atomic():
        services.post_edit(actor=author, post=opening, body="Do recharge wells work in heavy clay soils?")
        services.post_create(author=author, thread=thread, body="Adding: our wells are 12 m deep.")
        assert sum(isinstance(func, pagecache.CommitBump) for _sids, func, _robust in connection.run_on_commit) == 1
        fresh(client, url)
        assert is_hit(fetch(client, url))  # stored under the generations bumped by the writes
        before_commit = pagecache.current_stamp([pagecache.thread_scope(thread.pk)])
    after_commit = pagecache.current_stamp([pagecache.thread_scope(thread.pk)])
    assert after_commit == (before_commit[0], before_commit[1] + 1)  # the thread bumped again, not global
    page = fresh(client, url)
    assert b"our wells are 12 m deep" in page.content
    assert is_hit(fetch(client, url))


@pytest.mark.django_db(transaction=True)
def test_autocommit_writes_bump_without_an_on_commit_callback(client):
    community = CommunityFactory()
    url = reverse("communities:directory")
    warm(client, url)
    before = pagecache.generation()
    CommunityFactory(name="Wetland Restoration Circle", slug="wetland-restoration-circle")
    assert pagecache.generation() > before
    assert not connection.run_on_commit
    assert b"Wetland Restoration Circle" in fresh(client, url).content
    assert community.name.encode() in fetch(client, url).content


# --- 3. private tables do not bump; the statement classifier ------------------------------------


def test_writes_to_private_tables_do_not_bump_the_generation(client, urls, thread, author, reader):
    warm(client, urls["thread"])
    start = pagecache.generation()

    thread.post_count = 1
    services.thread_mark_read(user=reader, thread=thread, number=1)
    assert ReadState.objects.filter(user=reader, thread=thread, last_read_number=1).exists()
    assert pagecache.generation() == start

    services.subscription_set(user=reader, level="watch", thread=thread)
    assert ThreadSubscription.objects.filter(user=reader, thread=thread).exists()
    assert pagecache.generation() == start

    # Drafts are saved every few seconds while a member types: never a reason to re-render.
    services.draft_save(user=reader, community=thread.community, thread=thread, body="Half a reply")
    services.draft_save(user=reader, community=thread.community, thread=thread, body="Half a reply, longer")
    services.draft_discard(user=reader, community=thread.community, thread=thread)
    assert pagecache.generation() == start

    session = SessionStore()
    session["note"] = "draft"
    session.save()
    session["note"] = "second draft"
    session.save()
    assert pagecache.generation() == start

    with committed():
        notify(recipient=author, kind=NotificationKind.MODERATION, text="A moderator reviewed your thread.")
    assert Notification.objects.filter(recipient=author).exists()
    assert pagecache.generation() == start

    assert is_hit(fetch(client, urls["thread"]))


def test_signed_in_browsing_and_contact_messages_leave_the_page_cache_alone(client, urls, reader):
    reader.set_password("a-long-test-password-42")
    reader.save()
    anonymous = Client()
    for page in ("thread", "thread_list", "home"):
        warm(anonymous, urls[page])
    start = pagecache.generation()
    # A real sign-in through the form: Django writes last_login alone, which no page shows.
    response = Client().post(reverse("account_login"), {"login": reader.email, "password": "a-long-test-password-42"})
    assert response.status_code == 302 and pagecache.generation() == start
    client.force_login(reader)
    for url in urls.values():
        assert fetch(client, url).status_code == 200
    assert ReadState.objects.filter(user=reader).exists()  # reading the thread was recorded
    visitor = Client()
    assert visitor.post(reverse("contact"), {
        "name": "Priya Sharma", "email": "priya@example.org", "subject": "Joining",
        "message": "We would like to join the recharge community next season."}).status_code == 302  # fmt: skip
    assert ContactMessage.objects.exists()
    assert pagecache.generation() == start
    for page in ("thread", "thread_list", "home"):
        assert is_hit(fetch(anonymous, urls[page]))


@pytest.mark.parametrize(
    ("sql", "visible"),
    [
        ('INSERT INTO "discussions_post" ("body") VALUES (%s)', True),
        ('UPDATE "discussions_thread" SET "title" = %s WHERE "id" = %s', True),
        ('DELETE FROM "discussions_reaction" WHERE "id" IN (%s)', True),
        ("  insert into `communities_community` (name) values (%s)", True),
        ("\n        UPDATE discussions_post\n           SET body_html = %s", True),
        ("\n\t\tDELETE FROM django_session WHERE expire_date < %s", False),
        ("-- nightly fix\nUPDATE discussions_post SET body_html = %s", True),
        ("/* maintenance */ DELETE FROM discussions_reaction", True),
        ("/* maintenance */ DELETE FROM django_session", False),
        ("-- only a comment", False),
        ("update accounts_user set display_name = %s", True),
        ('UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"."id" = %s', False),
        ('UPDATE "accounts_user" SET "last_login" = %s, "display_name" = %s WHERE "id" = %s', True),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('DELETE FROM "django_session" WHERE "session_key" = %s', False),
        ('INSERT INTO "discussions_readstate" ("user_id") VALUES (%s) ON CONFLICT DO UPDATE', False),
        ('UPDATE "discussions_threadsubscription" SET "level" = %s', False),
        ('INSERT INTO "notifications_notification" ("text") VALUES (%s)', False),
        ('DELETE FROM "messaging_message" WHERE "id" = %s', False),
        ('INSERT INTO "moderation_auditentry" ("reason") VALUES (%s)', False),
        ('SELECT "discussions_post"."id" FROM "discussions_post"', False),
        ('SELECT 1 FROM "discussions_thread" WHERE "id" = %s FOR UPDATE', False),
        ("SAVEPOINT s1", False),
        ('INSERT OR IGNORE INTO "django_session" ("session_key") VALUES (%s)', True),
        ("DELETE discussions_post", True),
        ("UPDATE", True),
    ],
)
def test_is_visible_write(sql, visible):
    assert pagecache.is_visible_write(sql) is visible


# --- 4. per-request nonce and CSRF token ------------------------------------------------------


def test_each_hit_gets_its_own_csp_nonce(client, urls):
    miss = fetch(client, urls["thread"])
    nonces = []
    for response in (miss, fetch(client, urls["thread"]), fetch(Client(), urls["thread"])):
        in_html = set(NONCE_ATTR.findall(response.content.decode()))
        assert len(in_html) == 1, in_html
        nonce = in_html.pop()
        assert nonce == csp_nonce(response)
        nonces.append(nonce)
    assert len(set(nonces)) == 3


def test_csrf_token_of_a_cached_page_is_valid_for_this_client(csrf_client, urls):
    other = Client(enforce_csrf_checks=True)
    stored_from = warm(other, urls["home"])
    other_token = HX_TOKEN.search(stored_from.content.decode()).group(1)

    page = fetch(csrf_client, urls["home"])
    assert is_hit(page)
    token = HX_TOKEN.search(page.content.decode()).group(1)
    secret = csrf_client.cookies[settings.CSRF_COOKIE_NAME].value
    assert _unmask_cipher_token(token) == secret
    assert _unmask_cipher_token(other_token) != secret

    data = {"name": "Lena Hoffmann", "email": "lena@example.org", "subject": "Recharge basins",
            "message": "Could we present our basin maintenance log at the next session?"}  # fmt: skip
    assert csrf_client.post(reverse("contact"), {**data, "csrfmiddlewaretoken": other_token}).status_code == 403
    response = csrf_client.post(reverse("contact"), {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert ContactMessage.objects.filter(email="lena@example.org").count() == 1


def test_csrf_token_of_a_cached_page_matches_an_existing_cookie(csrf_client, urls):
    warm(Client(), urls["thread"])
    csrf_client.get(reverse("contact"))  # not a cached view: sets the cookie
    secret = csrf_client.cookies[settings.CSRF_COOKIE_NAME].value
    page = fetch(csrf_client, urls["thread"])
    assert is_hit(page)
    assert csrf_client.cookies[settings.CSRF_COOKIE_NAME].value == secret
    tokens = HX_TOKEN.findall(page.content.decode()) + FORM_TOKEN.findall(page.content.decode())
    assert tokens and all(_unmask_cipher_token(t) == secret for t in tokens)
    response = csrf_client.post(reverse("contact"), {
        "name": "Lena Hoffmann", "email": "lena@example.org", "subject": "Recharge basins",
        "message": "Could we present our basin maintenance log at the next session?",
        "csrfmiddlewaretoken": tokens[0]})  # fmt: skip
    assert response.status_code == 302


def test_no_placeholder_reaches_any_response(client, urls):
    for url in urls.values():
        for visitor in (client, Client(), Client(enforce_csrf_checks=True)):
            response = visitor.get(url)
            assert PLACEHOLDER not in response.content
            assert all(PLACEHOLDER.decode() not in value for value in response.headers.values())
    # The pages were stored, each with the placeholders (only the cache ever holds them).
    for url in urls.values():
        assert is_hit(fetch(client, url))
        stored = cache.get(pagecache.page_key(RequestFactory().get(url)))
        assert pagecache.NONCE_MARK in stored[3] and pagecache.CSRF_MARK in stored[3]


# --- 5. never cached --------------------------------------------------------------------------


def test_a_pending_flash_message_is_not_cached_nor_served_from_the_cache(client, urls):
    warm(Client(), urls["home"])
    response = client.post(reverse("contact"), {
        "name": "Priya Sharma", "email": "priya@example.org", "subject": "Joining",
        "message": "We would like to join the recharge community next season."})  # fmt: skip
    assert response.status_code == 302
    with_message = fetch(client, urls["home"])
    assert not is_hit(with_message)
    assert b"Thank you. Your message has reached the hub team." in with_message.content
    for visitor in (Client(), client):  # the message was shown once and stored for nobody
        page = fetch(visitor, urls["home"])
        assert is_hit(page) and b"Thank you." not in page.content


def test_a_pending_flash_message_page_is_not_stored(client, urls):
    client.post(reverse("contact"), {
        "name": "Priya Sharma", "email": "priya@example.org", "subject": "Joining",
        "message": "We would like to join the recharge community next season."})  # fmt: skip
    assert b"Thank you." in fetch(client, urls["thread"]).content
    page = fetch(Client(), urls["thread"])
    assert not is_hit(page) and b"Thank you." not in page.content


def test_an_anonymous_session_holding_data_bypasses_the_cache(client, urls, community, owner):
    invitation = InvitationFactory(community=community, invited_by=owner, email="newcomer@example.org")
    token = community_services.invitation_token(invitation)
    warm(Client(), urls["home"])
    assert client.get(reverse("communities:invitation", kwargs={"token": token})).status_code == 200
    assert client.session.keys()
    for _ in range(2):
        for page in ("home", "thread"):
            response = fetch(client, urls[page])
            assert response.status_code == 200 and not is_hit(response)
    # Nothing this visitor rendered was stored: a plain visitor renders the thread page itself.
    assert not is_hit(fetch(Client(), urls["thread"]))


def test_an_empty_anonymous_session_still_uses_the_cache(client, urls):
    session = SessionStore()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    warm(client, urls["thread"])


def test_htmx_requests_have_their_own_entry(client, urls):
    htmx = {"HTTP_HX_REQUEST": "true"}
    full = warm(client, urls["thread_list"])
    assert b"<html" in full.content
    partial = fetch(client, urls["thread_list"], **htmx)
    assert partial.status_code == 200 and not is_hit(partial)
    assert b"<html" not in partial.content and b"Recharge basins after the monsoon" in partial.content
    partial_hit = fetch(client, urls["thread_list"], **htmx)
    assert is_hit(partial_hit) and b"<html" not in partial_hit.content
    again = fetch(client, urls["thread_list"])
    assert is_hit(again) and b"<html" in again.content


def test_each_language_has_its_own_entry(client, urls):
    english = warm(client, urls["thread"])
    assert b'<html lang="en" dir="ltr">' in english.content
    french_url = translate_url(urls["thread"], "fr")
    spanish_url = translate_url(urls["thread"], "es")
    assert french_url.startswith("/fr/") and spanish_url.startswith("/es/")
    french = warm(client, french_url)
    assert b'<html lang="fr" dir="ltr">' in french.content
    # A Spanish reader of the same thread is never served the stored French (or English) page.
    spanish = fetch(client, spanish_url, HTTP_ACCEPT_LANGUAGE="fr")
    assert not is_hit(spanish) and b'<html lang="es" dir="ltr">' in spanish.content
    assert is_hit(fetch(client, spanish_url)) and b'<html lang="es"' in fetch(client, spanish_url).content
    # The unprefixed page asked for by a Spanish browser is a redirect, never a cached page.
    browser = {"HTTP_ACCEPT": "text/html", "HTTP_ACCEPT_LANGUAGE": "es-AR,es;q=0.9"}
    sent = Client().get(urls["thread"], **browser)
    assert sent.status_code == 302 and sent["Location"] == spanish_url and not is_hit(sent)
    assert b'<html lang="en" dir="ltr">' in fetch(client, urls["thread"]).content


def test_404s_are_not_cached(client, community, thread):
    for url in (
        reverse("discussions:thread-detail", kwargs={"community": community.slug, "thread_id": thread.pk + 1000,
                                                     "slug": "missing"}),
        reverse("discussions:thread-list", kwargs={"community": "no-such-community"}),
        reverse("accounts:profile", kwargs={"username": "nobody-here"}),
    ):  # fmt: skip
        for _ in range(2):
            response = fetch(client, url)
            assert response.status_code == 404 and not is_hit(response)


def test_posts_are_neither_served_from_nor_stored_in_the_cache(client, urls):
    posted = client.post(urls["thread_list"])
    assert not is_hit(posted)
    assert not is_hit(fetch(client, urls["thread_list"]))  # the POST stored nothing
    assert is_hit(fetch(client, urls["thread_list"]))
    assert not is_hit(client.post(urls["thread_list"]))


def test_redirects_are_not_cached(client, thread, community):
    old_slug = reverse("discussions:thread-detail", kwargs={"community": community.slug, "thread_id": thread.pk,
                                                            "slug": "an-old-title"})  # fmt: skip
    for _ in range(2):
        response = fetch(client, old_slug)
        assert response.status_code == 301 and not is_hit(response)
        assert response["Location"] == thread.get_absolute_url()


# --- 6. a failing cache -----------------------------------------------------------------------


@pytest.fixture
def broken_cache(monkeypatch):
    def boom(*args, **kwargs):
        raise ConnectionError("cache unavailable")

    def breaks(*names):
        for name in names:
            monkeypatch.setattr(cache, name, boom)

    return breaks


def test_pages_render_and_replies_are_kept_while_the_cache_fails(client, urls, thread, reader, broken_cache):
    warm(client, urls["thread"])
    warm(client, urls["thread_list"])
    broken_cache("get_many", "incr")
    for page in ("thread", "thread_list", "community", "home"):
        response = fetch(client, urls[page])
        assert response.status_code == 200 and not is_hit(response)
    member = Client()
    member.force_login(reader)
    assert fetch(member, urls["thread"]).status_code == 200
    posted = member.post(reverse("discussions:post-create", kwargs={"community": thread.community.slug,
                                                                    "thread_id": thread.pk}),
                         {"body": "Posted while the cache was down: basins cleaned in March."})  # fmt: skip
    assert posted.status_code == 302
    assert Post.objects.filter(thread=thread, body__startswith="Posted while the cache was down").exists()
    page = fetch(client, urls["thread"])
    assert page.status_code == 200 and b"Posted while the cache was down" in page.content
    assert b"Posted while the cache was down" in fetch(member, urls["thread"]).content
    assert b"Tomas Lindqvist" in fetch(client, urls["thread_list"]).content


def test_pages_render_when_every_cache_call_fails(client, urls, thread, reader, broken_cache):
    broken_cache("get", "get_many", "set", "set_many", "add", "incr")
    for page in ("thread", "thread_list", "community", "home"):
        for _ in range(2):
            response = fetch(client, urls[page])
            assert response.status_code == 200 and not is_hit(response)
    services.post_create(author=reader, thread=thread, body="Still posting while the cache is out.")
    assert b"Still posting while the cache is out." in fetch(client, urls["thread"]).content


def test_the_watcher_survives_an_execute_wrapper_entered_before_the_connection_opens():
    """``connection.execute_wrapper()`` pops the last wrapper on exit: a watcher appended
    by connection_created while that block was open must not be the one removed."""
    from django.db import connections

    other = connections.create_connection("default")
    try:
        seen = []

        def spy(execute, sql, params, many, context):
            seen.append(sql)
            return execute(sql, params, many, context)

        assert other.connection is None
        with other.execute_wrapper(spy):
            other.ensure_connection()  # connects inside the block: connection_created fires here
            with other.cursor() as cursor:
                cursor.execute("SELECT 1")
        assert seen == ["SELECT 1"]
        assert spy not in other.execute_wrappers
        assert [type(w) for w in other.execute_wrappers] == [pagecache.WriteWatcher]
        before = pagecache.generation()
        with other.cursor() as cursor:  # a visible write (matching no row) through that connection
            cursor.execute("UPDATE django_site SET name = name WHERE id = -1")
        assert pagecache.generation() > before
        assert seen == ["SELECT 1"]
    finally:
        other.close()
