"""Template tags other apps' templates use to show design-programme content."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from training import permissions as perms
from training.selectors import programme_for_community, sessions_upcoming_for

register = template.Library()


@register.simple_tag(takes_context=True)
def upcoming_training_sessions(context, limit=5):
    request = context.get("request")
    user = getattr(request, "user", None)
    return list(sessions_upcoming_for(user, limit=limit))


@register.simple_tag(takes_context=True)
def community_programme_links(context, community):
    """Links from a launched community to its activity plan and value stories (and the programme for its team)."""
    if community is None or community.pk is None:
        return []
    programme = programme_for_community(community=community)
    request = context.get("request")
    user = getattr(request, "user", None)
    if programme is None or not perms.can_view_launched_plan(user, programme):
        return []
    links = [
        (_("Activity plan"), reverse("training:community-plan", kwargs={"slug": community.slug})),
        (_("Value-creation stories"), reverse("training:value-stories", kwargs={"slug": community.slug})),
    ]
    if perms.can_view_programme(user, programme):
        links.append((_("Design programme"), programme.get_absolute_url()))
    return links
