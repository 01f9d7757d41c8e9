"""A community's thread list tells its reader about new threads and replies without moving."""

from tests.e2e.conftest import assert_accessible, login


def test_new_threads_and_replies_bar(live_server_url, new_page):
    from accounts.tests.factories import PASSWORD
    from discussions.tests.realtime_helpers import make_community, make_member, make_thread

    community = make_community("public")
    writer_user = make_member(community, display_name="Amina Diallo")
    thread = make_thread(community, author=writer_user)
    base = live_server_url

    reader = new_page()
    reader.goto(f"{base}/c/{community.slug}/t/")  # anonymous reader of a public community
    reader.wait_for_function("() => window.hubRealtime && window.hubRealtime.socket.socket")
    reader.wait_for_function("() => window.hubRealtime.socket.socket.readyState === 1")
    top = reader.evaluate("() => document.querySelector('main').getBoundingClientRect().top")

    writer = new_page()
    login(writer, base, writer_user.email, PASSWORD)
    writer.goto(f"{base}/c/{community.slug}/t/new/")
    writer.fill("#id_title", "Desalination brine disposal options")
    writer.fill("#id_body", "What are coastal utilities doing with brine?")
    writer.click("form.composer-form button[type=submit]")
    writer.wait_for_url("**/t/*-desalination-brine-disposal-options/")
    writer.goto(base + thread.get_absolute_url())
    writer.fill("#reply textarea[name=body]", "We blend it with treated wastewater before discharge.")
    writer.click("#reply button[type=submit]")
    writer.wait_for_load_state("domcontentloaded")

    bar = reader.locator("#rt-new-bar")
    bar.wait_for(state="visible", timeout=2_000)
    reader.wait_for_selector("#rt-new-label:has-text('1 new reply')", timeout=2_000)
    assert "1 new thread" in reader.locator("#rt-new-label").inner_text()
    # The bar floats: nothing on the page moved.
    assert reader.evaluate("() => document.querySelector('main').getBoundingClientRect().top") == top
    assert_accessible(reader, "thread list with the new-activity bar")
    reader.click("#rt-new-show")
    reader.wait_for_selector("text=Desalination brine disposal options")
