from django import template
from django.utils.translation import gettext_lazy as _

from discussions.models import ReactionKind

register = template.Library()

REACTION_EMOJI = {ReactionKind.LIKE: "👍", ReactionKind.INSIGHTFUL: "💡", ReactionKind.THANKS: "🙏"}


@register.filter
def reaction_items(post):
    """(kind, label, emoji, count, mine) for each reaction kind of ``post``."""
    counts = post.reaction_counts or {}
    mine = getattr(post, "my_reactions", set())
    return [
        (kind, label, REACTION_EMOJI[kind], int(counts.get(kind, 0) or 0), kind in mine)
        for kind, label in ReactionKind.choices
    ]


@register.filter
def filesize(value):
    value = int(value or 0)
    if value < 1024:
        return _("%(n)d bytes") % {"n": value}
    if value < 1024 * 1024:
        return f"{value / 1024:.0f} KB"
    return f"{value / 1024 / 1024:.1f} MB"
