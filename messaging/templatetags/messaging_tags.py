"""Navigation helpers of private messaging."""

from django import template

from messaging.permissions import can_message_user

register = template.Library()


@register.simple_tag
def can_message(sender, recipient):

    return can_message_user(sender, recipient)
