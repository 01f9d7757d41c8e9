"""Navigation helpers of private messaging."""

from django import template

register = template.Library()


@register.simple_tag
def unread_messages_count(user):
    """Conversations with messages the person has not read yet."""
    if user is None or not user.is_authenticated:
        return 0
    from messaging.services import unread_conversation_count

    return unread_conversation_count(user.pk)


@register.simple_tag
def can_message(sender, recipient):
    from messaging.permissions import can_message_user

    return can_message_user(sender, recipient)
