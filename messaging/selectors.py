"""Read queries for the inbox and conversation pages."""

from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.http import Http404

from messaging import permissions as mp
from messaging.models import Block, Conversation, Message, MessageReport, Participant

MESSAGES_SHOWN = 200


def conversation_list(*, user):
    """The person's conversations, newest activity first, with unread flag and last message."""
    last = Message.objects.filter(conversation=OuterRef("conversation")).order_by("-created_at", "-pk")
    return (
        Participant.objects.filter(user=user, left_at__isnull=True, conversation__message_count__gt=0)
        .select_related("conversation")
        .annotate(
            last_body=Subquery(last.values("body")[:1]),
            last_author_id=Subquery(last.values("author_id")[:1]),
        )
        .annotate(is_unread=Q(last_read_at__isnull=True) | Q(last_read_at__lt=F("conversation__last_message_at")))
        .prefetch_related(
            Prefetch(
                "conversation__participants",
                queryset=Participant.objects.filter(left_at__isnull=True).select_related("user"),
                to_attr="active_participants",
            )
        )
        .order_by("-conversation__last_message_at", "-pk")
    )


def conversation_get(*, pk, user):
    conversation = Conversation.objects.select_related("source_post__thread__community").filter(pk=pk).first()
    if conversation is None or not mp.can_view_conversation(user, conversation):
        raise Http404
    participants = list(
        Participant.objects.filter(conversation=conversation).select_related("user").order_by("joined_at", "pk")
    )
    messages = list(
        reversed(
            Message.objects.filter(conversation=conversation)
            .select_related("author")
            .prefetch_related("attachments")
            .order_by("-created_at", "-pk")[:MESSAGES_SHOWN]
        )
    )
    active = [p for p in participants if p.left_at is None]
    # Read receipts: who among the others has read up to each message.
    for message in messages:
        message.seen_by = [
            p.user
            for p in active
            if p.user_id != message.author_id and p.last_read_at is not None and p.last_read_at >= message.created_at
        ]
    return conversation, participants, messages


def blocks_of(*, user):
    return Block.objects.filter(blocker=user).select_related("blocked").order_by("-created_at")


def report_list(*, resolved=False):
    """Reported messages only (staff never browse conversations)."""
    return (
        MessageReport.objects.filter(resolved_at__isnull=not resolved)
        .select_related("message__author", "reporter", "resolved_by")
        .order_by("-created_at")
    )
