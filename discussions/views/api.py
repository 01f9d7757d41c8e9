"""Small endpoints for the composer: markdown preview, tag and @mention autocomplete."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

import markup
import ratelimits
from communities import permissions as cp
from discussions import selectors
from discussions.models import BODY_MAX
from discussions.services import effects
from discussions.views.common import get_community


@login_required
@require_POST
def markdown_preview(request, community):
    """Render the composer's text as it will look (htmx swaps the result in)."""
    community = get_community(request, community)
    body = request.POST.get("body", "")
    if len(body) > BODY_MAX:
        return HttpResponse(_("The message is too long to preview."), status=400)
    if "\x00" in body:
        return HttpResponse(_("The message contains a null character."), status=400)
    if not ratelimits.hit("discussions-preview", str(request.user.pk), "120/m"):
        return HttpResponse(_("Too many previews, slow down a little."), status=429)
    users = effects.mentioned_users(body, author=request.user)
    html = markup.render_markdown(effects.link_mentions(body, users))
    return render(request, "discussions/_preview.html", {"html": html, "community": community})


@require_GET
def tag_autocomplete(request, community):
    community = get_community(request, community)
    prefix = request.GET.get("q", "").replace("\x00", "").strip().lower()[:40]
    tags = selectors.tags_for_community(community=community, prefix=prefix)
    return JsonResponse({"results": [{"name": t.name, "uses": t.uses} for t in tags]})


@login_required
@require_GET
def member_autocomplete(request, community):
    """Members who can read the community, for @mentions (only for people who can post there)."""
    community = get_community(request, community)
    if not cp.can_post_in_community(request.user, community):
        return JsonResponse({"results": []}, status=403)
    prefix = request.GET.get("q", "").replace("\x00", "").strip().lstrip("@")[:40]
    members = selectors.members_for_mention(community=community, prefix=prefix, viewer=request.user)
    return JsonResponse(
        {"results": [{"username": m.username, "name": m.name, "initials": m.initials} for m in members]}
    )
