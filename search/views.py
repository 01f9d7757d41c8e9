"""The search page: one form, three result types, only what the searcher may read.

The rendered form and results block are kept per viewer (``hub.pagecache.Fragments``) for
the lifetime of the ranked ids (``selectors.RESULT_CACHE_SECONDS``), stamped with the same
generations: every visible write anywhere (a new post, a hidden one, a membership or
visibility change) makes them stale, so a repeated search costs no search query at all.
"""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from hub import pagecache
from hub.pagecache import anonymous_page
from search import selectors
from search.forms import SearchForm

SIDEBAR_LIMIT = 5
RESULTS, FORM = "results", "form"


@anonymous_page
def search(request):
    blocks = _blocks(request)
    results_html, form_html = blocks.get(RESULTS), blocks.get(FORM)
    if results_html is not None and (request.htmx or form_html is not None):
        return _page(request, results_html, form_html, raw_query=_raw_query(request))
    context = _search(request)
    status = 400 if context["form"].is_bound and not context["form"].is_valid() else 200
    results_html = render_to_string("search/_results.html", context, request)
    form_html = None if request.htmx else render_to_string("search/_form.html", context, request)
    if status == 200:
        blocks.put(RESULTS, results_html)
        if form_html is not None:
            blocks.put(FORM, form_html)
        blocks.save()
    return _page(request, results_html, form_html, raw_query=context.get("raw_query"), status=status)


def _search(request) -> dict:
    """Validate the form and run the searches it asks for: the context of the two blocks."""
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
    return context


def _blocks(request) -> pagecache.Fragments:
    """The stored form and results block of this search for this viewer, if still fresh.

    Both are a function of the viewer (the posts, hidden/pending badges and the community
    filter's options depend on their access), the URL's path and query string (the query,
    filters, page, type; the links keep every parameter), the language and time zone
    (``Fragments`` adds those) and the generations (``Fragments`` stamps them).  Only a valid
    search is stored, so a stored one needs no validation: what validation reads (the
    viewer's communities, the author's handle) moves the generations too.
    """
    viewer = request.user
    who = f"u{viewer.pk}" if viewer.is_authenticated else "anon"
    variant = (who, request.path, request.GET.urlencode())
    blocks = pagecache.Fragments("search")
    blocks.TTL = selectors.RESULT_CACHE_SECONDS
    blocks.want(RESULTS, variant=variant)
    if not request.htmx:
        blocks.want(FORM, variant=variant)
    return blocks.fetch()


def _raw_query(request) -> str:
    """The query as the form cleans it (a stored block was rendered from a valid form)."""
    return SearchForm.base_fields["q"].clean(request.GET.get("q"))


def _page(request, results_html, form_html, *, raw_query, status=200):
    """The results block alone (htmx) or the page around the two blocks (both rendered by
    our templates, just now or when stored)."""
    results_html = mark_safe(results_html)  # noqa: S308
    if request.htmx:
        return HttpResponse(results_html, status=status)
    context = {"results_html": results_html, "form_html": mark_safe(form_html), "raw_query": raw_query}  # noqa: S308
    return render(request, "search/search_results.html", context, status=status)


def _head(qs):
    """The first few rows and whether there are more (one query, no count)."""
    rows = list(qs[: SIDEBAR_LIMIT + 1])
    return {"rows": rows[:SIDEBAR_LIMIT], "more": len(rows) > SIDEBAR_LIMIT}
