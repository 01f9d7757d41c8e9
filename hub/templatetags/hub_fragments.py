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


# --- {% memo %} ---------------------------------------------------------------------------------

MEMO_SIZE = 4096  # entries per process; past it the memo starts over
_memo: dict = {}


class MemoNode(template.Node):
    """``{% memo "name" value ... %}...{% endmemo %}``: the enclosed HTML rendered once per
    process for each language and set of ``value``s, then reused.

    For the parts of every page that are a function of the language and the given values
    only (the navigation, the footer, the user menu by the member's handle), which cost a few
    milliseconds of translations and ``{% url %}`` per request otherwise.  The values must
    name everything per request the part shows; the CSRF token is kept as a placeholder and
    filled in per request, and a part that shows the request's CSP nonce is never kept.
    Nothing to invalidate: a deploy restarts the processes.  ``only_if=<value>`` keeps the
    part only while the value is true (an unbound form, say); otherwise it is rendered.
    """

    def __init__(self, name, values, nodelist, only_if=None):
        self.name, self.values, self.nodelist, self.only_if = name, values, nodelist, only_if

    def render(self, context):
        from django.utils import translation

        from hub.pagecache import CSRF_MARK

        if self.only_if is not None and not self.only_if.resolve(context):
            return self.nodelist.render(context)
        key = (self.name.resolve(context), translation.get_language(), *(v.resolve(context) for v in self.values))
        token = str(context.get("csrf_token") or "")
        html = _memo.get(key)
        if html is not None:
            return html.replace(CSRF_MARK, token) if token else html
        html = self.nodelist.render(context)
        request = context.get("request")
        nonce = str(getattr(request, "_csp_nonce", None) or "") if request is not None else ""
        if not (nonce and nonce in html):
            if len(_memo) >= MEMO_SIZE:
                _memo.clear()
            _memo[key] = html.replace(token, CSRF_MARK) if token else html
        return html


@register.tag
def memo(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError('memo needs a name: {% memo "name" value ... %}')
    only_if = None
    if bits[-1].startswith("only_if="):
        only_if = parser.compile_filter(bits.pop()[len("only_if=") :])
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]], nodelist, only_if)
