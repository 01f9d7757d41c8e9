"""``{{ post.body_html|plain_text:300 }}``: rendered markdown as plain text (see ``markup.plain``)."""

from django import template

from markup import plain_text as _plain_text

register = template.Library()


@register.filter(is_safe=False)
def plain_text(html, limit=None):
    """The text of rendered HTML, cut to ``limit`` characters; escaped by the template as usual."""
    try:
        limit = int(limit) if limit is not None else None
    except (TypeError, ValueError):
        limit = None
    return _plain_text(html, limit)
