"""The community directory and the staff "New community" page."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from communities import permissions as perms
from communities import selectors, services
from communities.forms import CommunityCreateForm, DirectoryFilterForm
from communities.views._common import add_service_errors
from hub.pagecache import anonymous_page

DIRECTORY_PAGE_SIZE = 12


@anonymous_page
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    q, topic, sort = form.values()
    page = selectors.community_page_for_directory(
        viewer=request.user, q=q, topic=topic, sort=sort, page=request.GET.get("page"), per_page=DIRECTORY_PAGE_SIZE
    )
    communities = list(page.object_list)
    memberships = {c.pk: c.viewer_membership for c in communities if c.viewer_membership is not None}
    cards = selectors.community_cards(viewer=request.user, communities=communities, memberships=memberships)
    context = {
        "cards": cards,
        "form": form,
        "page": page,
        "topics": selectors.community_topics_for_directory(viewer=request.user),
        "q": q,
        "topic": topic,
        "sort": sort,
        "can_create": perms.can_create_community(request.user),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "communities/_directory_results.html" if partial else "communities/community_directory.html"
    response = render(request, template, context)
    cards.save()
    return response


def create(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not perms.can_create_community(request.user):
        raise PermissionDenied
    form = CommunityCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                community = services.community_create(
                    actor=request.user,
                    name=data["name"],
                    slug=data["slug"] or None,
                    tagline=data["tagline"],
                    description=data["description"],
                    visibility=data["visibility"],
                    join_policy=data["join_policy"],
                    topics=data["topics"],
                    owner=data["owner"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("The community is ready. Add partners and a charter in its settings."))
                return redirect(community)
        else:
            status = 400
    return render(request, "communities/community_create.html", {"form": form}, status=status)
