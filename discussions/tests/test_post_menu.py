"""Calmer post actions: Reply, Quote and the reactions stay in sight; the secondary actions
(bookmark, reply privately, flag, edit, delete, who reacted, moderate) sit in one "More" menu."""

import pytest

from communities.models import Role
from discussions.tests.test_page_weight import long_thread

pytestmark = pytest.mark.django_db


def split_post(html, number):
    post = html.split(f'id="p{number}"', 1)[1].split("</article>", 1)[0]
    assert post.count('<details class="post-more">') == 1, post
    before, menu = post.split('<details class="post-more">', 1)
    return before, menu.split("</details>", 1)[0]


@pytest.mark.parametrize("role", [Role.MEMBER, Role.MODERATOR])
def test_secondary_actions_are_in_the_more_menu(client, community, make_member, role):
    viewer = make_member(community, role=role)
    other = make_member(community)
    thread = long_thread(community, [other, viewer], posts=3)  # reactions on some posts
    client.force_login(viewer)
    html = client.get(thread.get_absolute_url()).content.decode()
    # #2 is by `other` with reactions (2 % 3 likes): the viewer may react, reply, flag and message.
    visible, menu = split_post(html, 2)
    assert "reply_to=2#reply" in visible and "quote=2#reply" in visible and 'value="like"' in visible
    assert menu.startswith("<summary>More</summary>")
    for control in ("/bookmark/", "Reply privately", "/moderation/flag/post/", "/reactions/"):
        assert control in menu and control not in visible, control
    assert ("/moderation/post/" in menu) is (role == Role.MODERATOR)
    assert ("/edit/" in menu) is (role == Role.MODERATOR)
    # #3 is the viewer's own: edit and delete in the menu, no flag or private reply.
    visible, menu = split_post(html, 3)
    assert "/edit/" in menu and "/delete/" in menu
    assert "/moderation/flag/post/" not in menu and "Reply privately" not in menu


def test_anonymous_readers_get_no_menu_but_keep_who_reacted(client, community, make_member):
    thread = long_thread(community, [make_member(community)], posts=3)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "post-more" not in html
    post = html.split('id="p2"', 1)[1].split("</article>", 1)[0]
    assert "/reactions/" in post  # 2 % 3 likes on #2
