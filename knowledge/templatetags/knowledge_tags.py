"""Template helpers of the knowledge base."""

from django import template

from knowledge.permissions import can_promote_thread
from markup.links import url_of

register = template.Library()
register.filter("url_of", url_of)


@register.inclusion_tag("knowledge/_promote_form.html", takes_context=True)
def promote_button(context, thread):
    """The moderator's "promote to knowledge base" control for a thread page."""

    request = context.get("request")
    user = getattr(request, "user", None)
    return {"thread": thread, "show": user is not None and can_promote_thread(user, thread), "request": request}
