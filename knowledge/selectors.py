"""Read queries for the knowledge base (lists with facets, details, site search)."""

from collections import Counter

from django.db.models import Prefetch, Q
from django_countries import countries as all_countries

from discussions.permissions import posts_visible_to, threads_visible_to
from knowledge import permissions as kp
from knowledge.models import CaseStatus, CaseStudy, Category, ReferenceStatus, Region, Tool

PARAM_MAX = 200


def clean_param(value) -> str:
    """A query-string value safe to put in a query: no NUL, bounded length."""
    return (value or "").replace("\x00", "").strip()[:PARAM_MAX]


def clean_year(value) -> int | None:
    value = clean_param(value)
    return int(value) if value.isdigit() and 1800 <= int(value) <= 2200 else None


def _text_query(query, fields):
    q = Q()
    for word in query.split()[:8]:
        part = Q()
        for field in fields:
            part |= Q(**{f"{field}__icontains": word})
        q &= part
    return q


# --- Tools -------------------------------------------------------------------------------


def tool_list(*, query="", category=""):
    qs = Tool.objects.all()
    if category in Category.values:
        qs = qs.filter(category=category)
    if query:
        qs = qs.filter(_text_query(query, ("title", "summary", "body")))
    return qs.only("slug", "title", "summary", "category")


def tool_get(*, slug, viewer):
    tool = Tool.objects.prefetch_related(
        Prefetch("related_tools", queryset=Tool.objects.only("slug", "title", "category")),
        Prefetch("references", queryset=kp.references_visible_to(viewer).filter(status=ReferenceStatus.PUBLISHED)),
        Prefetch(
            "case_studies",
            queryset=CaseStudy.objects.filter(status=CaseStatus.PUBLISHED).only("pk", "title", "countries"),
        ),
    ).get(slug=slug)
    return tool


# --- References -----------------------------------------------------------------------


def reference_list(*, viewer, query="", tag="", year=None, tool=""):
    qs = kp.references_visible_to(viewer).prefetch_related("tags")
    if query:
        qs = qs.filter(_text_query(query, ("title", "authors", "publisher", "summary")))
    if tag:
        qs = qs.filter(tags__name__iexact=tag)
    if year:
        qs = qs.filter(year=year)
    if tool:
        qs = qs.filter(related_tools__slug=tool)
    return qs.distinct()


def reference_facets(*, viewer):
    qs = kp.references_visible_to(viewer)
    years = sorted({y for y in qs.values_list("year", flat=True) if y}, reverse=True)
    tags = Counter(qs.values_list("tags__name", flat=True))
    tags.pop(None, None)
    return {"years": years, "tags": sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:30]}


# --- Case studies -----------------------------------------------------------------------


def country_code(value) -> str:
    value = clean_param(value).upper()
    return value if value in dict(all_countries) else ""


def case_study_list(*, viewer, query="", country="", basin="", region="", tag="", year=None, tool="", status=""):
    """Published case studies by default; ``status`` lets staff/authors list others they may see."""
    qs = kp.case_studies_visible_to(viewer).select_related("author").prefetch_related("tags")
    qs = qs.filter(status=status) if status in CaseStatus.values else qs.filter(status=CaseStatus.PUBLISHED)
    if query:
        qs = qs.filter(
            _text_query(query, ("title", "summary", "river_basins", "context", "actions", "outcomes", "lessons"))
        )
    if country:
        qs = qs.filter(countries__regex=rf"(^|,){country}(,|$)")
    if basin:
        qs = qs.filter(river_basins__icontains=basin)
    if region in Region.values:
        qs = qs.filter(region=region)
    if tag:
        qs = qs.filter(tags__name__iexact=tag)
    if year:
        qs = qs.filter(
            Q(period_start__lte=year, period_end__gte=year)
            | Q(period_start=year, period_end__isnull=True)
            | Q(period_start__isnull=True, period_end=year)
        )
    if tool:
        qs = qs.filter(tools__slug=tool)
    return qs.distinct()


def case_study_facets(*, viewer):
    """Values present among published case studies, with counts (one pass over a few columns)."""
    qs = kp.case_studies_visible_to(viewer).filter(status=CaseStatus.PUBLISHED)
    country_counts, basin_counts, region_counts, year_counts = Counter(), Counter(), Counter(), Counter()
    for countries, basins, region, start, end in qs.values_list(
        "countries", "river_basins", "region", "period_start", "period_end"
    ):
        for code in [c for c in (countries or "").split(",") if c] if isinstance(countries, str) else countries:
            country_counts[str(code)] += 1
        for basin in {b.strip() for b in (basins or "").split(",") if b.strip()}:
            basin_counts[basin] += 1
        if region:
            region_counts[region] += 1
        first, last = start or end, end or start
        if first and last and last - first <= 60:
            for y in range(first, last + 1):
                year_counts[y] += 1
    tags = Counter(qs.values_list("tags__name", flat=True))
    tags.pop(None, None)
    names = dict(all_countries)
    return {
        "countries": sorted(((c, names.get(c, c), n) for c, n in country_counts.items()), key=lambda t: t[1]),
        "basins": sorted(basin_counts.items()),
        "regions": [(r, Region(r).label, region_counts[r]) for r in Region.values if region_counts[r]],
        "years": sorted(year_counts.items(), reverse=True),
        "tags": sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:30],
    }


