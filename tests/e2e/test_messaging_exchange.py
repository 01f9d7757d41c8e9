"""Two members exchange private messages; the second sees the first's reply arrive live."""

from accounts.tests.factories import PASSWORD
from messaging.models import Conversation
from messaging.tests.factories import neighbours
from tests.e2e.conftest import assert_accessible, login


def test_exchange_private_messages_live(live_server_url, new_page):
    amina, kofi = neighbours()
    a = new_page()
    login(a, live_server_url, amina.email, PASSWORD)
    a.goto(f"{live_server_url}/messages/new/?to={kofi.username}")
    assert_accessible(a, "new message")
    a.fill("#id_subject", "Sharing the allocation model")
    a.fill("#id_body", "Hello Kofi, here is **the model** we discussed.")
    a.click("form button[type=submit]:has-text('Send')")
    a.wait_for_selector("text=the model")
    conversation = Conversation.objects.get()

    k = new_page()
    login(k, live_server_url, kofi.email, PASSWORD)
    k.goto(live_server_url + "/messages/")
    assert k.locator("#nav-messages-count").inner_text() == "1"
    assert_accessible(k, "inbox")
    k.click("text=Sharing the allocation model")
    k.wait_for_selector("text=the model")
    assert_accessible(k, "conversation")

    # Kofi replies through htmx; Amina's open page receives it over the websocket.
    k.fill("#id_body", "Thanks Amina, received.")
    k.click("#reply-form button[type=submit]")
    k.wait_for_selector("#message-list >> text=received.")
    a.wait_for_selector("#message-list >> text=Thanks Amina, received.", timeout=10_000)
    assert conversation.messages.count() == 2
    # Amina's page marked the live message read: Kofi sees the read receipt appear.
    k.wait_for_selector(".seen-by:has-text('Seen by')", timeout=10_000)
