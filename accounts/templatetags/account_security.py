from django import template

from accounts.sessions import describe_user_agent

register = template.Library()


@register.filter
def device(user_agent):
    """``{{ session.user_agent|device }}``: kind, system and browser of a session."""
    return describe_user_agent(user_agent)
