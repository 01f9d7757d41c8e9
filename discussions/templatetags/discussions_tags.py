from django import template
from django.urls import reverse
from django.utils.translation import get_language

from discussions import fragments as post_fragments
from discussions.models import ReactionKind

register = template.Library()

REACTION_EMOJI = {ReactionKind.LIKE: "👍", ReactionKind.INSIGHTFUL: "💡", ReactionKind.THANKS: "🙏"}
_REACTION_LABELS = {}


def _reaction_labels():
    """(kind, label, emoji) per reaction kind, translated once per language (not once per post)."""
    language = get_language()
    labels = _REACTION_LABELS.get(language)
    if labels is None:
        labels = [(kind, str(label), REACTION_EMOJI[kind]) for kind, label in ReactionKind.choices]
        _REACTION_LABELS[language] = labels
    return labels


@register.filter
def reaction_items(post):
    """(kind, label, emoji, count, mine) for each reaction kind of ``post``."""
    counts = post.reaction_counts or {}
    mine = getattr(post, "my_reactions", set())
    return [
        (kind, label, emoji, int(counts.get(kind, 0) or 0), kind in mine) for kind, label, emoji in _reaction_labels()
    ]


@register.filter
def post_url(post, number=None):
    """The post's permalink (``.../p/<number>/``; another post of its thread with ``number``):
    one reverse() per thread object, not per post.  Every post URL (edit, delete, react,
    history...) is this plus a suffix.
    """
    thread = post.thread
    prefix = thread.__dict__.get("_post_url_prefix")
    if prefix is None:
        url = reverse(
            "discussions:post-permalink",
            kwargs={"community": thread.community.slug, "thread_id": thread.pk, "number": 1},
        )
        prefix = url[: -len("1/")]
        thread.__dict__["_post_url_prefix"] = prefix
    return f"{prefix}{post.number if number is None else int(number)}/"


@register.filter
def thread_url(thread, community):
    """``thread.get_absolute_url()`` with one reverse() per community object, not per thread
    (lists of threads).  Slugs are ASCII slugify() output, so nothing needs quoting."""
    prefix = community.__dict__.get("_thread_url_prefix")
    if prefix is None:
        url = reverse("discussions:thread-detail", kwargs={"community": community.slug, "thread_id": 1, "slug": "t"})
        prefix = url[: -len("1-t/")]
        community.__dict__["_thread_url_prefix"] = prefix
    return f"{prefix}{thread.pk}-{thread.slug or 't'}/"


@register.simple_tag(takes_context=True)
def post_fragment(context, post):
    """One post of the thread page: from ``post_fragments`` (discussions.fragments) when the
    view set it up, else rendered here from ``_post.html`` like an include."""

    fragments = context.get("post_fragments")
    if fragments is not None:
        return fragments.render(context, post)
    return post_fragments.render_in_context(context, post)
