"""``{% shared_fragment fragments ident "template.html" %}``: a piece of a page rendered once
and shared by the readers who get the same HTML (``hub.pagecache.Fragments``).

Renders ``template.html`` in the current context (like ``{% include %}``) unless
``fragments`` holds the piece ``ident`` already; what it renders is kept for
``fragments.save()``.  Without ``fragments`` (None) it is a plain include.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def shared_fragment(context, fragments, ident, template_name):
    html = fragments.get(ident) if fragments else None
    if html is None:
        html = context.template.engine.get_template(template_name).render(context)
        if fragments:
            fragments.put(ident, html)
    return mark_safe(html)
