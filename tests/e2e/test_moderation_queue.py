"""A member flags a post, a moderator resolves it from the queue, the author sees the outcome."""

import re

from accounts.tests.factories import PASSWORD, UserFactory
from communities.models import Role
from communities.tests.factories import CommunityFactory
from discussions.models import Post
from discussions.tests.factories import make_thread
from moderation.models import AuditAction, AuditEntry, Flag, FlagStatus
from moderation.tests.factories import add_member
from tests.e2e.conftest import assert_accessible, login

REASON = "Please discuss the tariff data, not the people who collected it"


def test_moderator_resolves_a_flag_from_the_queue(live_server_url, new_page):
    community = CommunityFactory(name="Urban Water Utilities", slug="utilities")
    author = add_member(community, UserFactory(display_name="Amina Diallo"))
    reporter = add_member(community, UserFactory(display_name="Jonas Berg"))
    moderator = add_member(community, UserFactory(display_name="Lucía Romero"), role=Role.MODERATOR)
    thread = make_thread(community, moderator, replies=0, title="Tariff reform in secondary cities")
    from discussions.tests.factories import PostFactory

    reply = PostFactory(
        thread=thread,
        author=author,
        body="The engineers who collected these numbers are incompetent.",
        body_html="<p>The engineers who collected these numbers are incompetent.</p>",
    )

    # 1. A member flags the post from the flag page.
    page = new_page()
    login(page, live_server_url, reporter.email, PASSWORD)
    page.goto(f"{live_server_url}/moderation/flag/post/{reply.pk}/")
    assert_accessible(page, "flag form")
    page.get_by_label("Abusive or harassment").check()
    page.get_by_label("Note to the moderators").fill("Personal attack on the survey team")
    page.get_by_role("button", name="Send to the moderators").click()
    page.wait_for_load_state("domcontentloaded")
    assert Flag.objects.filter(post=reply, reporter=reporter).exists()

    # 2. The moderator sees the count in the nav, opens the queue and hides the post with a reason.
    mod_page = new_page()
    login(mod_page, live_server_url, moderator.email, PASSWORD)
    mod_page.goto(f"{live_server_url}/moderation/guidelines/")
    nav = mod_page.locator("[data-moderation-nav]")
    assert re.search(r"Moderation\s*1", nav.inner_text())
    nav.click()
    mod_page.wait_for_load_state("domcontentloaded")
    assert_accessible(mod_page, "moderation queue")
    row = mod_page.locator(f"#q-post-{reply.pk}")
    assert "Personal attack on the survey team" in row.inner_text()
    assert "Abusive or harassment × 1" in row.inner_text()
    # Keyboard: j focuses the first item, x selects it.
    mod_page.locator("body").press("j")
    mod_page.keyboard.press("x")
    assert row.locator("input[name=items]").is_checked()
    row.get_by_label("Reason shown to the author").fill(REASON)
    row.get_by_role("button", name="Hide", exact=True).click()
    mod_page.wait_for_load_state("domcontentloaded")
    assert "Post hidden" in mod_page.locator(".messages").inner_text()
    assert mod_page.locator(f"#q-post-{reply.pk}").count() == 0

    reply.refresh_from_db()
    assert reply.is_hidden and reply.hidden_reason == REASON
    assert Flag.objects.get(post=reply).status == FlagStatus.ACTIONED
    assert AuditEntry.objects.filter(action=AuditAction.POST_HIDE, target_id=reply.pk, actor=moderator).exists()

    # 3. The author sees the outcome: under the post, and on their standing page.
    author_page = new_page()
    login(author_page, live_server_url, author.email, PASSWORD)
    author_page.goto(live_server_url + Post.objects.get(pk=reply.pk).thread.get_absolute_url())
    assert REASON in author_page.locator(f"#p{reply.number}").inner_text()
    author_page.goto(f"{live_server_url}/moderation/standing/")
    assert REASON in author_page.locator("#standing-posts").inner_text()
    assert_accessible(author_page, "standing")

    # Other readers no longer see the post.
    page.goto(live_server_url + thread.get_absolute_url())
    assert page.locator(f"#p{reply.number}").count() == 0
