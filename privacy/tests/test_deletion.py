import contextlib
import os
import pickle
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from communities.models import Membership, Role
from communities.tests.factories import add_member
from discussions.models import Post, Thread
from messaging.models import Message, MessageAttachment
from privacy.models import AccountDeletion, DataExport
from privacy.services import deletion
from privacy.services import export as export_services

# Tables allowed to keep a former member's name: the append-only moderation audit log (the
# record of actions taken in communities, kept under the hub's legitimate interest).
ALLOWED_TABLES = {"moderation_auditentry"}


def _needles(user):
    return [user.username.lower(), user.email.lower()]


def database_hits(needles) -> list[str]:
    """Every table and column, whatever the backend: (table, value) rows naming the person."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in ALLOWED_TABLES:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                text = " ".join(str(v) for v in row if v is not None).lower()
                hits += [f"{table}: {text[:200]}" for n in needles if n in text]
    return hits


def pg_dump_hits(needles) -> list[str]:
    db = connection.settings_dict
    env = dict(os.environ, PGPASSWORD=str(db.get("PASSWORD") or ""))
    command = ["pg_dump", "--data-only", "--no-owner", "-h", str(db.get("HOST") or "127.0.0.1")]
    command += ["-p", str(db.get("PORT") or 5432), "-U", str(db.get("USER") or "postgres"), db["NAME"]]
    dump = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    hits, table = [], None
    for line in dump.splitlines():
        if line.startswith("COPY "):
            table = line.split()[1].split(".")[-1].strip('"')
            continue
        if table in ALLOWED_TABLES:
            continue
        lower = line.lower()
        hits += [f"{table}: {line[:200]}" for n in needles if n in lower]
    return hits


def media_hits(needles) -> list[str]:
    hits = []
    for root, _dirs, files in os.walk(settings.MEDIA_ROOT):
        for name in files:
            path = os.path.join(root, name)
            relative = os.path.relpath(path, settings.MEDIA_ROOT).lower()
            with open(path, "rb") as fh:
                content = fh.read().lower()
            hits += [relative for n in needles if n in relative or n.encode() in content]
    return hits


def cache_hits(needles) -> list[str]:
    store = getattr(cache, "_cache", None)
    if not isinstance(store, dict):  # the tests run on the local-memory cache
        pytest.skip("cache backend cannot be listed")
    hits = []
    for key, value in list(store.items()):
        raw = value if isinstance(value, bytes) else pickle.dumps(value)
        with contextlib.suppress(Exception):  # a value that is not a pickle is searched raw
            raw = repr(pickle.loads(raw)).encode() + raw
        hits += [key for n in needles if n.encode() in raw.lower() or n in key.lower()]
    return hits


def _fill_caches(client, world):
    """Anonymous page views put the person's name into the page and fragment caches."""
    client.logout()
    assert client.get(world.thread.get_absolute_url()).status_code == 200
    assert client.get(reverse("accounts:profile", kwargs={"username": world.alice.username})).status_code == 200
    assert cache_hits(_needles(world.alice)), "precondition: the cached pages name the person"


def _delete(client, posts="anonymise", **extra):
    data = {"password": PASSWORD, "posts": posts, "confirm": "on"} | extra
    return client.post(reverse("privacy:delete"), data)


@pytest.fixture
def sockets(monkeypatch):
    from realtime import push

    closed = []
    monkeypatch.setattr(push, "close_user_sockets", lambda user_id, **kw: closed.append(user_id))
    return closed


