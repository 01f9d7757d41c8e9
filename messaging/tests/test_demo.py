import io

import pytest

from accounts.tests.factories import UserFactory
from messaging import demo
from messaging.models import Conversation, Message
from messaging.services import unread_conversation_count

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent():
    for name in ["member", "moderator", "staff", "demo001", "demo002"]:
        UserFactory(username=name)
    demo.seed(stdout=io.StringIO())
    counts = Conversation.objects.count(), Message.objects.count()
    demo.seed(stdout=io.StringIO())
    assert counts == (Conversation.objects.count(), Message.objects.count()) == (3, 6)
    from accounts.models import User

    assert unread_conversation_count(User.objects.get(username="member").pk) == 3
