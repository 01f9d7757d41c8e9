"""The search page: one form, three result types, only what the searcher may read."""

from django.core.paginator import Paginator
from django.shortcuts import render

from hub.pagecache import anonymous_page
from search import selectors
from search.forms import SearchForm

SIDEBAR_LIMIT = 5


@anonymous_page
def search(request):
    form = SearchForm(request.GET or None, viewer=request.user)
    context = {"form": form, "type": "posts", "searched": False}
    if form.is_bound and form.is_valid():
        raw = form.cleaned_data["q"]
        kind = form.cleaned_data["type"] or "posts"
        filters = form.filters()
        context.update(type=kind, raw_query=raw, filters=filters)
        if kind == "posts" and (raw or filters.any):
            results = selectors.post_search(raw_query=raw, viewer=request.user, filters=filters)
            page = Paginator(results, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
            context.update(searched=True, page=page, count=results.count(), capped=results.capped)
            # The other result types sit beside the first page only (later pages skip their queries).
            if raw and not filters.any and page.number == 1:
                context["communities"] = _head(selectors.community_search(raw_query=raw, viewer=request.user))
                context["members"] = _head(selectors.member_search(raw_query=raw, viewer=request.user))
                context["knowledge"] = selectors.knowledge_results(raw_query=raw, viewer=request.user)
                context["events"] = selectors.event_results(raw_query=raw, viewer=request.user)
        elif kind == "communities" and raw:
            qs = selectors.community_search(raw_query=raw, viewer=request.user)
            context.update(searched=True, page=Paginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page")))
        elif kind == "members" and raw:
            qs = selectors.member_search(raw_query=raw, viewer=request.user)
            context.update(searched=True, page=Paginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("page")))
    status = 400 if form.is_bound and not form.is_valid() else 200
    template = "search/_results.html" if request.htmx else "search/search_results.html"
    return render(request, template, context, status=status)


def _head(qs):
    """The first few rows and whether there are more (one query, no count)."""
    rows = list(qs[: SIDEBAR_LIMIT + 1])
    return {"rows": rows[:SIDEBAR_LIMIT], "more": len(rows) > SIDEBAR_LIMIT}
