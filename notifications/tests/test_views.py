import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from communities.models import DigestFrequency, Membership
from discussions.tests.factories import make_thread
from notifications import services
from notifications.emails import unsubscribe_token, unsubscribe_url
from notifications.models import Channel, Notification, NotificationKind

pytestmark = pytest.mark.django_db


def _note(user, **kwargs):
    defaults = {"kind": NotificationKind.REPLY, "text": "Amina replied to “Floods”", "url": "/c/floods/t/4-f/#p2"}
    defaults.update(kwargs)
    return Notification.objects.create(recipient=user, **defaults)


@pytest.mark.parametrize("name", ["notifications:list", "notifications:preferences"])
def test_pages_require_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_list_groups_by_day_and_shows_only_own(client):
    amina, kofi = UserFactory(), UserFactory()
    _note(amina, text="Mine")
    _note(kofi, text="Not mine")
    client.force_login(amina)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert b"Mine" in response.content and b"Not mine" not in response.content
    assert len(response.context["groups"]) == 1


def test_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    amina = UserFactory()
    client.force_login(amina)
    for n in range(3):
        _note(amina, actor=UserFactory(), text=f"n{n}")
    with django_assert_max_num_queries(8):
        client.get(reverse("notifications:list"))
    for n in range(40):
        _note(amina, actor=UserFactory(), text=f"m{n}")
    with django_assert_max_num_queries(8):
        client.get(reverse("notifications:list"))


def test_open_marks_read_and_goes_to_the_exact_post(client):
    amina = UserFactory()
    note = _note(amina)
    client.force_login(amina)
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/c/floods/t/4-f/#p2"
    note.refresh_from_db()
    assert note.read_at is not None


def test_open_someone_elses_notification_is_404(client):
    amina, kofi = UserFactory(), UserFactory()
    note = _note(kofi)
    client.force_login(amina)
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 404


def test_open_refuses_offsite_redirects(client):
    amina = UserFactory()
    note = _note(amina, url="https://evil.example.com/")
    client.force_login(amina)
    assert client.get(reverse("notifications:open", args=[note.pk]))["Location"] == "/"


def test_read_all_needs_post_and_csrf(csrf_client):
    amina = UserFactory()
    _note(amina)
    csrf_client.force_login(amina)
    assert csrf_client.get(reverse("notifications:read-all")).status_code == 405
    assert csrf_client.post(reverse("notifications:read-all")).status_code == 403
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_read_all_marks_everything(client):
    amina = UserFactory()
    _note(amina)
    _note(amina)
    client.force_login(amina)
    response = client.post(reverse("notifications:read-all"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"2 notifications marked" in response.content
    assert services.unread_count(amina) == 0


def test_preferences_save_and_reject_bad_values(client, make_community, join):
    amina = UserFactory()
    community = make_community()
    membership = join(amina, community)
    client.force_login(amina)
    data = {f"kind_{k}": c for k, c in services.preferences_for(amina).items()}
    data[f"kind_{NotificationKind.MENTION}"] = Channel.DIGEST
    data[f"digest_{community.pk}"] = DigestFrequency.DAILY
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert services.preferences_for(amina)[NotificationKind.MENTION] == Channel.DIGEST
    membership.refresh_from_db()
    assert membership.digest_frequency == DigestFrequency.DAILY
    data[f"kind_{NotificationKind.MENTION}"] = "telepathy\x00"
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 400
    assert services.preferences_for(amina)[NotificationKind.MENTION] == Channel.DIGEST


def test_unsubscribe_works_without_login_and_only_for_that_kind(client):
    amina = UserFactory()
    url = unsubscribe_url(amina.pk, f"kind:{NotificationKind.MENTION}")
    path = url.split("8000", 1)[1]
    assert client.get(path).status_code == 200
    assert services.preferences_for(amina)[NotificationKind.MENTION] == Channel.EMAIL  # GET changes nothing
    response = client.post(path)  # RFC 8058 one-click: no CSRF token, no session
    assert response.status_code == 200 and b"no longer receive" in response.content
    prefs = services.preferences_for(amina)
    assert prefs[NotificationKind.MENTION] == Channel.IN_APP
    assert prefs[NotificationKind.REPLY] == Channel.EMAIL


def test_unsubscribe_community_digest_only_touches_that_community(client, make_community, join):
    amina = UserFactory()
    a, b = make_community(), make_community()
    join(amina, a, digest_frequency=DigestFrequency.DAILY)
    join(amina, b, digest_frequency=DigestFrequency.DAILY)
    client.post(reverse("notifications:unsubscribe", args=[unsubscribe_token(amina.pk, f"community:{a.pk}")]))
    assert Membership.objects.get(user=amina, community=a).digest_frequency == DigestFrequency.OFF
    assert Membership.objects.get(user=amina, community=b).digest_frequency == DigestFrequency.DAILY


@pytest.mark.parametrize("token", ["garbage", "x" * 2000, "a:b:c"])
def test_unsubscribe_with_forged_token_is_a_clear_400(client, token):
    response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert b"not valid" in response.content


def test_demo_notifications_point_at_real_posts_and_are_created_once(make_community, join):
    import io

    from discussions import demo_notifications as demo

    amina, kofi = UserFactory(email="member@example.org"), UserFactory()
    community = make_community()
    join(amina, community)
    for n in range(3):
        make_thread(community, kofi, title=f"Thread {n}", replies=7)
    demo.seed(stdout=io.StringIO())
    notes = list(Notification.objects.filter(recipient=amina))
    assert len(notes) == len(demo.KINDS)
    assert all(n.url.startswith(f"/c/{community.slug}/") and n.actor == kofi for n in notes)
    demo.seed(stdout=io.StringIO())
    assert Notification.objects.filter(recipient=amina).count() == len(notes)