@pytest.mark.django_db(transaction=True)
def test_delete_account_leaves_no_trace_in_database_media_or_cache(client, world, sockets):
    alice = world.alice
    user_id, needles = alice.pk, _needles(alice)
    avatar = alice.avatar.name
    attachment = MessageAttachment.objects.get(message__author=alice).file.name
    export = export_services.export_request(user=alice)
    export.refresh_from_db()
    assert export.file and default_storage.exists(export.file.name)
    exported = export.file.name
    assert default_storage.exists(avatar) and default_storage.exists(attachment)
    _fill_caches(client, world)
    client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    from django.test import Client

    second = Client()
    second.force_login(alice)
    assert Session.objects.count() >= 1

    response = _delete(second)
    assert response.status_code == 302 and urlsplit(response.url).path == reverse("privacy:deleted")

    User = get_user_model()
    assert not User.objects.filter(pk=user_id).exists()
    # Sessions and websockets end.
    for session in Session.objects.all():
        assert str(session.get_decoded().get("_auth_user_id")) != str(user_id)
    assert user_id in sockets
    assert client.get(reverse("privacy:data")).status_code == 302  # the first browser is signed out too
    # Files are gone.
    for name in (avatar, attachment, exported):
        assert not default_storage.exists(name), name
    assert not DataExport.objects.filter(user_id=user_id).exists()
    # Posts stay, by a former member; messages too, without their attachments.
    kept = Post.objects.filter(thread=world.thread, author__isnull=True)
    assert {p.body for p in kept} == {"Alice opening text MARKER-ALICE-OPEN", "Alice second post MARKER-ALICE-REPLY"}
    assert Message.objects.filter(body="Alice replies MARKER-DM-OUT", author__isnull=True).exists()
    assert not MessageAttachment.objects.filter(message__author__isnull=True).exists()
    # Bob's mention of her now names nobody.
    world.reply.refresh_from_db()
    assert "@former-member" in world.reply.body
    # The audit entry holds the former id, not the name.
    record = AccountDeletion.objects.get(former_user_id=user_id)
    assert not record.by_staff and record.posts == "anonymise"
    # No trace: every table and column, the media folder, the cache.
    assert database_hits(needles) == []
    if connection.vendor == "postgresql" and shutil.which("pg_dump"):
        assert pg_dump_hits(needles) == []
    assert media_hits(needles) == []
    assert cache_hits(needles) == []
    # The page shows a former member.
    page = client.get(world.thread.get_absolute_url()).content.decode()
    assert "A former member" in page and "Zephyrine" not in page
    # The address and the handle are free.
    again = UserFactory(username="zephyrine", email="zephyrine.quist@example.net")
    assert again.pk != user_id


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_delete_account_pg_dump_has_no_trace(client, world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    needles = _needles(world.alice)
    assert pg_dump_hits(needles), "precondition: the dump names the person before deletion"
    client.force_login(world.alice)
    assert _delete(client, posts="remove").status_code == 302
    assert pg_dump_hits(needles) == []


@pytest.mark.django_db
def test_delete_account_remove_posts_erases_their_text(client, world, django_capture_on_commit_callbacks):
    alice = world.alice
    solo = Thread.objects.create(community=world.public, author=alice, title="Solo thread", slug="solo", post_count=1)
    Post.objects.create(thread=solo, number=1, author=alice, body="SOLO-TEXT", body_html="<p>SOLO-TEXT</p>")
    client.force_login(alice)
    world.public.refresh_from_db()
    members_before = world.public.member_count
    with django_capture_on_commit_callbacks(execute=True):
        assert _delete(client, posts="remove").status_code == 302
    world.public.refresh_from_db()
    assert world.public.member_count == max(members_before - 1, 0)
    assert not Thread.objects.filter(pk=solo.pk).exists()
    assert not Post.objects.filter(body__contains="MARKER-ALICE").exists()
    assert not Message.objects.filter(body__contains="MARKER-DM-OUT").exists()
    world.thread.refresh_from_db()
    assert world.thread.author is None and "Aquifer" not in world.thread.title
    assert world.thread.reply_count == 1  # Bob's reply only
    bob_reply = Post.objects.get(pk=world.reply.pk)
    assert bob_reply.author == world.bob and not bob_reply.is_deleted
    opening = Post.objects.get(thread=world.thread, number=1)
    assert opening.is_deleted and opening.body == "" and opening.author is None
    from knowledge.models import CaseStudy

    assert not CaseStudy.objects.filter(pk=world.case.pk).exists()
    assert AccountDeletion.objects.get().posts == "remove"


@pytest.mark.django_db
def test_delete_account_sole_owner_must_hand_over_first(client, world):
    owner = world.owner
    client.force_login(owner)
    page = client.get(reverse("privacy:delete"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "only owner" in html
    assert reverse("communities:members", kwargs={"slug": world.private.slug}) in html
    assert _delete(client).status_code == 409
    assert get_user_model().objects.filter(pk=owner.pk).exists()
    # With a second owner, the first may go.
    Membership.objects.filter(community__in=[world.public, world.private], user=world.bob).delete()
    add_member(world.bob, world.public, role=Role.OWNER)
    add_member(world.bob, world.private, role=Role.OWNER)
    assert _delete(client).status_code == 302
    assert not get_user_model().objects.filter(pk=owner.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"password": "wrong"}, "password"),
        ({"posts": ""}, "posts"),
        ({"posts": "everything"}, "posts"),
        ({"confirm": ""}, "confirm"),
    ],
)
def test_delete_account_bad_input_is_a_400_and_keeps_the_account(client, user, data, field):
    client.force_login(user)
    response = _delete(client, **data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert get_user_model().objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_delete_account_without_password_confirms_with_the_email(client, user):
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    data = {"posts": "anonymise", "confirm": "on"}
    assert client.post(reverse("privacy:delete"), data | {"email": "someone@else.org"}).status_code == 400
    assert client.post(reverse("privacy:delete"), data | {"email": user.email.upper()}).status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_delete_account_asks_for_the_second_factor_when_set(client, user, monkeypatch):
    monkeypatch.setattr(deletion, "has_second_factor", lambda u: True)
    monkeypatch.setattr(deletion, "check_second_factor", lambda u, code: code == "123456")
    client.force_login(user)
    assert "code" in client.get(reverse("privacy:delete")).context["form"].fields
    response = _delete(client, code="000000")
    assert response.status_code == 400 and "code" in response.context["form"].errors
    assert _delete(client).status_code == 400  # missing code
    assert _delete(client, code="123456").status_code == 302


@pytest.mark.django_db
def test_delete_account_second_factor_check_works_with_or_without_allauth_mfa(user):
    from django.apps import apps

    if not apps.is_installed("allauth.mfa"):
        assert deletion.has_second_factor(user) is False
        assert deletion.check_second_factor(user, "") is True
        return
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    assert deletion.has_second_factor(user) is False
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    assert deletion.has_second_factor(user) is True
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert deletion.check_second_factor(user, wrong) is False
    assert deletion.check_second_factor(user, "") is False
    assert deletion.check_second_factor(user, code) is True
    recovery = RecoveryCodes.activate(user).get_unused_codes()[0]
    assert deletion.check_second_factor(user, recovery) is True
    assert deletion.check_second_factor(user, recovery) is False  # used once


@pytest.mark.django_db
def test_delete_account_too_many_attempts_are_refused(client, user):
    client.force_login(user)
    for _ in range(10):
        _delete(client, password="wrong")
    response = _delete(client)
    assert response.status_code == 400
    assert "Too many attempts" in response.content.decode()


@pytest.mark.django_db
def test_staff_delete_on_request_records_an_audit_entry(client, world, django_capture_on_commit_callbacks):
    staff = UserFactory(is_staff=True, is_superuser=True, username="helpdesk")
    client.force_login(staff)
    url = reverse("privacy:staff-delete", kwargs={"user_id": world.alice.pk})
    assert client.post(url, {"posts": "anonymise", "confirm": "on", "reason": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"posts": "anonymise", "confirm": "on", "reason": "Email of 3 Dec, ticket 881"})
    assert response.status_code == 302
    record = AccountDeletion.objects.get(former_user_id=world.alice.pk)
    assert record.by_staff and record.actor == staff and record.reason == "Email of 3 Dec, ticket 881"
    assert "helpdesk" in record.actor_name
    assert not get_user_model().objects.filter(pk=world.alice.pk).exists()
    # The audit log is listed for staff.
    assert client.get(reverse("admin:privacy_accountdeletion_changelist")).status_code == 200


@pytest.mark.django_db
def test_staff_delete_refuses_a_sole_owner_with_links(client, world):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = reverse("privacy:staff-delete", kwargs={"user_id": world.owner.pk})
    page = client.get(url).content.decode()
    assert reverse("communities:members", kwargs={"slug": world.public.slug}) in page
    assert client.post(url, {"posts": "anonymise", "confirm": "on", "reason": "ticket"}).status_code == 409


@pytest.mark.django_db
def test_admin_action_opens_the_staff_page(client, world):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    changelist = reverse(f"admin:{world.alice._meta.app_label}_{world.alice._meta.model_name}_changelist")
    response = client.post(
        changelist, {"action": "erase_account_on_request", "_selected_action": [world.alice.pk], "index": 0}
    )
    assert response.status_code == 302
    assert response.url == reverse("privacy:staff-delete", kwargs={"user_id": world.alice.pk})
