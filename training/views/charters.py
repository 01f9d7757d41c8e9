"""Charter: draft, assemble, versions, diff, print, PDF, submission, review, launch."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from training import permissions as perms
from training import services
from training.diff import has_changes, line_diff
from training.forms import CharterDraftForm, ReviewForm
from training.models import CharterDraft, CharterStatus, CharterVersion
from training.pdf import charter_pdf_bytes
from training.selectors import programme_get
from training.views._helpers import apply_errors, form_data, kept_form_data, login_keeping_form, render_form
from training.views.programmes import programme_context


def _version(programme, number):
    return get_object_or_404(CharterVersion.objects.select_related("decided_by"), programme=programme, number=number)


@login_keeping_form
def charter(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    draft = CharterDraft.objects.filter(programme=programme).first()
    can_edit = perms.can_edit_programme(request.user, programme) and programme.community_id is None
    form = CharterDraftForm(form_data(request) if can_edit else None, instance=draft)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.charter_draft_save(actor=request.user, programme=programme, **form.cleaned_data)
                if request.POST.get("assemble"):
                    version = services.charter_assemble(actor=request.user, programme=programme)
                    messages.success(request, _("Charter version %(n)s assembled.") % {"n": version.number})
                    return redirect(version)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Draft saved."))
                return redirect("training:charter", pk=programme.pk)
    versions = programme.charter_versions.select_related("created_by")
    context = programme_context(request, programme, form=form, versions=versions, can_edit_charter=can_edit,
                                preview=services.charter_text(services.charter_content(programme)) if draft else "")  # fmt: skip
    return render_form(request, "training/charter_form.html", context, form)


def _charter_url(request, pk, **kwargs):
    return reverse("training:charter", kwargs={"pk": pk})


def _version_url(request, pk, number):
    return reverse("training:charter-version", kwargs={"pk": pk, "number": number})


@require_POST
@login_keeping_form(back=_charter_url)
def charter_assemble(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    try:
        version = services.charter_assemble(actor=request.user, programme=programme)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("training:charter", pk=programme.pk)
    messages.success(request, _("Charter version %(n)s assembled.") % {"n": version.number})
    return redirect(version)


@login_keeping_form
def charter_version(request, pk, number):
    programme = programme_get(pk=pk, viewer=request.user)
    version = _version(programme, number)
    latest = programme.charter_versions.order_by("-number").values_list("number", flat=True).first()
    context = programme_context(
        request,
        programme,
        version=version,
        is_latest=latest == version.number,
        previous=version.number - 1 if version.number > 1 else None,
        comments=version.comments.select_related("author"),
        can_submit=perms.can_submit_charter(request.user, programme)
        and latest == version.number
        and version.status in (CharterStatus.DRAFT, CharterStatus.CHANGES),
        can_review=perms.can_review_charter(request.user, programme) and version.status == CharterStatus.SUBMITTED,
        can_launch=perms.can_launch_programme(request.user, programme) and version.status == CharterStatus.APPROVED,
        review_form=ReviewForm(kept_form_data(request, "review")),
    )
    return render(request, "training/charter_detail.html", context)


@login_keeping_form
def charter_diff(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    numbers = list(programme.charter_versions.order_by("number").values_list("number", flat=True))
    try:
        a = int(request.GET.get("a") or (numbers[-2] if len(numbers) > 1 else 0))
        b = int(request.GET.get("b") or (numbers[-1] if numbers else 0))
    except ValueError:
        a = b = 0
    old, new = _version(programme, a), _version(programme, b)
    rows = line_diff(old.text, new.text)
    context = programme_context(
        request, programme, old=old, new=new, rows=rows, changed=has_changes(rows), numbers=numbers
    )
    return render(request, "training/charter_diff.html", context)


@login_keeping_form
def charter_pdf(request, pk, number):
    programme = programme_get(pk=pk, viewer=request.user)
    version = _version(programme, number)
    response = HttpResponse(charter_pdf_bytes(version), content_type="application/pdf")
    filename = f"charter-{slugify(programme.proposed_name) or programme.pk}-v{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@login_keeping_form(back=_version_url)
def charter_submit(request, pk, number):
    programme = programme_get(pk=pk, viewer=request.user)
    version = _version(programme, number)
    try:
        services.charter_submit(actor=request.user, version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Charter submitted: your staff experts will review it."))
    return redirect(version)


@require_POST
@login_keeping_form(back=_version_url, form_key="review")
def charter_review(request, pk, number):
    programme = programme_get(pk=pk, viewer=request.user)
    version = _version(programme, number)
    if not perms.can_review_charter(request.user, programme):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.charter_review(
                actor=request.user,
                version=version,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Review saved."))
            return redirect(version)
    context = programme_context(
        request, programme, version=version, review_form=form, can_review=True, is_latest=True,
        comments=version.comments.select_related("author"), previous=None,
    )  # fmt: skip
    return render(request, "training/charter_detail.html", context, status=400)


@login_keeping_form
def programme_launch_view(request, pk):
    programme = programme_get(pk=pk, viewer=request.user)
    if not perms.can_launch_programme(request.user, programme):
        raise PermissionDenied
    version = programme.charter_versions.filter(status=CharterStatus.APPROVED).order_by("-number").first()
    if request.method == "POST":
        try:
            community = services.programme_launch(actor=request.user, programme=programme)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s is launched.") % {"name": community.name})
            return redirect(community)
    return render(request, "training/programme_launch.html", programme_context(request, programme, version=version))
