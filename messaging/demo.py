"""Demo private conversations for the demo logins (idempotent)."""

import datetime as dt

from django.utils import timezone

from accounts.models import User
from markup import render_markdown
from messaging.models import Conversation, Message, Participant

CONVERSATIONS = [
    ("Groundwater monitoring data sheets", ["member", "demo001"], [
        ("demo001", "Hello! I saw your question about village piezometers. We use a one-page data sheet per "
                    "well, filled weekly. Happy to share the template."),
        ("member", "That would be great, thank you. Do farmers fill them, or your field staff?"),
        ("demo001", "Farmers, after a half-day training. Field staff check one well in ten each month."),
    ]),
    ("Preparing the drought workshop", ["moderator", "member", "demo002"], [
        ("moderator", "Could you both present a 10-minute case at next month's drought workshop?"),
        ("demo002", "Yes, I can present the reservoir trigger system we used in 2019."),
    ]),
    ("Welcome to the hub", ["staff", "member"], [
        ("staff", "Welcome! If you have a case study from your basin, the knowledge base has a guided form."),
    ]),
]  # fmt: skip


def seed(*, stdout):
    now = timezone.now()
    by_name = {
        u.username: u for u in User.objects.filter(username__in={n for _s, people, _m in CONVERSATIONS for n in people})
    }
    created = 0
    for index, (subject, people, lines) in enumerate(CONVERSATIONS):
        users = [by_name.get(n) for n in people]
        if None in users or Conversation.objects.filter(subject=subject).exists():
            continue
        start = now - dt.timedelta(days=3 * (len(CONVERSATIONS) - index), hours=2)
        conversation = Conversation.objects.create(subject=subject, created_by=users[0], created_at=start)
        for user in users:
            Participant.objects.create(conversation=conversation, user=user, joined_at=start)
        when = start
        for author, body in lines:
            when += dt.timedelta(minutes=37)
            Message.objects.create(
                conversation=conversation, author=by_name[author], body=body, body_html=render_markdown(body),
                created_at=when,
            )  # fmt: skip
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=when, message_count=len(lines))
        # Everyone but the demo "member" has read everything, so the member sees unread conversations.
        Participant.objects.filter(conversation=conversation).exclude(user__username="member").update(last_read_at=when)
        created += 1
    stdout.write(f"messaging: {created} new conversations")
