"""A community's home: the Discussions, Members and About tabs."""

from django.core.paginator import Paginator
from django.shortcuts import render

from communities import permissions as perms
from communities import selectors
from communities.forms import MemberFilterForm
from communities.views._common import community_context, get_community_or_404, refuse
from hub.pagecache import anonymous_page, community_page_scope

MEMBERS_PAGE_SIZE = 30


@anonymous_page(scope=community_page_scope("slug"))
def detail(request, slug):
    """The Discussions tab (the thread list comes from the discussions app's fragment)."""
    community = get_community_or_404(request, slug)
    context = community_context(request, community, "discussions")
    return render(request, "communities/community_detail.html", context)


@anonymous_page(scope=community_page_scope("slug"))
def members(request, slug):
    community = get_community_or_404(request, slug)
    if not perms.can_list_members(request.user, community):
        return refuse(request, community)
    form = MemberFilterForm(request.GET or None)
    q, role = form.values()
    qs = selectors.membership_list_for_community(community=community, viewer=request.user, role=role, q=q)
    page = Paginator(qs, MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    for membership in page.object_list:
        membership.can_act = perms.can_act_on_membership(request.user, community, membership)
    context = community_context(request, community, "members")
    context.update({"form": form, "page": page, "q": q, "role": role})
    return render(request, "communities/community_members.html", context)


@anonymous_page(scope=community_page_scope("slug"))
def about(request, slug):
    """Description, charter, team, convening partners and how to join (existence is public)."""
    community = get_community_or_404(request, slug)
    context = community_context(request, community, "about")
    context["team"] = selectors.community_team(community=community)
    context["partners"] = list(community.partners.all())
    return render(request, "communities/community_about.html", context)
