from django.shortcuts import get_object_or_404, render

from communities.models import Community


def directory(request):
    return render(request, "communities/community_directory.html", {"communities": Community.objects.listed()})


def detail(request, slug):
    community = get_object_or_404(Community, slug=slug)
    return render(request, "communities/community_detail.html", {"community": community})