def case_study_get(*, pk, viewer):
    case_study = (
        CaseStudy.objects.select_related("author", "source_thread__community")
        .prefetch_related("tools", "tags", "attachments")
        .get(pk=pk)
    )
    kp.check_can_view_case_study(viewer, case_study)
    return case_study


def case_study_history(*, case_study):
    return case_study.history.select_related("actor")


def case_study_queue():
    """What curators work on: submitted and in-review case studies, oldest first."""
    return (
        CaseStudy.objects.filter(status__in=[CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW])
        .select_related("author")
        .order_by("submitted_at", "pk")
    )


def case_study_list_by_author(*, author):
    return CaseStudy.objects.filter(author=author).order_by("-updated_at")


class ComparisonError(ValueError):
    pass


def case_study_compare(*, ids, viewer):
    """2 to 4 distinct visible case studies, in the order asked."""
    from django.utils.translation import gettext as _

    wanted = []
    for part in clean_param(ids).split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or len(part) > 12:
            raise ComparisonError(_("“%(v)s” is not a case study number.") % {"v": part[:20]})
        if int(part) not in wanted:
            wanted.append(int(part))
    if len(wanted) < 2:
        raise ComparisonError(_("Pick at least 2 case studies to compare."))
    if len(wanted) > 4:
        raise ComparisonError(_("You can compare at most 4 case studies at once."))
    found = {
        c.pk: c
        for c in kp.case_studies_visible_to(viewer, CaseStudy.objects.filter(pk__in=wanted)).prefetch_related(
            "tools", "tags"
        )
    }
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise ComparisonError(_("No case study %(ids)s.") % {"ids": ", ".join(missing)})
    return [found[pk] for pk in wanted]


# --- Discussions linking to an item ------------------------------------------------------


def linked_discussions(*, path, viewer, limit=10):
    """Threads whose visible posts contain ``path`` (a knowledge item's URL), and their communities."""

    thread_ids = posts_visible_to(viewer).filter(body__contains=path).values("thread_id")
    threads = list(
        threads_visible_to(viewer)
        .filter(pk__in=thread_ids, merged_into__isnull=True)
        .select_related("community")
        .order_by("-last_post_at")[:limit]
    )
    communities = []
    for thread in threads:
        if thread.community not in communities:
            communities.append(thread.community)
    return threads, communities


# --- Site search -------------------------------------------------------------------------


def knowledge_search(*, query, viewer, limit=20):
    """Tools, references and case studies matching ``query`` that ``viewer`` may read.

    Returns dicts: kind ("tool" | "reference" | "case_study"), kind_label, title, url,
    snippet, date (or None), object.  Drafts appear only to their author and staff.
    """
    from django.utils.translation import gettext as _

    query = clean_param(query)
    if not query:
        return []
    results = []
    for tool in tool_list(query=query)[:limit]:
        results.append({
            "kind": "tool", "kind_label": _("Tool"), "title": tool.title, "url": tool.get_absolute_url(),
            "snippet": tool.summary, "date": None, "object": tool,
        })  # fmt: skip
    for ref in kp.references_visible_to(viewer).filter(
        _text_query(query, ("title", "authors", "publisher", "summary"))
    )[:limit]:
        results.append({
            "kind": "reference", "kind_label": _("Reference"), "title": ref.title, "url": ref.get_absolute_url(),
            "snippet": ", ".join(filter(None, [ref.authors, str(ref.year or "")])), "date": None, "object": ref,
        })  # fmt: skip
    cases = kp.case_studies_visible_to(viewer).filter(
        _text_query(query, ("title", "summary", "river_basins", "context", "actions", "outcomes", "lessons"))
    )
    for case in cases[:limit]:
        results.append({
            "kind": "case_study", "kind_label": _("Case study"), "title": case.title,
            "url": case.get_absolute_url(), "snippet": case.summary or case.context[:200],
            "date": case.published_at, "object": case,
        })  # fmt: skip
    lowered = query.lower()
    results.sort(key=lambda r: (lowered not in r["title"].lower(), r["kind"] != "tool"))
    return results[:limit]
