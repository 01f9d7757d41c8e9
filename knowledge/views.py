"""Knowledge base pages: thin views over selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from discussions.models import Thread
from discussions.permissions import check_can_view_thread
from discussions.views.threads import thread_page
from hub.responses import REJECTED, render_form, render_rejected
from knowledge import permissions as kp
from knowledge import selectors, services
from knowledge.forms import CaseStudyForm, PromoteForm, ReferenceForm, ReviewForm
from knowledge.models import CaseStatus, CaseStudy, CaseStudyAttachment, Category, Reference, Region, Tool
from uploads import file_response

PER_PAGE = 20


def _page(request, qs):
    return Paginator(qs, PER_PAGE).get_page(selectors.clean_param(request.GET.get("page")) or 1)


def _error_text(exc):
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def home(request):
    query = selectors.clean_param(request.GET.get("q"))
    results = selectors.knowledge_search(query=query, viewer=request.user, limit=40) if query else None
    counts = dict(Tool.objects.values_list("category").annotate(n=Count("pk")).order_by())
    categories = [(value, label, counts.get(value, 0)) for value, label in Category.choices]
    latest = selectors.case_study_list(viewer=request.user)[:6]
    return render(
        request,
        "knowledge/knowledge_home.html",
        {"query": query, "results": results, "categories": categories, "latest_cases": latest},
    )


# --- Tools --------------------------------------------------------------------------------


def tool_list(request):
    query = selectors.clean_param(request.GET.get("q"))
    category = selectors.clean_param(request.GET.get("category"))
    tools = list(selectors.tool_list(query=query, category=category))
    groups = [(value, label, [t for t in tools if t.category == value]) for value, label in Category.choices]
    return render(
        request,
        "knowledge/tool_list.html",
        {"groups": [g for g in groups if g[2]], "query": query, "category": category, "categories": Category.choices},
    )


def tool_detail(request, slug):
    try:
        tool = selectors.tool_get(slug=slug, viewer=request.user)
    except Tool.DoesNotExist:
        raise Http404 from None
    threads, communities = selectors.linked_discussions(path=tool.get_absolute_url(), viewer=request.user)
    return render(request, "knowledge/tool_detail.html", {"tool": tool, "threads": threads, "communities": communities})


# --- References ---------------------------------------------------------------------------


def reference_list(request):
    query = selectors.clean_param(request.GET.get("q"))
    tag = selectors.clean_param(request.GET.get("tag"))
    year = selectors.clean_year(request.GET.get("year"))
    tool = selectors.clean_param(request.GET.get("tool"))
    qs = selectors.reference_list(viewer=request.user, query=query, tag=tag, year=year, tool=tool)
    return render(
        request,
        "knowledge/reference_list.html",
        {
            "page_obj": _page(request, qs),
            "facets": selectors.reference_facets(viewer=request.user),
            "query": query,
            "tag": tag,
            "year": year,
            "can_curate": kp.can_curate_knowledge(request.user),
        },
    )


def reference_detail(request, pk):
    reference = get_object_or_404(
        Reference.objects.select_related("source_thread__community").prefetch_related("tags", "related_tools"), pk=pk
    )
    kp.check_can_view_reference(request.user, reference)
    threads, communities = selectors.linked_discussions(path=reference.get_absolute_url(), viewer=request.user)
    return render(
        request,
        "knowledge/reference_detail.html",
        {
            "reference": reference,
            "threads": threads,
            "communities": communities,
            "can_curate": kp.can_curate_knowledge(request.user),
        },
    )


def reference_file(request, pk):
    reference = get_object_or_404(Reference, pk=pk)
    kp.check_can_view_reference(request.user, reference)
    if not reference.file:
        raise Http404
    return file_response(reference.file, filename=f"reference-{reference.pk}.pdf", content_type="application/pdf")


@login_required
def reference_edit(request, pk=None):
    if not kp.can_curate_knowledge(request.user):
        raise PermissionDenied
    reference = get_object_or_404(Reference, pk=pk) if pk else None
    form = ReferenceForm(request.POST or None, request.FILES or None, instance=reference)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("tags", "related_tools", "file")}
        try:
            reference = services.reference_save(
                actor=request.user,
                data=data,
                tags=form.cleaned_data["tags"],
                related_tools=form.cleaned_data["related_tools"],
                file=form.cleaned_data.get("file") or None,
                reference=reference,
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Reference saved."))
            return redirect(reference)
    return render_form(request, "knowledge/reference_form.html", {"form": form, "reference": reference}, form)


# --- Case studies -------------------------------------------------------------------------


def _case_filters(request):
    return {
        "query": selectors.clean_param(request.GET.get("q")),
        "country": selectors.country_code(request.GET.get("country")),
        "basin": selectors.clean_param(request.GET.get("basin")),
        "region": selectors.clean_param(request.GET.get("region")),
        "tag": selectors.clean_param(request.GET.get("tag")),
        "year": selectors.clean_year(request.GET.get("year")),
        "tool": selectors.clean_param(request.GET.get("tool")),
    }


def case_list(request):
    filters = _case_filters(request)
    qs = selectors.case_study_list(viewer=request.user, **filters)
    return render(
        request,
        "knowledge/case_list.html",
        {
            "page_obj": _page(request, qs),
            "facets": selectors.case_study_facets(viewer=request.user),
            "filters": filters,
            "regions": Region.choices,
        },
    )


def _case(request, pk):
    try:
        return selectors.case_study_get(pk=pk, viewer=request.user)
    except CaseStudy.DoesNotExist:
        raise Http404 from None


def case_detail(request, pk):
    case_study = _case(request, pk)
    return _case_page(request, case_study)


def _case_page(request, case_study, *, status=200, review_form=None):
    """The case study page; a rejected review re-renders it with the bound form and 400."""
    threads, communities = selectors.linked_discussions(path=case_study.get_absolute_url(), viewer=request.user)
    can_curate = kp.can_curate_knowledge(request.user)
    is_author = request.user.is_authenticated and case_study.author_id == request.user.pk
    return render(
        request,
        "knowledge/case_detail.html",
        {
            "case": case_study,
            "threads": threads,
            "communities": communities,
            "history": selectors.case_study_history(case_study=case_study) if (can_curate or is_author) else None,
            "can_edit": kp.can_edit_case_study(request.user, case_study),
            "can_submit": kp.can_submit_case_study(request.user, case_study),
            "can_curate": can_curate,
            "review_form": (review_form or ReviewForm()) if can_curate else None,
            "statuses": CaseStatus,
        },
        status=status,
    )


def case_attachment(request, pk, attachment_id):
    attachment = get_object_or_404(
        CaseStudyAttachment.objects.select_related("case_study"), pk=attachment_id, case_study_id=pk
    )
    kp.check_can_view_case_study(request.user, attachment.case_study)
    return file_response(
        attachment.file,
        inline=attachment.is_image,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
@require_POST
def case_attachment_remove(request, pk, attachment_id):
    attachment = get_object_or_404(
        CaseStudyAttachment.objects.select_related("case_study"), pk=attachment_id, case_study_id=pk
    )
    kp.check_can_view_case_study(request.user, attachment.case_study)
    if not kp.can_edit_case_study(request.user, attachment.case_study):
        raise PermissionDenied
    services.case_study_attachment_remove(actor=request.user, attachment=attachment)
    messages.success(request, _("“%(name)s” was removed.") % {"name": attachment.original_name})
    return redirect("knowledge:case-edit", pk=pk)


@login_required
def case_create(request):
    form = CaseStudyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_study = services.case_study_create(
                author=request.user,
                data=form.case_data(),
                tools=form.cleaned_data["tools"],
                tags=form.cleaned_data["tags"],
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            form.add_error("attachments", _error_text(exc))
        else:
            if request.POST.get("submit_now"):
                return _submit(request, case_study)
            messages.success(request, _("Draft saved. Submit it for review when it is ready."))
            return redirect(case_study)
    return render_form(request, "knowledge/case_form.html", {"form": form, "case": None}, form)


@login_required
def case_edit(request, pk):
    case_study = get_object_or_404(CaseStudy, pk=pk)
    kp.check_can_view_case_study(request.user, case_study)
    if not kp.can_edit_case_study(request.user, case_study):
        raise PermissionDenied
    form = CaseStudyForm(request.POST or None, request.FILES or None, instance=case_study)
    if request.method == "POST" and form.is_valid():
        try:
            case_study = services.case_study_update(
                actor=request.user,
                case_study=CaseStudy.objects.get(pk=pk),
                data=form.case_data(),
                tools=form.cleaned_data["tools"],
                tags=form.cleaned_data["tags"],
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            form.add_error("attachments", _error_text(exc))
        else:
            if request.POST.get("submit_now") and kp.can_submit_case_study(request.user, case_study):
                return _submit(request, case_study)
            messages.success(request, _("Changes saved."))
            return redirect(case_study)
    return render_form(request, "knowledge/case_form.html", {"form": form, "case": case_study}, form)


def _submit(request, case_study, *, saved=True):
    """Submit for review; when refused, the edit form says why (400 unless a save just succeeded)."""
    try:
        services.case_study_submit(actor=request.user, case_study=case_study)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        if saved:
            return redirect("knowledge:case-edit", pk=case_study.pk)
        context = {"form": CaseStudyForm(instance=case_study), "case": case_study}
        return render_rejected(request, "knowledge/case_form.html", context)
    messages.success(request, _("Thank you! Your case study was sent to the curators."))
    return redirect(case_study)


@login_required
@require_POST
def case_submit(request, pk):
    case_study = get_object_or_404(CaseStudy, pk=pk)
    kp.check_can_view_case_study(request.user, case_study)
    if not kp.can_submit_case_study(request.user, case_study):
        raise PermissionDenied
    return _submit(request, case_study, saved=False)


@login_required
@require_POST
def case_review(request, pk):
    case_study = get_object_or_404(CaseStudy.objects.select_related("author"), pk=pk)
    kp.check_can_view_case_study(request.user, case_study)
    if not kp.can_curate_knowledge(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action; comments are at most 5,000 characters."))
        return _case_page(request, _case(request, pk), status=REJECTED, review_form=form)
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
    actions = {
        "start_review": lambda: services.case_study_start_review(actor=request.user, case_study=case_study),
        "comment": lambda: services.case_study_comment(actor=request.user, case_study=case_study, comment=comment),
        "return": lambda: services.case_study_return(actor=request.user, case_study=case_study, comment=comment),
        "publish": lambda: services.case_study_publish(actor=request.user, case_study=case_study, comment=comment),
        "decline": lambda: services.case_study_decline(actor=request.user, case_study=case_study, reason=comment),
    }
    try:
        actions[action]()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc) or _("That action is not possible now."))
        return _case_page(request, _case(request, pk), status=REJECTED, review_form=form)
    else:
        messages.success(request, _("Done: the author has been notified."))
    return redirect(case_study)


@login_required
def case_mine(request):
    return render(
        request,
        "knowledge/case_mine.html",
        {"cases": selectors.case_study_list_by_author(author=request.user)},
    )


@login_required
def case_queue(request):
    if not kp.can_curate_knowledge(request.user):
        raise PermissionDenied
    return render(request, "knowledge/case_queue.html", {"cases": selectors.case_study_queue()})


def case_compare(request):
    raw = ",".join(request.GET.getlist("ids"))
    error, cases = None, []
    if raw:
        try:
            cases = selectors.case_study_compare(ids=raw, viewer=request.user)
        except selectors.ComparisonError as exc:
            error = str(exc)
    status = 400 if error else 200
    # "Compare with…" on a case study opens the picker with that case already ticked.
    with_pk = request.GET.get("with", "")
    with_pk = int(with_pk) if with_pk.isascii() and with_pk.isdigit() and len(with_pk) <= 12 else None
    choices = (
        selectors.case_study_list(viewer=request.user)
        .select_related(None)
        .prefetch_related(None)
        .only("pk", "title")[:200]
    )
    return render(
        request,
        "knowledge/case_compare.html",
        {
            "cases": cases,
            "error": error,
            "choices": choices,
            "ids": ",".join(str(c.pk) for c in cases),
            "with_pk": with_pk,
        },
        status=status,
    )


# --- Promoting a discussion ---------------------------------------------------------------


@login_required
@require_POST
def promote_thread(request, thread_id):
    thread = get_object_or_404(Thread.objects.select_related("community"), pk=thread_id)

    check_can_view_thread(request.user, thread)
    if not kp.can_promote_thread(request.user, thread):
        raise PermissionDenied
    form = PromoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a case study or a reference."))
        return thread_page(request, thread, status=REJECTED)
    item = services.thread_promote(actor=request.user, thread=thread, kind=form.cleaned_data["kind"])
    messages.success(request, _("A draft was created from the discussion. Complete it before publishing."))
    if isinstance(item, CaseStudy):
        return redirect("knowledge:case-edit", pk=item.pk)
    return redirect(item)
