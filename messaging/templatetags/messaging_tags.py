"""Navigation helpers of private messaging."""

from django import template

register = template.Library()


@register.simple_tag
def can_message(sender, recipient):
    from messaging.permissions import can_message_user

    return can_message_user(sender, recipient)
